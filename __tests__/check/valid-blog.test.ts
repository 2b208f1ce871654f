import { cpSync } from 'node:fs';
import path from 'node:path';
import { REPO, makeProject, runCli, type CliResult } from '../helpers/project.js';
import { runCheck, type CheckReport } from '../../src/check/index.js';
import { fixtureProject } from './fixture.js';

describe('lemma check finds nothing wrong with a correct blog', () => {
  let dir: string;
  let build: CliResult;
  let check: CliResult;
  let report: CheckReport;

  beforeAll(async () => {
    dir = fixtureProject('valid');
    // Built under a path prefix, as a GitHub Pages project site is; check reads it from the build report.
    build = await runCli(['build'], dir, { LEMMA_PATH_PREFIX: '/blog/' });
    check = await runCli(['check', '--json'], dir);
    report = JSON.parse(check.stdout) as CheckReport;
  });

  test('no false positive: query strings, encoded characters, mailto:, #top, trailing slash and index.html forms, the path prefix', () => {
    expect(build.code).toBe(0);
    expect(report.problems).toEqual([]);
    expect(check.code).toBe(0);
  });

  test('the links were really resolved: checked against the wrong prefix, they all break', async () => {
    expect(report.pagesChecked).toBeGreaterThanOrEqual(8);
    expect(report.linksChecked).toBeGreaterThan(50);
    const wrongPrefix = await runCheck({ siteDir: '_site', projectRoot: dir, pathPrefix: '/' });
    const onAlpha = new Set(wrongPrefix.problems.filter((p) => p.page === '/posts/alpha/').map((p) => p.url));
    // Root-relative links written in alpha.md now point outside the site: each one is reported.
    for (const url of ['/blog/posts/beta/?ref=alpha', '/blog/posts/beta/index.html', '/blog/posts/beta', '/blog/posts/beta/#a-section', '/blog/%C3%BCber-uns/', '/blog/a%20page/', '/blog/posts/diagram.svg']) {
      expect(onAlpha).toContain(url);
    }
  });
});

// The one test that reads the author's posts/: whatever they write, a valid blog must pass.
describe('the blog in this repository', () => {
  test('builds and checks clean', async () => {
    const dir = makeProject({});
    cpSync(path.join(REPO, 'posts'), path.join(dir, 'posts'), { recursive: true });
    const build = await runCli(['build'], dir);
    expect({ code: build.code, stderr: build.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error/) });
    const check = await runCli(['check'], dir);
    expect(check.stdout).toMatch(/✔ No problems/);
    expect(check.code).toBe(0);
  });
});
