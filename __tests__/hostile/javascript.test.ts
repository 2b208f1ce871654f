import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { useSandboxes, type Sandbox } from './sandbox.js';

/** JavaScript front matter and data files run at build time: refused in posts, and everywhere for untrusted changes. */
const sandbox = useSandboxes();

/** Front matter whose code, if run, leaves a file in the sibling folder. */
const jsFrontMatter = (marker: string, more = `date: '2026-01-03'`) =>
  ['---js', `{ title: (require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'Ran'), ${more} }`, '---', 'Body.', ''].join('\n');
const jsDataFile = (marker: string) => `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { tags: ['ran'] };\n`;

function allowJavaScript(s: Sandbox): void {
  const file = path.join(s.project, 'site/site.json');
  s.write('site/site.json', JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), allowJavaScriptInPosts: true }));
}

test('---js front matter in a post is refused by default, naming the file, and never runs', async () => {
  const s = sandbox();
  const marker = path.join(s.sibling, 'pwned');
  s.write('posts/evil.md', jsFrontMatter(marker));
  const r = await s.run(['build']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^posts\/evil\.md:1: error: JavaScript front matter \(---js\) is off for posts.*"allowJavaScriptInPosts": true/m);
  expect(r.stderr).toContain('Nothing was written');
  expect(existsSync(marker)).toBe(false);
  expect(r.outsideChanges).toEqual([]);
  expect(r.siteChanges).toEqual([]);
});

test('a *.11tydata.js data file beside posts is refused by default and never runs', async () => {
  const s = sandbox();
  const marker = path.join(s.sibling, 'pwned');
  s.write('posts/good.11tydata.mjs', jsDataFile(marker));
  const r = await s.run(['build']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^posts\/good\.11tydata\.mjs:1: error: JavaScript data files are off for posts/m);
  expect(existsSync(marker)).toBe(false);
  expect(r.outsideChanges).toEqual([]);
  expect(r.siteChanges).toEqual([]);
});

test('a JavaScript global data file (site/_data/*.js, data of every post) is refused by default', async () => {
  const s = sandbox();
  const marker = path.join(s.sibling, 'pwned');
  s.write('site/_data/extra.cjs', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); module.exports = {};\n`);
  const r = await s.run(['build']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^site\/_data\/extra\.cjs:1: error: JavaScript data files are off for posts \(site\/_data is data of every post\)/m);
  expect(existsSync(marker)).toBe(false);
  expect(r.outsideChanges).toEqual([]);
  expect(r.siteChanges).toEqual([]);
});

test('with "allowJavaScriptInPosts": true the same front matter runs (the attack above is real)', async () => {
  const s = sandbox();
  allowJavaScript(s);
  const marker = path.join(s.sibling, 'pwned');
  s.write('posts/evil.md', jsFrontMatter(marker));
  const r = await s.run(['build']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(readFileSync(marker, 'utf8')).toBe('ran');
  expect(readFileSync(path.join(s.project, '_site/posts/evil/index.html'), 'utf8')).toContain('<title>Ran');
});

test('LEMMA_UNTRUSTED=1 refuses JavaScript in posts/ and site/ whatever the settings say', async () => {
  const s = sandbox();
  allowJavaScript(s);
  const marker = path.join(s.sibling, 'pwned');
  s.write('posts/evil.md', jsFrontMatter(marker));
  s.write('site/_data/extra.js', jsDataFile(marker));
  s.write('site/pages/pages.11tydata.cjs', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); module.exports = {};\n`);
  const r = await s.run(['build'], { env: { LEMMA_UNTRUSTED: '1' } });
  expect(r.code).toBe(1);
  const untrusted = 'not run for untrusted changes (pull requests from forks';
  expect(r.stderr).toMatch(new RegExp(`^posts/evil\\.md:1: error: JavaScript front matter \\(---js\\) is ${untrusted.replace(/[()]/g, '\\$&')}`, 'm'));
  expect(r.stderr).toMatch(new RegExp(`^site/_data/extra\\.js:1: error: JavaScript data files are ${untrusted.replace(/[()]/g, '\\$&')}`, 'm'));
  expect(r.stderr).toMatch(/^site\/pages\/pages\.11tydata\.cjs:1: error: JavaScript data files are not run for untrusted changes/m);
  expect(existsSync(marker)).toBe(false);
  expect(r.outsideChanges).toEqual([]);
  expect(r.siteChanges).toEqual([]);
});

test('LEMMA_UNTRUSTED=1 also refuses JavaScript front matter in the site\'s own pages', async () => {
  const s = sandbox();
  const marker = path.join(s.sibling, 'pwned');
  s.write('site/pages/extra.md', jsFrontMatter(marker, `permalink: '/extra/', layout: 'layouts/page.njk'`));
  const trusted = await s.run(['build', '--output', 'out']);
  // A trusted build runs the site's own pages as Eleventy does.
  expect(trusted.code).toBe(0);
  expect(existsSync(marker)).toBe(true);
  rmSync(marker);
  const r = await s.run(['build'], { env: { LEMMA_UNTRUSTED: '1' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^site\/pages\/extra\.md:1: error: JavaScript front matter \(---js\) is not run for untrusted changes/m);
  expect(existsSync(marker)).toBe(false);
  expect(r.siteChanges).toEqual([]);
});

test('a permalink computed by allowed JavaScript front matter still cannot leave the output folder', async () => {
  const s = sandbox();
  allowJavaScript(s);
  s.write('posts/computed.md', "---js\n{ title: 'Computed', date: '2026-01-03', layout: false, permalink: ['..', '..', 'sibling', 'pwned.sh'].join('/') }\n---\necho pwned\n");
  const r = await s.run(['build']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^Build stopped: these pages would be written outside the output folder:\n {2}posts\/computed\.md → \/\.\.\/\.\.\/sibling\/pwned\.sh$/m);
  expect(existsSync(path.join(s.sibling, 'pwned.sh'))).toBe(false);
  expect(r.outsideChanges).toEqual([]);
  expect(r.siteChanges).toEqual([]);
});
