import { parseDocument } from 'htmlparser2';

/** The part of an htmlparser2 node this module reads. */
interface HtmlNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
  startIndex: number | null;
}

const hasClass = (node: HtmlNode, name: string) => (node.attribs?.class ?? '').split(/\s+/).includes(name);
const elements = (node: HtmlNode) => (node.children ?? []).filter((c) => c.type === 'tag');

function find(node: HtmlNode, test: (n: HtmlNode) => boolean): HtmlNode | undefined {
  for (const child of elements(node)) {
    if (test(child)) return child;
    const inner = find(child, test);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The elements of KaTeX's HTML that show the equation numbers, one per numbered
 * line, in order. KaTeX lays a multi-line tag column out as a vlist with one entry
 * per line (empty for lines without a number); a single equation's tag is the
 * `katex-tag` itself.
 */
function tagElements(root: HtmlNode): HtmlNode[] {
  const column = find(root, (n) => hasClass(n, 'katex-tag'));
  if (!column) return [];
  const vlist = find(column, (n) => hasClass(n, 'vlist'));
  if (!vlist) return [column];
  return elements(vlist)
    .map((row) => elements(row).at(-1))
    .filter((cell): cell is HtmlNode => cell !== undefined && !hasClass(cell, 'pstrut') && elements(cell).length > 0);
}

/**
 * Give each numbered line of a rendered equation the ids of its labels, so
 * `#eq:x` scrolls to the line and the checker can resolve the link. `rows` has
 * one entry per numbered line, in order (an empty list for a line no label names).
 * Ids are inserted into KaTeX's markup as attributes; nothing else changes.
 */
export function addEquationIds(html: string, rows: string[][]): string {
  if (!rows.some((ids) => ids.length > 0)) return html;
  // The tag column is the last part of KaTeX's HTML: parse from there, not the whole equation.
  const from = html.lastIndexOf('<span', html.indexOf('class="katex-tag"'));
  const tail = from < 0 ? html : html.slice(from);
  const offset = from < 0 ? 0 : from;
  const tags = tagElements(parseDocument(tail, { withStartIndices: true }) as unknown as HtmlNode);
  if (tags.length !== rows.length || tags.some((t) => t.startIndex === null)) {
    // Unexpected layout: anchors just before the equation still reach it.
    return rows.flat().map((id) => `<span id="${id}" class="eq-anchor"></span>`).join('') + html;
  }
  let out = '';
  let pos = 0;
  tags.forEach((tag, i) => {
    const [first, ...more] = rows[i];
    if (!first) return;
    const nameEnd = offset + tag.startIndex! + 1 + tag.name!.length;
    const extra = more.map((id) => `<span id="${id}" class="eq-anchor"></span>`).join('');
    const openEnd = html.indexOf('>', nameEnd) + 1;
    out += `${html.slice(pos, nameEnd)} id="${first}"${html.slice(nameEnd, openEnd)}${extra}`;
    pos = openEnd;
  });
  return out + html.slice(pos);
}
