import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../markdown/diagnostics.js';

/**
 * Eleventy runs JavaScript front matter (`---js`) and JavaScript data files
 * (`*.11tydata.js`, `site/_data/*.js`) at build time, with everything the build can
 * reach. Posts arrive through pull requests, so Lemma refuses both in `posts/` unless
 * the settings turn them on (`allowJavaScriptInPosts`), and refuses them everywhere
 * (`posts/` and `site/`) when `LEMMA_UNTRUSTED=1`, which the Action sets for pull
 * requests from forks, whatever the settings say. Refused files stop the build before
 * Eleventy reads a single data file, so nothing is written.
 */

/** The environment variable that marks a build of an untrusted change. */
export const UNTRUSTED_ENV = 'LEMMA_UNTRUSTED';

/** The settings key (site/site.json) that lets posts use JavaScript front matter and data files. */
export const ALLOW_JS_SETTING = 'allowJavaScriptInPosts';

export interface JavaScriptPolicy {
  /** `allowJavaScriptInPosts` from the settings. */
  allowInPosts: boolean;
  /** `LEMMA_UNTRUSTED` is set: no JavaScript anywhere. */
  untrusted: boolean;
}

/** Whether `LEMMA_UNTRUSTED` marks this build as one of an untrusted change (`1`, `true`, `yes`, `on`). */
export function isUntrusted(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[UNTRUSTED_ENV];
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

export function javaScriptPolicy(allowInPosts: boolean, env: NodeJS.ProcessEnv = process.env): JavaScriptPolicy {
  return { allowInPosts, untrusted: isUntrusted(env) };
}

/** Front matter languages that are JavaScript to gray-matter, which Eleventy uses. */
const JS_LANGUAGES = new Set(['js', 'javascript', 'jslegacy', 'node']);
const TEMPLATE_EXTENSIONS = /\.(md|njk|html|liquid|11ty\.js)$/i;
/** Template and directory data files that Eleventy imports as modules. */
const JS_DATA_FILE = /\.11tydata\.(js|cjs|mjs)$/i;
const JS_MODULE = /\.(js|cjs|mjs)$/i;

/** The language a file's front matter is written in, from its opening `---lang` line. */
export function frontMatterLanguage(text: string): string | undefined {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const match = /^---[ \t]*([A-Za-z][\w-]*)?[ \t]*$/.exec(first);
  if (!match) return undefined;
  return (match[1] ?? 'yaml').toLowerCase();
}

export function isJavaScriptLanguage(language: string | undefined): boolean {
  return language !== undefined && JS_LANGUAGES.has(language.toLowerCase());
}

/** Files under `folder` (project-relative, `/`-separated), never following a symlink. */
function filesUnder(root: string, folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .map((entry) => `${folder}/${entry.split(path.sep).join('/')}`)
    .filter((file) => !file.split('/').includes('node_modules'))
    .sort();
}

function isFile(full: string): boolean {
  try {
    return statSync(full).isFile();
  } catch {
    return false;
  }
}

/** The JavaScript Eleventy would run from `posts/` and `site/`, each refused file with its reason. */
export function refusedJavaScript(root: string, policy: JavaScriptPolicy, dataDir = 'site/_data'): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const folder of ['posts', 'site']) {
    const refused = policy.untrusted || (folder === 'posts' && !policy.allowInPosts);
    if (!refused) continue;
    for (const file of filesUnder(root, folder)) {
      const full = path.join(root, file);
      const dataFile = JS_DATA_FILE.test(file) || (file.startsWith(`${dataDir}/`) && JS_MODULE.test(file));
      if (dataFile && isFile(full)) {
        problems.push(refusal(file, 1, 'data file', policy));
      } else if (TEMPLATE_EXTENSIONS.test(file) && isFile(full)) {
        const language = frontMatterLanguage(readFileSync(full, 'utf8').slice(0, 200));
        if (isJavaScriptLanguage(language)) problems.push(refusal(file, 1, 'front matter', policy, language));
      }
    }
  }
  return problems;
}

function refusal(file: string, line: number, what: 'front matter' | 'data file', policy: JavaScriptPolicy, language = 'js'): Diagnostic {
  const subject = what === 'data file' ? 'JavaScript data files are' : `JavaScript front matter (---${language}) is`;
  const message = policy.untrusted
    ? `${subject} not run for untrusted changes (pull requests from forks; ${UNTRUSTED_ENV} is set). ` +
      'Write the front matter in YAML (---) and data files as .json, or have the change built from a branch of this repository.'
    : `${subject} off for posts: it runs at build time with everything the build can reach, and posts arrive through pull requests. ` +
      `Write the front matter in YAML (---) and data files as .json, or set "${ALLOW_JS_SETTING}": true in site/site.json if you trust every post's author.`;
  return { severity: 'error', kind: 'front-matter', file, line, message };
}

/** The build stops before Eleventy reads anything: every refused file named. */
export class JavaScriptRefusedError extends Error {
  constructor(readonly problems: Diagnostic[]) {
    super(
      `${problems.map(formatDiagnostic).join('\n')}\n\n` +
        `Build stopped: ${problems.length} JavaScript file(s) refused. Nothing was written.`,
    );
    this.name = 'JavaScriptRefusedError';
  }
}

/** Throw JavaScriptRefusedError when Eleventy would run JavaScript the policy refuses. */
export function assertJavaScriptAllowed(root: string, policy: JavaScriptPolicy): void {
  const problems = refusedJavaScript(root, policy);
  if (problems.length) throw new JavaScriptRefusedError(problems);
}

/**
 * Eleventy's front matter engines for JavaScript, replaced so a file the scan above did
 * not see (one added while serving) cannot run either: the original runs only where
 * the policy allows it.
 */
export function guardedJavaScriptEngines(
  original: Record<string, unknown>,
  policy: () => JavaScriptPolicy,
  root = process.cwd(),
): Record<string, (text: string, options?: { filePath?: string }) => unknown> {
  // Eleventy merges the result into the very object passed in: keep the originals apart.
  const engines = { ...original };
  const guard = (name: string) => (text: string, options?: { filePath?: string }) => {
    const file = path.relative(root, path.resolve(root, options?.filePath ?? '')).split(path.sep).join('/');
    const current = policy();
    // Outside posts/ (the site's own pages) only an untrusted build refuses it.
    if (current.untrusted || (!current.allowInPosts && (!file || file.startsWith('posts/')))) {
      throw new JavaScriptRefusedError([refusal(file || '(unknown file)', 1, 'front matter', current)]);
    }
    const engine = engines[name] as ((text: string, options?: object) => unknown) | { parse(text: string, options?: object): unknown };
    return typeof engine === 'function' ? engine(text, options) : engine.parse(text, options);
  };
  return { javascript: guard('javascript'), js: guard('javascript'), jsLegacy: guard('jsLegacy'), node: guard('node') };
}
