/**
 * The URLs of a `srcset` attribute (`a.png 1x, b.png 2x`), following the HTML
 * parsing rules: a URL runs to the next whitespace, and commas separate candidates
 * (a URL may itself contain commas, e.g. in a query string).
 */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[\s,]/.test(srcset[i])) i++;
    if (i >= srcset.length) break;
    let end = i;
    while (end < srcset.length && !/\s/.test(srcset[end])) end++;
    let url = srcset.slice(i, end);
    const trailingCommas = /,+$/.exec(url);
    if (trailingCommas) url = url.slice(0, trailingCommas.index);
    if (url) urls.push(url);
    i = end;
    if (trailingCommas) continue;
    // Skip descriptors (`2x`, `480w`) up to the comma that ends this candidate.
    let depth = 0;
    while (i < srcset.length && (srcset[i] !== ',' || depth > 0)) {
      if (srcset[i] === '(') depth++;
      else if (srcset[i] === ')') depth = Math.max(0, depth - 1);
      i++;
    }
  }
  return urls;
}
