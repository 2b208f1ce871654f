import { plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import type { CslItem } from './bibliography.js';
import type { CiteItem } from './cite-syntax.js';

/** `author-date` (APA: "(Vaswani et al., 2017)") or `numeric` (Vancouver's list, "[1]" in the text). */
export type CitationStyle = 'author-date' | 'numeric';

/** A citation to format: its items (keys known to the bibliography) and whether it is in brackets. */
export interface CitationToFormat {
  items: CiteItem[];
  bracketed: boolean;
}

export interface FormattedCitations {
  /** HTML of each citation, in order (math still as markers). */
  citations: string[];
  /** The references list: each cited entry once, in the style's order. */
  entries: { key: string; html: string }[];
}

interface CiteprocEngine {
  opt: { development_extensions: Record<string, boolean> };
  sys: { wrapCitationEntry?: (str: string, id: string) => string };
  citation: { opt: { layout_prefix?: string; layout_suffix?: string } };
  rebuildProcessorState(citations: object[], format: string, uncited: string[]): [string, number, string][];
  updateItems(ids: string[], nosort?: boolean): string[];
  makeBibliography(): [{ entry_ids: string[][] }, string[]];
}

const engineFor = (items: CslItem[], template: string): CiteprocEngine =>
  (plugins.config.get('@csl') as { engine: (data: object[], style: string, lang: string, format: string) => CiteprocEngine }).engine(items, template, 'en-US', 'html');

/** The element id of a key's entry in the references: `ref-key` (characters ids cannot hold become `_`). */
export function referenceId(key: string): string {
  return `ref-${key.replace(/[^A-Za-z0-9_:.-]/g, '_')}`;
}

const link = (key: string, html: string) => `<a class="citation-link" href="#${escapeHtml(referenceId(key))}">${html}</a>`;

/** CSL locator terms as authors write them after a key (`, p. 3`, `, chap. 2`). */
const LOCATOR_LABELS: Record<string, string> = {
  p: 'page', pp: 'page', page: 'page', pages: 'page', chap: 'chapter', chapter: 'chapter', ch: 'chapter',
  sec: 'section', section: 'section', fig: 'figure', figure: 'figure', vol: 'volume', volume: 'volume',
  no: 'issue', para: 'paragraph', paragraph: 'paragraph', l: 'line', line: 'line', lines: 'line',
  eq: 'equation', equation: 'equation', n: 'note', note: 'note', pt: 'part', part: 'part', bk: 'book', book: 'book',
};
const LOCATOR = /^,?\s*(?:([A-Za-z]+)\.?\s+)?(\d[\w\u2013\u2014-]*(?:\s*[,\u2013-]\s*\d[\w\u2013-]*)*)(.*)$/s;

/** `, pp. 33-35, and elsewhere` → locator `33-35` (pages) and the rest as suffix. */
export function splitLocator(suffix: string): { locator?: string; label?: string; rest: string } {
  const match = LOCATOR.exec(suffix);
  if (!match) return { rest: suffix };
  const label = match[1] ? LOCATOR_LABELS[match[1].toLowerCase()] : 'page';
  if (!label) return { rest: suffix };
  return { locator: match[2].trim(), label, rest: match[3] };
}

/** Author text the writer put around a key: plain text (markers keep it from citeproc's own markup). */
const affix = (text: string) => escapeHtml(text);

/** Affixes go through citeproc as markers (it reads `<i>` and `&` as markup), and come back escaped. */
class Affixes {
  private readonly texts: string[] = [];
  mark(text: string): string {
    this.texts.push(text);
    return `\uE002${this.texts.length - 1}\uE003`;
  }
  restore(html: string): string {
    return html.replace(/\uE002(\d+)\uE003/g, (_, n: string) => affix(this.texts[Number(n)] ?? ''));
  }
}

/** Citeproc's HTML for a cluster, each item linked to its entry (its layout's brackets added back). */
function clusters(engine: CiteprocEngine, clusterItems: object[][], linked: boolean): string[] {
  engine.opt.development_extensions.apply_citation_wrapper = linked;
  engine.sys.wrapCitationEntry = (str, id) => link(id, str);
  const out = engine.rebuildProcessorState(
    clusterItems.map((citationItems) => ({ citationItems, properties: { noteIndex: 0 } })),
    'html',
    [],
  );
  engine.opt.development_extensions.apply_citation_wrapper = false;
  const prefix = linked ? (engine.citation.opt.layout_prefix ?? '') : '';
  const suffix = linked ? (engine.citation.opt.layout_suffix ?? '') : '';
  return out.map(([, , html]) => `${prefix}${html}${suffix}`);
}

function bibliography(engine: CiteprocEngine, order?: string[]): { key: string; html: string }[] {
  engine.opt.development_extensions.wrap_url_and_doi = true;
  if (order) engine.updateItems(order, true);
  const [meta, html] = engine.makeBibliography();
  engine.opt.development_extensions.wrap_url_and_doi = false;
  return html.map((entry, i) => ({ key: meta.entry_ids[i][0], html: entry.trim() }));
}

/**
 * Format a post's citations and its references list with CSL (through citation-js).
 * Author-date citations are APA's, each item linked to its entry; numeric ones are
 * numbered in order of first citation, and the list is Vancouver's in that order.
 * A citation in running text (`@key`) names the authors: "Vaswani et al. (2017)".
 */
export function formatCitations(items: CslItem[], citations: CitationToFormat[], style: CitationStyle): FormattedCitations {
  const apa = engineFor(items, 'apa');
  const cslItem = (item: CiteItem, extra: object = {}) => {
    const { locator, label, rest } = splitLocator(item.suffix);
    return { id: item.key, ...(locator ? { locator, label } : {}), rest, ...extra };
  };
  // Narrative citations need the authors alone: one more cluster each.
  const narrative = citations.map((c) => (c.bracketed ? undefined : c.items[0]));
  const authorClusters = narrative.filter((n): n is CiteItem => n !== undefined).map((n) => [{ id: n.key, 'author-only': true }]);
  const authors = authorClusters.length ? clusters(apa, authorClusters, false) : [];
  const authorOf = new Map<number, string>();
  narrative.forEach((n, i) => n && authorOf.set(i, authors.shift() ?? ''));

  if (style === 'numeric') {
    const numbers = new Map<string, number>();
    for (const c of citations) for (const item of c.items) if (!numbers.has(item.key)) numbers.set(item.key, numbers.size + 1);
    const html = citations.map((c, i) => {
      const parts = c.items.map((item) => {
        const pre = item.prefix ? `${affix(item.prefix)} ` : '';
        return `${pre}${link(item.key, String(numbers.get(item.key)))}${affix(item.suffix)}`;
      });
      const cite = `[${parts.join(', ')}]`;
      return authorOf.has(i) && !c.items[0].suppressAuthor ? `${authorOf.get(i)} ${cite}` : cite;
    });
    return { citations: html, entries: bibliography(engineFor(items, 'vancouver'), [...numbers.keys()]) };
  }

  const affixes = new Affixes();
  const toCluster = (c: CitationToFormat): object[] =>
    c.items.map((item) => {
      const { rest, ...csl } = cslItem(item, item.suppressAuthor || !c.bracketed ? { 'suppress-author': true } : {});
      return { ...csl, ...(item.prefix ? { prefix: `${affixes.mark(item.prefix)} ` } : {}), ...(rest ? { suffix: affixes.mark(rest) } : {}) };
    });
  const html = clusters(apa, citations.map(toCluster), true).map((cite) => affixes.restore(cite));
  const result = html.map((cite, i) => {
    const author = authorOf.get(i);
    if (author === undefined || citations[i].items[0].suppressAuthor) return cite;
    // "Vaswani et al. (2017)": the whole phrase links to the entry.
    return link(citations[i].items[0].key, `${author} ${cite.replace(/<\/?a\b[^>]*>/g, '')}`);
  });
  return { citations: result, entries: bibliography(apa) };
}
