import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/project.js';
import { runCheck, type CheckReport } from '../../src/check/index.js';
import { formatText } from '../../src/check/format/text.js';
import { fixtureProject } from './fixture.js';

/** The report without what may differ from run to run: time taken, pages parsed, notes. */
const findings = (report: CheckReport) => ({ problems: report.problems, pages: report.pagesChecked, links: report.linksChecked });

describe('page scans kept between checks', () => {
  let dir: string;
  let reference: CheckReport;
  const storeIn = () => path.join(mkdtempSync(path.join(tmpdir(), 'lemma-scans-')), 'page-scans.json');
  const check = (scanStore: string | false) => runCheck({ siteDir: '_site', projectRoot: dir, scanStore });

  beforeAll(async () => {
    // A blog with faults of every kind the pages show: links, fragments, assets, unrendered TeX.
    dir = fixtureProject('broken');
    expect((await runCli(['build'], dir)).code).toBe(1);
    reference = await check(false);
    expect(reference.problems.length).toBeGreaterThan(5);
  });

  test('a second check parses no unchanged page and finds exactly the same', async () => {
    const store = storeIn();
    const first = await check(store);
    expect(first.pagesParsed).toBe(first.pagesChecked);
    expect(existsSync(store)).toBe(true);
    const second = await check(store);
    expect(second.pagesParsed).toBe(0);
    expect(findings(second)).toEqual(findings(reference));
    expect(findings(first)).toEqual(findings(reference));
    expect(formatText(second)).toMatch(new RegExp(`${second.pagesChecked} pages \\(${second.pagesChecked} unchanged since the last check\\)`));
  });

  test('a page whose bytes changed is parsed again, and what it now holds is reported', async () => {
    const store = storeIn();
    await check(store);
    const page = path.join(dir, '_site/posts/target/index.html');
    const html = readFileSync(page, 'utf8');
    try {
      writeFileSync(page, html.replace('</main>', '<p><a href="/posts/gone-missing/">new link</a></p></main>'));
      const after = await check(store);
      expect(after.pagesParsed).toBe(1);
      expect(after.problems.map((p) => p.url)).toContain('/posts/gone-missing/');
    } finally {
      writeFileSync(page, html);
    }
    // Back as it was: parsed once more, and the old findings are back.
    const restored = await check(store);
    expect(restored.pagesParsed).toBe(1);
    expect(findings(restored)).toEqual(findings(reference));
  });

  test('a damaged file is ignored with a note and replaced; one from other code is ignored quietly', async () => {
    const store = storeIn();
    writeFileSync(store, '{"format": "lemma-page-scans-1", "pag');
    const damaged = await check(store);
    expect(damaged.pagesParsed).toBe(damaged.pagesChecked);
    expect(damaged.notes.join('\n')).toMatch(/Ignored the page-scan cache .*page-scans\.json \(it is not JSON\): every page was parsed\./);
    expect(findings(damaged)).toEqual(findings(reference));
    expect((await check(store)).pagesParsed).toBe(0);

    // Valid JSON of the right format, but the wrong shape inside: not trusted either.
    const saved = JSON.parse(readFileSync(store, 'utf8'));
    writeFileSync(store, JSON.stringify({ ...saved, pages: [['posts/target/index.html', 'hash', { links: 'nope' }]] }));
    const misshapen = await check(store);
    expect(misshapen.notes.join('\n')).toContain('(it is damaged)');
    expect(misshapen.pagesParsed).toBe(misshapen.pagesChecked);

    writeFileSync(store, JSON.stringify({ ...saved, code: 'older-code' }));
    const otherCode = await check(store);
    expect(otherCode.pagesParsed).toBe(otherCode.pagesChecked);
    expect(otherCode.notes.join('\n')).not.toContain('page-scan cache');
    expect(findings(otherCode)).toEqual(findings(reference));
  });

  test('two checks sharing one file at once both finish, and leave a whole file behind', async () => {
    const store = storeIn();
    const [a, b] = await Promise.all([check(store), check(store)]);
    expect(findings(a)).toEqual(findings(reference));
    expect(findings(b)).toEqual(findings(reference));
    expect((await check(store)).pagesParsed).toBe(0);
  });

  test('off: nothing read or written (`--no-cache`, LEMMA_CACHE=off)', async () => {
    const dirOff = fixtureProject('valid');
    expect((await runCli(['build'], dirOff)).code).toBe(0);
    const off = await runCli(['check', '--json', '--no-cache'], dirOff);
    expect(JSON.parse(off.stdout).pagesParsed).toBeGreaterThan(0);
    expect(existsSync(path.join(dirOff, '.cache/lemma/check'))).toBe(false);
    // By default the CLI keeps them in the project's .cache/.
    const on = await runCli(['check', '--json'], dirOff);
    expect(existsSync(path.join(dirOff, '.cache/lemma/check/page-scans.json'))).toBe(true);
    const again = JSON.parse((await runCli(['check', '--json'], dirOff)).stdout);
    expect(again.pagesParsed).toBe(0);
    expect(again.problems).toEqual(JSON.parse(on.stdout).problems);
  });
});
