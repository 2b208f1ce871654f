import { lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../markdown/diagnostics.js';

/**
 * A symbolic link in `posts/` or `site/` would let a pull request publish any file of
 * the machine that builds it (`posts/leak.png → /etc/passwd`), or read one into a page.
 * Links that lead out of the project (or nowhere) stop the build; links inside it are
 * fine, and the build copies the file they point at, never the link (see the config).
 */

/** Every symlink under the source folders whose target is missing or outside the project. */
export function escapingLinks(root: string, folders = ['posts', 'site']): Diagnostic[] {
  const realRoot = realpathSync(root);
  const problems: Diagnostic[] = [];
  const walk = (relative: string) => {
    let names: string[];
    try {
      names = readdirSync(path.join(root, relative)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const file = `${relative}/${name}`;
      const full = path.join(root, file);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(file);
      if (!stat.isSymbolicLink()) continue;
      const target = readlinkSync(full);
      let real: string | undefined;
      try {
        real = realpathSync(full);
      } catch {
        real = undefined;
      }
      const message = !real
        ? `a symbolic link to ${target}, which does not exist. Remove the link or put the file itself here.`
        : real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)
          ? `a symbolic link to ${target}, outside the project: links are never followed out of the blog. Put a copy of the file itself here.`
          : undefined;
      if (message) problems.push({ severity: 'error', kind: 'front-matter', file, line: 1, message });
    }
  };
  for (const folder of folders) walk(folder);
  return problems;
}

export class SymlinkError extends Error {
  constructor(readonly problems: Diagnostic[]) {
    super(`${problems.map(formatDiagnostic).join('\n')}\n\nBuild stopped: ${problems.length} symbolic link(s) lead out of the project. Nothing was written.`);
    this.name = 'SymlinkError';
  }
}

export function assertNoEscapingLinks(root = process.cwd()): void {
  const problems = escapingLinks(root);
  if (problems.length) throw new SymlinkError(problems);
}
