import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, builtTemplate } from './sandbox.js';

/** A wrong setting names the key and the fix; nothing is written. */
let template: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => void (template = await builtTemplate()));
afterAll(() => {
  for (const s of sandboxes) s.remove();
  rmSync(template, { recursive: true, force: true });
});

function withSettings(change: Record<string, unknown>): Sandbox {
  const s = Sandbox.from(template);
  sandboxes.push(s);
  const file = path.join(s.project, 'site/site.json');
  s.write('site/site.json', JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...change }, null, 2));
  return s;
}

test('"pathPrefix": 5 is refused naming the key (it crashed with prefix.trim is not a function)', async () => {
  const r = await withSettings({ pathPrefix: 5 }).run(['build']);
  expect(r.stderr).toMatch(/^site\/site\.json: "pathPrefix" must be a path such as "\/" or "\/repo\/" \(got 5\)\./m);
  expect(r.stderr).not.toContain('is not a function');
  expect(r.code).toBe(2);
  expect(r.outsideChanges).toEqual([]);
  expect(r.siteChanges).toEqual([]);
});

test('a language that is not a language tag is refused naming the key (it said only "Error in your Eleventy config file")', async () => {
  const r = await withSettings({ language: 'english please' }).run(['build']);
  expect(r.stderr).toMatch(/^site\/site\.json: "language" must be a language tag such as "en", "de" or "pt-BR" \(got "english please"\)\./m);
  expect(r.code).toBe(2);
  expect(r.siteChanges).toEqual([]);
});

test('the dev server names a bad setting too, not only "Error in your Eleventy config file"', async () => {
  const r = await withSettings({ language: 'english please' }).run(['serve', '--port', '1']);
  expect(r.stderr).toMatch(/^site\/site\.json: "language" must be a language tag/m);
  expect(r.code).toBe(2);
});

test('an unknown key is warned about, with a "did you mean"', async () => {
  const r = await withSettings({ pathprefix: '/blog/', autor: { name: 'x' } }).run(['build']);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/^site\/site\.json: warning: unknown setting "pathprefix" is ignored\. Did you mean "pathPrefix"\?$/m);
  expect(r.stderr).toMatch(/^site\/site\.json: warning: unknown setting "autor" is ignored\. Did you mean "author"\?$/m);
  expect(r.stderr.match(/unknown setting "pathprefix"/g)).toHaveLength(1);
  expect(r.outsideChanges).toEqual([]);
});

test('"allowJavaScriptInPosts" must be true or false', async () => {
  const r = await withSettings({ allowJavaScriptInPosts: 'yes' }).run(['build']);
  expect(r.stderr).toMatch(/^site\/site\.json: "allowJavaScriptInPosts" must be true or false \(got "yes"\)\./m);
  expect(r.code).toBe(2);
  expect(r.siteChanges).toEqual([]);
});
