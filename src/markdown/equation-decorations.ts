import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { addEquationIds } from './equation-anchors.js';

/**
 * What the equations pass changes in an equation's HTML after KaTeX: ids on its
 * numbered lines (for `\eqref` links) and a link around a reference rendered as math.
 * The render cache keeps KaTeX's HTML; a document taken whole from the cache points
 * at its equations by cache key, so an equation's key carries these changes with it
 * and the document gets the same HTML back as rendering it again would give.
 */
export interface EquationDecoration {
  rows?: string[][];
  linkTo?: string;
}

export function decorate(html: string, decoration: EquationDecoration): string {
  let result = decoration.rows ? addEquationIds(html, decoration.rows) : html;
  if (decoration.linkTo) result = `<a class="eqref" href="#${escapeHtml(decoration.linkTo)}">${result}</a>`;
  return result;
}

/** The key of the decorated equation: the render cache's key, then the changes. */
export function decoratedKey(key: string, decoration: EquationDecoration): string {
  return `${key}\n${JSON.stringify(decoration)}`;
}

/** The render cache's key and the changes, from a key made by `decoratedKey` (or a plain one). */
export function splitDecoratedKey(key: string): { key: string; decoration?: EquationDecoration } {
  const newline = key.indexOf('\n');
  if (newline < 0) return { key };
  try {
    return { key: key.slice(0, newline), decoration: JSON.parse(key.slice(newline + 1)) as EquationDecoration };
  } catch {
    return { key: key.slice(0, newline), decoration: {} };
  }
}
