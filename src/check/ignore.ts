/**
 * The `check.ignore` list: each entry is `regex:` followed by a regular expression,
 * a pattern with `*` wildcards (matching the whole URL), or else a URL prefix. A link
 * is skipped when a pattern matches the URL as written or as resolved. Throws on an
 * invalid regular expression, naming it.
 */
export function ignoreMatcher(patterns: string[]): (...forms: string[]) => boolean {
  const tests = patterns.map(compile);
  return (...forms) => tests.some((test) => forms.some((form) => test(form)));
}

function compile(pattern: string): (url: string) => boolean {
  if (pattern.startsWith('regex:')) {
    let re: RegExp;
    try {
      re = new RegExp(pattern.slice('regex:'.length));
    } catch (err) {
      throw new Error(`check.ignore: "${pattern}" is not a valid regular expression (${(err as Error).message}).`);
    }
    return (url) => re.test(url);
  }
  if (pattern.includes('*')) {
    const source = pattern.split('*').map(escapeRegExp).join('.*');
    const re = new RegExp(`^${source}$`);
    return (url) => re.test(url);
  }
  return (url) => url.startsWith(pattern);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
