import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { useSandboxes, post, type Attack, type Sandbox } from './sandbox.js';

/** What a post holds (front matter, bytes, math) never breaks the build, the feeds, or what is outside the site. */
const sandbox = useSandboxes();

function expectRefused(r: Attack, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(1);
  expect(r.outsideChanges).toEqual([]);
  expect(r.siteChanges).toEqual([]);
}

function expectBuilt(r: Attack): void {
  expect(r.code).toBe(0);
  expect(r.outsideChanges).toEqual([]);
}

const read = (s: Sandbox, file: string) => readFileSync(path.join(s.project, '_site', file), 'utf8');

test('a UTF-8 byte order mark before the front matter is accepted', async () => {
  const s = sandbox();
  s.write('posts/bom.md', `\uFEFF${post({ title: 'With BOM', date: '2026-01-05' }, 'Body.\n')}`);
  const r = await s.run(['build']);
  expect(r.stderr).toBe('');
  expectBuilt(r);
  expect(read(s, 'posts/bom/index.html')).toContain('<title>With BOM');
});

test('front matter never closed is named as such, at line 1', async () => {
  const s = sandbox();
  s.write('posts/open.md', '---\ntitle: Open\ndate: 2026-01-05\n\nBody, but no closing line.\n');
  expectRefused(await s.run(['build']), /^posts\/open\.md:1: error: front matter: the front matter opened by --- on line 1 is never closed/m);
});

test('a bare date as the title is the text the author wrote (one YAML reading)', async () => {
  const s = sandbox();
  s.write('posts/dated.md', post({ title: '2026-11-08', date: '2026-01-05' }, 'Body.\n'));
  const r = await s.run(['build']);
  expectBuilt(r);
  expect(read(s, 'posts/dated/index.html')).toContain('<title>2026-11-08 ·');
  expect(read(s, 'feed.xml')).toContain('<title>2026-11-08</title>');
  expect(read(s, 'feed.xml')).not.toContain('GMT');
});

test('a YAML alias bomb is refused with file and line, not expanded', async () => {
  const s = sandbox();
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]'];
  s.write('posts/bomb.md', ['---', 'title: Bomb', 'date: 2026-01-05', ...bomb, '---', 'x', ''].join('\n'));
  expectRefused(await s.run(['build']), /^posts\/bomb\.md:5: error: front matter is too large once its aliases \(\*name\) are expanded/m);
});

test('a file saved as Latin-1 is refused, naming the line of the first byte that is not UTF-8', async () => {
  const s = sandbox();
  s.write('posts/latin.md', Buffer.concat([Buffer.from(post({ title: 'Latin', date: '2026-01-05' }, 'Fine line.\n')), Buffer.from('Caf\xe9 cr\xe8me\n', 'latin1')]));
  expectRefused(await s.run(['build']), /^posts\/latin\.md:6: error: this file is not UTF-8 text/m);
});

test.each(['.', '..'])('a tag "%s" is refused at the line of tags, naming the post', async (tag) => {
  const s = sandbox();
  s.write('posts/dots.md', post({ title: 'Dots', date: '2026-01-05', tags: `[math, "${tag}"]` }, 'x\n'));
  expectRefused(await s.run(['build']), new RegExp(`^posts/dots\\.md:4: error: front matter "tags": "${tag.replace(/\./g, '\\.')}" has no letters or digits`, 'm'));
});

test('a 400 KB line of \\( builds (it took minutes), as text', async () => {
  const s = sandbox();
  s.write('posts/parens.md', post({ title: 'Parens', date: '2026-01-05' }, `${'\\('.repeat(200_000)}\n`));
  const r = await s.run(['build']);
  expectBuilt(r);
  expect(read(s, 'posts/parens/index.html')).toContain('('.repeat(1000));
});

test('control characters are dropped with a warning at file:line; feed.xml stays well-formed', async () => {
  const s = sandbox();
  s.write('posts/ff.md', post({ title: '"Form\\ffeed"', date: '2026-01-05' }, 'A page\fbreak.\n\nAn \u001b escape.\n'));
  const r = await s.run(['build']);
  expectBuilt(r);
  expect(r.stderr).toMatch(/^posts\/ff\.md:2: warning: front matter "title": control character dropped/m);
  expect(r.stderr).toMatch(/^posts\/ff\.md:5: warning: control character U\+000C dropped: it would make the feeds invalid XML/m);
  expect(r.stderr).toMatch(/^posts\/ff\.md:7: warning: control character U\+001B dropped/m);
  expect(XMLValidator.validate(read(s, 'feed.xml'))).toBe(true);
  expect(() => JSON.parse(read(s, 'feed.json'))).not.toThrow();
  expect(read(s, 'feed.xml')).toContain('A pagebreak.');
});

test('\\href{javascript:…}, \\url and \\includegraphics fail the build at their lines, and the check sees them', async () => {
  const s = sandbox();
  s.write('posts/links.md', post({ title: 'Links', date: '2026-01-05' }, 'Click $\\href{javascript:alert(1)}{x}$.\n\n$$\n\\url{https://example.com} \\includegraphics{a.png}\n$$\n'));
  const r = await s.run(['build']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^posts\/links\.md:5: error: \\href is not available in math: KaTeX runs with trust: false.*\[text\]\(https:\/\/…\)/m);
  expect(r.stderr).toMatch(/^posts\/links\.md:8: error: \\url is not available in math.*\\includegraphics is not available in math.*!\[description\]\(figure\.png\)/m);
  expect(r.outsideChanges).toEqual([]);
  // The TeX stays as text (the MathML annotation), never a link.
  expect(read(s, 'posts/links/index.html')).not.toMatch(/href="javascript:/i);
  const check = await s.run(['check']);
  expect(check.code).toBe(1);
  expect(check.stdout + check.stderr).toMatch(/posts\/links\.md:5 +error +math +\\href is not available in math/);
});
