import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck, type Problem } from '../../src/check/index.js';
import { makeProject } from '../helpers/project.js';

/** A built site of hand-written pages, checked as `lemma check` checks `_site/`. */
describe('the check points at what the author meant', () => {
  let dir: string;
  let problems: Problem[];

  const page = (body: string) => `<!doctype html><html lang="en"><head><title>t</title></head><body>\n${body}\n</body></html>\n`;

  beforeAll(async () => {
    dir = makeProject({});
    const site = path.join(dir, '_site');
    mkdirSync(path.join(site, 'posts/sac'), { recursive: true });
    writeFileSync(path.join(site, 'index.html'), page('<a href="/posts/sac/#SAC">SAC</a>\n<a href="/posts/sac/#policy">policy</a>'));
    writeFileSync(
      path.join(site, 'posts/sac/index.html'),
      page(['<h2 id="sac">SAC</h2>', '<p><a href="#intro"></a>Intro text.</p>', '<p><a href="#intro">back to the intro</a></p>',
        '<p><a href="">fill in later</a> and <img src="" alt="plot"></p>', '<p><a href="#sac-loss">loss</a></p>', '<h3 id="sac-losses">Losses</h3>'].join('\n')),
    );
    ({ problems } = await runCheck({ siteDir: '_site', projectRoot: dir, buildReport: null, scanStore: false }));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const about = (url: string, page: string) => problems.filter((p) => p.url === url && p.page === page);

  test('a fragment that differs only in case names the id', () => {
    const [problem] = about('/posts/sac/#SAC', '/');
    expect(problem.kind).toBe('fragment');
    expect(problem.message).toContain('The page has id "sac": fragments are case-sensitive, write #sac.');
  });

  test('an anchor written as an empty link is named as such, on itself and on links to it', () => {
    const onItself = about('#intro', '/posts/sac/');
    expect(onItself).toHaveLength(2);
    expect(onItself.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('This <a href="#intro"></a> is an empty link, not a target (an anchor written as a link): write <a id="intro"></a> to make it a target.'),
        expect.stringContaining('The page has an empty <a href="#intro"></a>, an anchor written as a link'),
      ]),
    );
  });

  test('a typo still gets the closest id', () => {
    expect(about('#sac-loss', '/posts/sac/')[0].message).toContain('Did you mean #sac-losses?');
    // No hint is invented where there is nothing close.
    expect(about('/posts/sac/#policy', '/')[0].message).toMatch(/has no element with id "policy"\.$/);
  });

  test('empty href and src are reported: the link as a warning, the image as an error', () => {
    const empty = problems.filter((p) => p.url === '' && p.page === '/posts/sac/');
    expect(empty.map((p) => [p.severity, p.kind, p.message])).toEqual(
      expect.arrayContaining([
        ['warning', 'link', 'Empty link: <a href=""> leads back to the page itself. Give it a URL, or remove the link.'],
        ['error', 'asset', 'Empty image URL: <img src=""> — the browser requests the page itself and shows nothing. Give it the file\'s URL, or remove it.'],
      ]),
    );
    expect(empty).toHaveLength(2);
  });
});
