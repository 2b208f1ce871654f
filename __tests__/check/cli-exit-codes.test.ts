import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeProject, runCli } from '../helpers/project.js';

const SETTINGS = { title: 'T', author: { name: 'A' }, url: 'https://blog.example' };

/** A project with a (tiny, valid) built site and the given settings. */
function projectWithSite(settings: object): string {
  const dir = makeProject({}, { settings });
  mkdirSync(path.join(dir, '_site'));
  writeFileSync(path.join(dir, '_site/index.html'), '<!doctype html><title>Home</title><p><a href="#top">Top</a></p>');
  return dir;
}

describe('lemma check exit codes', () => {
  test('0 on a clean site; 2 when it cannot run, saying why and what to do', async () => {
    const clean = projectWithSite(SETTINGS);
    const noSite = makeProject({}, { settings: SETTINGS });
    const badIgnore = projectWithSite({ ...SETTINGS, check: { ignore: 'https://x.example/' } });
    const badRegex = projectWithSite({ ...SETTINGS, check: { ignore: ['regex:(unclosed'] } });
    const badTimeout = projectWithSite({ ...SETTINGS, check: { external: { timeoutSeconds: 'soon' } } });
    const [ok, missing, ignore, regex, timeout] = await Promise.all([
      runCli(['check'], clean),
      runCli(['check'], noSite),
      runCli(['check'], badIgnore),
      runCli(['check'], badRegex),
      runCli(['check'], badTimeout),
    ]);

    expect(ok.stdout).toMatch(/✔ No problems — 1 page,/);
    // No build report: the check still runs, and says what it could not do.
    expect(ok.stdout).toMatch(/note: No build report .* Run `lemma build` first/);
    expect(ok.code).toBe(0);

    expect(missing.stderr).toMatch(/No built site at _site\/\. Run `lemma build` first/);
    expect(missing.code).toBe(2);

    expect(ignore.stderr).toMatch(/site\/site\.json: "check\.ignore" must be a list of URL patterns/);
    expect(ignore.code).toBe(2);

    expect(regex.stderr).toMatch(/check\.ignore: "regex:\(unclosed" is not a valid regular expression/);
    expect(regex.code).toBe(2);

    expect(timeout.stderr).toMatch(/"check\.external\.timeoutSeconds" must be a number/);
    expect(timeout.code).toBe(2);
  });

  test('--output points the check at another folder', async () => {
    const dir = projectWithSite(SETTINGS);
    const result = await runCli(['check', '--output', 'nowhere'], dir);
    expect(result.stderr).toMatch(/No built site at nowhere\//);
    expect(result.code).toBe(2);
  });
});
