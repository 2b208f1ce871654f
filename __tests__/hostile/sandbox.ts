import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, post, runCli, type CliResult } from '../helpers/project.js';

/**
 * A hostile input is tried on a copy of a blog that has already been built once (the
 * last good `_site/`), in a folder beside a sibling folder that must stay untouched.
 * Every file of both is hashed before and after: anything the attack changed outside
 * the output folder shows up as a difference.
 */

/** Posts of the good blog every attack starts from. */
export const GOOD_POSTS: Record<string, string> = {
  'good.md': post({ title: 'Good', date: '2026-01-01', tags: '[math]' }, 'Fine $x^2$.\n'),
  'other.md': post({ title: 'Other', date: '2026-01-02' }, 'See [good](good.md).\n'),
};

/** `path → hash` of every entry under `root` (symlinks by their target, never followed). */
export function snapshot(root: string, skip: (relative: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      if (skip(relative)) continue;
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) out.set(relative, `link:${readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        out.set(`${relative}/`, 'dir');
        walk(full);
      } else out.set(relative, createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

/** Entries added, removed or changed between two snapshots. */
export function differences(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [file, hash] of after) if (before.get(file) !== hash) changed.push(before.has(file) ? `changed ${file}` : `added ${file}`);
  for (const file of before.keys()) if (!after.has(file)) changed.push(`removed ${file}`);
  return changed.sort();
}

/** What the build keeps for itself outside the output folder: its caches and report. */
const BUILD_OWN = (relative: string) => relative === '.cache' || relative.startsWith('.cache/');

export class Sandbox {
  private constructor(
    readonly root: string,
    readonly project: string,
    readonly sibling: string,
  ) {}

  /** A copy of `template` (a built project) beside a sibling folder. */
  static from(template: string): Sandbox {
    const root = mkdtempSync(path.join(tmpdir(), 'lemma-hostile-'));
    const project = path.join(root, 'blog');
    const sibling = path.join(root, 'sibling');
    cpSync(template, project, { recursive: true, verbatimSymlinks: true });
    mkdirSync(path.join(sibling, 'nested'), { recursive: true });
    writeFileSync(path.join(sibling, 'keep.txt'), 'not the blog\n');
    writeFileSync(path.join(sibling, 'nested/secret.md'), '# secret\nSECRET-CONTENT-42\n');
    return new Sandbox(root, project, sibling);
  }

  write(relative: string, text: string | Buffer): void {
    const full = path.join(this.project, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }

  /**
   * Run `lemma <args>` in the project; report what changed outside `output` (relative
   * to the project), in the project and the sibling folder, and inside the output.
   */
  async run(args: string[], options: { env?: NodeJS.ProcessEnv; output?: string } = {}): Promise<Attack> {
    const output = options.output ?? '_site';
    const inOutput = (relative: string) => relative === output || relative.startsWith(`${output}/`);
    const outside = (relative: string) => BUILD_OWN(relative) || inOutput(relative);
    const before = { project: snapshot(this.project, outside), sibling: snapshot(this.sibling), site: snapshot(path.join(this.project, output)) };
    const result = await runCli(args, this.project, options.env);
    return {
      ...result,
      outsideChanges: [...differences(before.project, snapshot(this.project, outside)), ...differences(before.sibling, snapshot(this.sibling)).map((d) => `sibling: ${d}`)],
      siteChanges: differences(before.site, snapshot(path.join(this.project, output))),
    };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface Attack extends CliResult {
  /** Anything changed outside the output folder (the project, the sibling folder). */
  outsideChanges: string[];
  /** Changes inside the output folder (none where the build refused). */
  siteChanges: string[];
}

/** Build the good blog once, in its own temporary folder: the template every attack copies. */
export async function builtTemplate(posts: Record<string, string> = GOOD_POSTS): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lemma-hostile-template-'));
  cpSync(path.join(REPO, 'site'), path.join(dir, 'site'), { recursive: true });
  mkdirSync(path.join(dir, 'posts'));
  for (const [name, text] of Object.entries(posts)) writeFileSync(path.join(dir, 'posts', name), text);
  const result = await runCli(['build'], dir);
  if (result.code !== 0) throw new Error(`the good blog did not build (${result.code}):\n${result.stderr}`);
  return dir;
}

export { post };

/**
 * The suite's sandboxes: one built template (the last good site) made before its tests, a
 * fresh copy of it for each test that asks, and everything removed after the suite.
 */
export function useSandboxes(): () => Sandbox {
  let template: string;
  const sandboxes: Sandbox[] = [];
  beforeAll(async () => void (template = await builtTemplate()));
  afterAll(() => {
    for (const s of sandboxes) s.remove();
    rmSync(template, { recursive: true, force: true });
  });
  return () => {
    const s = Sandbox.from(template);
    sandboxes.push(s);
    return s;
  };
}
