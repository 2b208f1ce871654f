import MarkdownIt from 'markdown-it';
import { tex } from '@mdit/plugin-tex';
import { bracketMathPlugin } from '../../src/markdown/bracket-math.js';

/** plugin-tex's own rules, and the same with ours in their place. */
const theirs = new MarkdownIt().use(tex, { delimiters: 'brackets', render: () => '' });
const ours = new MarkdownIt().use(tex, { delimiters: 'brackets', render: () => '' }).use(bracketMathPlugin);

/** Tokens as comparable text: type, markup, content, map, and inline children. */
function tokens(md: MarkdownIt, text: string): string {
  return JSON.stringify(md.parse(text, {}).map((t) => [t.type, t.markup, t.content, t.map, t.children?.map((c) => [c.type, c.markup, c.content])]));
}

/** A small deterministic generator (no flaky inputs). */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('\\(…\\) and \\[…\\] in linear time', () => {
  test('read exactly as plugin-tex reads them, on 3,000 random documents of delimiters, escapes, indents and lists', () => {
    const pieces = ['\\(', '\\)', '\\[', '\\]', '\\\\', '\\', 'x', ' ', '\n', '\n\n', '  ', '- ', '> ', '`', '$', 'a+b'];
    const next = random(42);
    for (let doc = 0; doc < 3000; doc++) {
      let text = '';
      const length = 1 + Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      expect([text, tokens(ours, text)]).toEqual([text, tokens(theirs, text)]);
    }
  });

  test('a 400 KB line of \\( (minutes before) and 80,000 lines opening \\[ finish, as text', () => {
    const line = '\\('.repeat(200_000);
    const html = ours.render(line);
    // Markdown's backslash escape: each `\(` is a literal "(".
    expect(html).toBe(`<p>${'('.repeat(200_000)}</p>\n`);
    expect(html).not.toContain('math');
    const lines = '\\[ x\n'.repeat(80_000);
    expect(ours.parse(lines, {}).some((t) => t.type === 'math_block')).toBe(false);
  });

  test('a closing \\) after many openers still closes the first one', () => {
    const text = `${'\\('.repeat(1000)}x\\)`;
    const inline = ours.parse(text, {})[1].children!;
    expect(inline.filter((t) => t.type === 'math_inline')).toHaveLength(1);
    expect(tokens(ours, text)).toEqual(tokens(theirs, text));
  });
});
