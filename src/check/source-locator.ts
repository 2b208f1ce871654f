import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A place in a file the author edits (or, failing that, in the built HTML). */
export interface SourceLocation {
  file: string;
  line: number;
  /** False when no source contained it and this is the fallback (the built HTML). */
  inSource?: boolean;
}

/**
 * Text to look for in a source. `url`: a whole URL, not part of a longer one;
 * `url-tail`: the end of a URL (the author may have written it relative);
 * `tex`: TeX not escaped by a backslash before it; `anywhere`: any occurrence.
 */
export interface Needle {
  text: string;
  match: 'url' | 'url-tail' | 'tex' | 'anywhere';
}

export interface LocateRequest {
  /** The page's source, relative to the project root (`posts/a.md`), when the build said. */
  inputPath?: string;
  /** Strings that appear verbatim where the problem was written, most specific first. */
  needles: Needle[];
  /** This is the n-th (0-based) problem with these needles on the page. */
  occurrence: number;
  /** Where it is in the built page, used when no source contains it. */
  fallback: SourceLocation;
}

/** Characters that continue a URL; a match with one of these on either side is part of another URL. */
const URL_CHAR = /[A-Za-z0-9\-._~%/?#&=+@!$,;:*]/;
const TEMPLATE_FILE = /\.(njk|liquid|html|md|11ty\.js|11ty\.ts|webc|json|ya?ml)$/;

/**
 * Finds the line of a source file that wrote a piece of a page. A Markdown post is
 * searched first (it wrote the page's content); then the page's own template, the
 * layouts and partials, the data files and the settings (which hold nav links).
 */
export class SourceLocator {
  private readonly lines = new Map<string, string[] | null>();
  private templates?: string[];

  constructor(
    private readonly root: string,
    private readonly templateDirs: string[],
    private readonly settingsFile: string,
  ) {}

  locate(request: LocateRequest): SourceLocation {
    const files = this.candidateFiles(request.inputPath);
    for (const needle of request.needles) {
      if (!needle.text) continue;
      const matches: SourceLocation[] = [];
      for (const file of files) {
        for (const line of this.findLines(file, needle)) matches.push({ file, line });
      }
      if (matches.length) return { ...matches[Math.min(request.occurrence, matches.length - 1)], inSource: true };
    }
    return { ...request.fallback, inSource: false };
  }

  private candidateFiles(inputPath: string | undefined): string[] {
    const templates = this.templateFiles();
    if (!inputPath) return templates;
    return [inputPath, ...templates.filter((t) => t !== inputPath)];
  }

  /** Layouts, partials, data and settings files, in a stable order; listed once per check. */
  private templateFiles(): string[] {
    if (!this.templates) {
      const found = new Set<string>();
      for (const dir of this.templateDirs) {
        for (const file of listFiles(path.join(this.root, dir))) {
          if (TEMPLATE_FILE.test(file)) found.add(path.posix.join(dir.split(path.sep).join('/'), file));
        }
      }
      this.templates = [...found].sort();
      this.templates.push(this.settingsFile);
    }
    return this.templates;
  }

  /** 1-based lines of `file` that contain `needle` (each occurrence counts once). */
  private findLines(file: string, { text: needle, match }: Needle): number[] {
    const lines = this.read(file);
    if (!lines) return [];
    const found: number[] = [];
    lines.forEach((text, i) => {
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        if (match === 'tex') {
          if (text[at - 1] === '\\') continue;
        } else if (match !== 'anywhere') {
          if (URL_CHAR.test(text[at + needle.length] ?? '')) continue;
          if (match === 'url' && URL_CHAR.test(text[at - 1] ?? '')) continue;
        }
        found.push(i + 1);
      }
    });
    return found;
  }

  private read(file: string): string[] | null {
    if (!this.lines.has(file)) {
      try {
        this.lines.set(file, readFileSync(path.join(this.root, file), 'utf8').split(/\r?\n/));
      } catch {
        this.lines.set(file, null);
      }
    }
    return this.lines.get(file) ?? null;
  }
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  } catch {
    return [];
  }
}
