import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../helpers/project.js';
import { actionReference } from '../../src/commands/init.js';

/** The release steps (scripts/release.sh) in a real git repository pushing to a bare remote. */
describe('releases: a vX.Y.Z tag is checked, then moves the major tag', () => {
  let scratch: string;
  let work: string;
  let remote: string;
  const git = (args: string[], cwd = work) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const release = (step: string, tag: string) => spawnSync('bash', [path.join(work, 'scripts/release.sh'), step], { cwd: work, encoding: 'utf8', env: { ...process.env, GITHUB_REF_NAME: tag } });
  const commitVersion = (version: string) => {
    writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'lemma', version }));
    git(['commit', '-qam', `Version ${version}`]);
    git(['tag', `v${version}`]);
  };

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'lemma-release-'));
    remote = path.join(scratch, 'remote.git');
    work = path.join(scratch, 'work');
    git(['init', '-q', '--bare', remote], scratch);
    mkdirSync(path.join(work, 'scripts'), { recursive: true });
    cpSync(path.join(REPO, 'scripts/release.sh'), path.join(work, 'scripts/release.sh'));
    git(['init', '-q', '-b', 'main'], scratch + '/work');
    git(['config', 'user.email', 'author@example.com']);
    git(['config', 'user.name', 'Author']);
    writeFileSync(path.join(work, 'package.json'), '{}');
    git(['add', '.']);
    git(['commit', '-qm', 'Start']);
    git(['remote', 'add', 'origin', remote]);
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('the workflow runs on vX.Y.Z tags only, with write access to contents alone, and runs both steps', () => {
    const workflow = parse(readFileSync(path.join(REPO, '.github/workflows/release.yml'), 'utf8'));
    expect(Object.keys(workflow.on)).toEqual(['push']);
    expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.release.permissions).toEqual({ contents: 'write' });
    const runs = workflow.jobs.release.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(runs.indexOf('release.sh check-version')).toBeLessThan(runs.indexOf('npm run package'));
    expect(runs.indexOf('npm run package')).toBeLessThan(runs.indexOf('release.sh move-major-tag'));
  });

  test("the README's uses: lines and the blogs lemma init makes follow the major tag of package.json's version", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const uses = [...readme.matchAll(/uses: ([\w-]+\/lemma@[\w.]+)/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThan(1);
    expect(new Set(uses)).toEqual(new Set([actionReference(manifest)]));
    expect(actionReference(manifest)).toBe(`owner/lemma@v${manifest.version.split('.')[0]}`);
  });

  test('a tag that does not match package.json stops the release, naming both', () => {
    commitVersion('1.0.0');
    const wrong = release('check-version', 'v1.0.1');
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain("The tag v1.0.1 does not match package.json's version 1.0.0");
    expect(release('check-version', 'v1').status).toBe(1);
    expect(release('check-version', 'v1.0.0').status).toBe(0);
  });

  test('v1.0.0 creates v1, v1.1.0 moves it, v2.0.0 leaves it and creates v2', () => {
    git(['push', '-q', 'origin', 'main', 'v1.0.0']);
    expect(release('move-major-tag', 'v1.0.0').status).toBe(0);
    const first = git(['rev-parse', 'v1.0.0^{commit}']);
    expect(git(['rev-parse', 'refs/tags/v1'], remote)).toBe(first);

    commitVersion('1.1.0');
    git(['push', '-q', 'origin', 'main', 'v1.1.0']);
    expect(release('move-major-tag', 'v1.1.0').status).toBe(0);
    const second = git(['rev-parse', 'v1.1.0^{commit}']);
    expect(git(['rev-parse', 'refs/tags/v1'], remote)).toBe(second);

    commitVersion('2.0.0');
    expect(release('move-major-tag', 'v2.0.0').status).toBe(0);
    expect(git(['rev-parse', 'refs/tags/v1'], remote)).toBe(second);
    expect(git(['rev-parse', 'refs/tags/v2'], remote)).toBe(git(['rev-parse', 'v2.0.0^{commit}']));
  });
});
