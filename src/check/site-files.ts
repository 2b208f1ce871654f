import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file in the built site, as the static host will see it. Kept in memory so
 * that a lookup is exact and case-sensitive (as GitHub Pages is) even on a
 * case-insensitive file system, and costs no disk access per link.
 */
export class SiteFiles {
  private readonly lowerCase = new Map<string, string>();

  private constructor(
    readonly siteDir: string,
    private readonly files: Set<string>,
  ) {
    for (const file of files) this.lowerCase.set(file.toLowerCase(), file);
  }

  static async load(siteDir: string): Promise<SiteFiles> {
    const entries = await readdir(siteDir, { recursive: true, withFileTypes: true });
    const files = new Set<string>();
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const rel = path.relative(siteDir, path.join(entry.parentPath, entry.name));
      files.add(rel.split(path.sep).join('/'));
    }
    return new SiteFiles(siteDir, files);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** The HTML pages, in a stable order. */
  htmlPages(): string[] {
    return [...this.files].filter((f) => /\.html?$/i.test(f)).sort();
  }

  /** The real name of a file that differs from `file` only in case, if any. */
  caseVariant(file: string): string | undefined {
    const hit = this.lowerCase.get(file.toLowerCase());
    return hit !== file ? hit : undefined;
  }

  /**
   * The file a static host serves for a decoded path below the site root:
   * `x/` → `x/index.html`; `x` → `x`, else `x/index.html` (after a redirect to `x/`),
   * else `x.html` (GitHub Pages, Netlify and Cloudflare Pages all serve it).
   */
  resolve(relPath: string): string | undefined {
    if (relPath === '' || relPath.endsWith('/')) {
      const index = `${relPath}index.html`;
      return this.files.has(index) ? index : undefined;
    }
    for (const candidate of [relPath, `${relPath}/index.html`, `${relPath}.html`]) {
      if (this.files.has(candidate)) return candidate;
    }
    return undefined;
  }

  /** What a lookup of `relPath` would have found had case not mattered (for the message). */
  resolveIgnoringCase(relPath: string): string | undefined {
    const candidates = relPath === '' || relPath.endsWith('/') ? [`${relPath}index.html`] : [relPath, `${relPath}/index.html`, `${relPath}.html`];
    for (const candidate of candidates) {
      const hit = this.caseVariant(candidate);
      if (hit) return hit;
    }
    return undefined;
  }
}

/** The URL path a page is served at, below the prefix: `posts/a/index.html` → `/repo/posts/a/`. */
export function pageUrlPath(outputPath: string, pathPrefix: string): string {
  const served = outputPath.endsWith('/index.html') || outputPath === 'index.html' ? outputPath.slice(0, -'index.html'.length) : outputPath;
  return `${pathPrefix}${served.split('/').map(encodeURIComponent).join('/')}`;
}
