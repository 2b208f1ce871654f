import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { render } from '../helpers/render.js';
import { makeProject, post, runCli } from '../helpers/project.js';
import { clip, summaryOf } from '../../src/site/summary.js';

describe('the automatic summary of a post (real Markdown, real KaTeX)', () => {
  test('is the first paragraph, equations as their TeX, footnote marks and anchors left out', () => {
    const { html } = render(
      ['## Start', '', 'The softmax $\\sigma(z)_i = e^{z_i}$ of **logits**[^1] is smooth.', '', 'Second paragraph.', '', '[^1]: A note.'].join('\n'),
    );
    expect(summaryOf(html)).toBe('The softmax \\sigma(z)_i = e^{z_i} of logits is smooth.');
  });

  test('skips proofs, callouts and quotes to find the post’s own first paragraph', () => {
    const { html } = render(['::: details Proof', 'Inside the proof.', ':::', '', '::: note', 'A note.', ':::', '', '> Quoted.', '', 'Our own words.'].join('\n'));
    expect(summaryOf(html)).toBe('Our own words.');
  });

  test('is cut at a word near 200 characters; empty when there is no paragraph', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const summary = summaryOf(render(long).html);
    expect(summary.length).toBeLessThanOrEqual(201);
    expect(summary.endsWith('…')).toBe(true);
    expect(long.startsWith(summary.slice(0, -1))).toBe(true);
    expect(clip('short')).toBe('short');
    expect(summaryOf(render('```\ncode only\n```').html)).toBe('');
  });
});

describe('a post without description, built', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('shows its first paragraph in the list, the tag page, both feeds and the meta tags', async () => {
    const body = 'Bayes says $p(a \\mid b) \\propto p(b \\mid a)\\,p(a)$ & more.\n\nLater text.\n';
    dir = makeProject({
      'plain.md': post({ title: 'Plain', date: '2026-04-01', tags: '[prob]' }, body),
      'described.md': post({ title: 'Described', date: '2026-04-02', description: 'Its own words.' }, 'Body.\n'),
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(0);
    const expected = 'Bayes says p(a \\mid b) \\propto p(b \\mid a)\\,p(a) & more.';
    const site = (file: string) => readFileSync(path.join(dir, '_site', file), 'utf8');

    const home = load(site('index.html'));
    expect(home('.post-item').map((_, li) => home(li).find('.post-description').text()).get()).toEqual(['Its own words.', expected]);
    expect(load(site('tags/prob/index.html'))('.post-description').text()).toBe(expected);

    const page = load(site('posts/plain/index.html'));
    for (const selector of ['meta[name="description"]', 'meta[property="og:description"]', 'meta[name="twitter:description"]']) {
      expect(page(selector).attr('content')).toBe(expected);
    }
    expect(JSON.parse(page('script[type="application/ld+json"]').text()).description).toBe(expected);

    const atom = load(site('feed.xml'), { xmlMode: true });
    expect(atom('entry').map((_, e) => atom(e).find('summary').text()).get()).toEqual(['Its own words.', expected]);
    const json = JSON.parse(site('feed.json')) as { items: { summary?: string }[] };
    expect(json.items.map((item) => item.summary)).toEqual(['Its own words.', expected]);
  });
});
