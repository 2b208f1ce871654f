import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { useSandboxes, post, type Attack } from './sandbox.js';

/** Where pages and copied files may land: inside the output folder, on a path nothing else claims. */
const sandbox = useSandboxes();

/** The build refused: exit code, the message at file:line, nothing changed outside the output, the last good site intact. */
function expectRefused(r: Attack, code: number, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(code);
  expect(r.outsideChanges).toEqual([]);
  expect(r.siteChanges).toEqual([]);
}

const evil = (permalink: string, extra: Record<string, string> = {}) =>
  post({ title: 'Evil', date: '2026-01-05', layout: 'false', ...extra, permalink: JSON.stringify(permalink) }, '#!/bin/sh\necho pwned\n');

test('a permalink leading out of the output folder (../) is refused at its line; nothing is written there', async () => {
  const s = sandbox();
  s.write('posts/evil.md', evil('../../sibling/pwned.sh'));
  const r = await s.run(['build']);
  expectRefused(r, 1, /^posts\/evil\.md:5: error: front matter "permalink": "\.\.\/\.\.\/sibling\/pwned\.sh" leads out of its folder/m);
  expect(existsSync(path.join(s.sibling, 'pwned.sh'))).toBe(false);
});

test('a permalink into .git/hooks (with eleventyAllowMissingExtension) is refused', async () => {
  const s = sandbox();
  s.write('posts/evil.md', evil('../.git/hooks/post-checkout', { eleventyAllowMissingExtension: 'true' }));
  const r = await s.run(['build']);
  expectRefused(r, 1, /^posts\/evil\.md:6: error: front matter "permalink": "\.\.\/\.git\/hooks\/post-checkout" leads out/m);
  expect(existsSync(path.join(s.project, '.git'))).toBe(false);
});

test('a permalink on the site\'s stylesheet is refused; the stylesheet is intact', async () => {
  const s = sandbox();
  const css = readFileSync(path.join(s.project, '_site/assets/css/lemma.css'));
  s.write('posts/evil.md', evil('/assets/css/lemma.css'));
  const r = await s.run(['build']);
  expectRefused(r, 1, /^posts\/evil\.md:5: error: front matter "permalink": "\/assets\/css\/lemma\.css" is inside \/assets\/, which belongs to the site itself/m);
  expect(readFileSync(path.join(s.project, '_site/assets/css/lemma.css')).equals(css)).toBe(true);
});

test('a permalink inside the search index (/pagefind/) is refused', async () => {
  const s = sandbox();
  s.write('posts/evil.md', evil('/pagefind/pagefind.js'));
  expectRefused(await s.run(['build']), 1, /^posts\/evil\.md:5: error: front matter "permalink": "\/pagefind\/pagefind\.js" is inside \/pagefind\/.*search index/m);
});

test('a permalink on a copied image is refused, naming the image', async () => {
  const s = sandbox();
  s.write('posts/figure.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  s.write('posts/evil.md', evil('/posts/figure.svg'));
  expectRefused(await s.run(['build']), 1, /^posts\/evil\.md:5: error: front matter "permalink": this post would be published at \/posts\/figure\.svg, which the copied file posts\/figure\.svg already writes/m);
});

test('a permalink on one of the site\'s own pages (/about/) is refused, naming the page', async () => {
  const s = sandbox();
  s.write('posts/evil.md', post({ title: 'Evil', date: '2026-01-05', permalink: '/about/' }, 'Mine now.\n'));
  expectRefused(await s.run(['build']), 1, /^posts\/evil\.md:4: error: front matter "permalink": .*site\/pages\/about\.md \(\/about\/\) already writes/m);
});

test('a permalink below a paginated page (/tags/math/) is refused', async () => {
  const s = sandbox();
  s.write('posts/evil.md', post({ title: 'Evil', date: '2026-01-05', permalink: '/tags/math/' }, 'Mine now.\n'));
  expectRefused(await s.run(['build']), 1, /^posts\/evil\.md:4: error: front matter "permalink": .*site\/pages\/tag\.njk \(every page below \/tags\/\)/m);
});

test('template code in a permalink is refused (a post\'s permalink is a plain path)', async () => {
  const s = sandbox();
  s.write('posts/evil.md', post({ title: 'Evil', date: '2026-01-05', permalink: '"/x/{{ \'\' | safe }}/"' }, 'x\n'));
  expectRefused(await s.run(['build']), 1, /^posts\/evil\.md:4: error: front matter "permalink": .* holds template code/m);
});

test('two posts claiming one URL are refused before writing, both named', async () => {
  const s = sandbox();
  s.write('posts/good/index.md', post({ title: 'Twin', date: '2026-01-05' }, 'Twin.\n'));
  const r = await s.run(['build']);
  expectRefused(r, 1, /would both be published at \/posts\/good\//);
  expect(r.stderr).toMatch(/^posts\/good\/index\.md:1: error: front matter "permalink": this post and posts\/good\.md/m);
});

test('a symlink to a file outside the project is refused, never copied', async () => {
  const s = sandbox();
  symlinkSync(path.join(s.sibling, 'keep.txt'), path.join(s.project, 'posts/leak.png'));
  const r = await s.run(['build']);
  expectRefused(r, 1, /^posts\/leak\.png:1: error: a symbolic link to .*sibling\/keep\.txt, outside the project/m);
  expect(existsSync(path.join(s.project, '_site/posts/leak.png'))).toBe(false);
});

test('a symlinked folder leading out of the project is refused', async () => {
  const s = sandbox();
  symlinkSync(path.join(s.sibling, 'nested'), path.join(s.project, 'posts/elsewhere'));
  expectRefused(await s.run(['build']), 1, /^posts\/elsewhere:1: error: a symbolic link to .*sibling\/nested, outside the project/m);
});

test('a symlink in site/ (a layout) leading out of the project is refused', async () => {
  const s = sandbox();
  symlinkSync(path.join(s.sibling, 'nested/secret.md'), path.join(s.project, 'site/_includes/layouts/secret.njk'));
  const r = await s.run(['build']);
  expectRefused(r, 1, /^site\/_includes\/layouts\/secret\.njk:1: error: a symbolic link to .*sibling\/nested\/secret\.md, outside the project/m);
  expect(r.stderr).not.toContain('SECRET-CONTENT-42');
});

test('a symlink inside the project is published as the file it points at, never as a link', async () => {
  const s = sandbox();
  symlinkSync('../site/assets/favicon.svg', path.join(s.project, 'posts/icon.svg'));
  const r = await s.run(['build']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const copied = path.join(s.project, '_site/posts/icon.svg');
  expect(lstatSync(copied).isSymbolicLink()).toBe(false);
  expect(readFileSync(copied).equals(readFileSync(path.join(s.project, 'site/assets/favicon.svg')))).toBe(true);
  expect(r.outsideChanges).toEqual([]);
});

test('a layout outside site/_includes is refused at its line', async () => {
  const s = sandbox();
  s.write('posts/evil.md', post({ title: 'Evil', date: '2026-01-05', layout: '../../../sibling/nested/secret.md' }, 'x\n'));
  const r = await s.run(['build']);
  expectRefused(r, 1, /^posts\/evil\.md:4: error: front matter "layout": "\.\.\/\.\.\/\.\.\/sibling\/nested\/secret\.md" is not a layout in site\/_includes/m);
  expect(r.stderr).not.toContain('SECRET-CONTENT-42');
});

test.each([
  ['site', /^--output site: that is the project's site\/ folder/m],
  ['.', /^--output \.: that is the project folder itself/m],
  ['posts', /^--output posts: that is the project's posts\/ folder/m],
  ['..', /^--output \.\.: that folder holds the project/m],
  ['site/assets/out', /^--output site\/assets\/out: that is inside the project's site\/ folder/m],
  ['.git', /^--output \.git: that is the project's \.git\/ folder/m],
])('--output %s is refused with exit 2, nothing written', async (output, message) => {
  const s = sandbox();
  const r = await s.run(['build', '--output', output]);
  expectRefused(r, 2, message);
});

test('--output through a symlink to site/ is refused too (real paths are compared)', async () => {
  const s = sandbox();
  symlinkSync('site', path.join(s.project, 'out'));
  expectRefused(await s.run(['build', '--output', 'out']), 2, /^--output out: that is the project's site\/ folder, which the build reads/m);
});

test('Markdown outside posts/ and site/pages/ is never a page, and its ---js never runs', async () => {
  const s = sandbox();
  const marker = path.join(s.sibling, 'pwned');
  const js = `---js\n{ title: (require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'Ran') }\n---\nx\n`;
  s.write('CONTRIBUTING.md', js);
  s.write('docs/internals.md', js);
  const r = await s.run(['build']);
  expect(r.code).toBe(0);
  expect(existsSync(marker)).toBe(false);
  expect(existsSync(path.join(s.project, '_site/CONTRIBUTING'))).toBe(false);
  expect(existsSync(path.join(s.project, '_site/docs'))).toBe(false);
  expect(r.outsideChanges).toEqual([]);
});
