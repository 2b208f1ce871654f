import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { fileLine, type DocumentState } from './document.js';
import type { PaperLabels } from './paper-labels.js';

/** `{#fig-x}` (and any other attributes, which are ignored) right after the image. */
const FIGURE_ATTRIBUTES = /^\{\s*#([^\s{}]+)[^{}]*\}\s*$/;

/** The caption as plain text, for the image's `alt`. */
function plainText(tokens: Token[]): string {
  return tokens.map((t) => (t.type === 'image' ? plainText(t.children ?? []) : t.type === 'softbreak' ? ' ' : t.content)).join('');
}

/**
 * Quarto's figures: a paragraph that is only `![Caption](f.svg){#fig-x}` becomes a
 * numbered `<figure>`. The caption moves out of the image into the document's tokens
 * (so its math is rendered and numbered with the rest); the image keeps it as `alt`.
 * An image without a label stays an image.
 */
export function structureFigures(coreState: StateCore, labels: PaperLabels, state: DocumentState): void {
  const tokens = coreState.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i].type !== 'paragraph_open' || tokens[i + 1].type !== 'inline') continue;
    const children = tokens[i + 1].children ?? [];
    if (children.length !== 2 || children[0].type !== 'image' || children[1].type !== 'text') continue;
    const label = FIGURE_ATTRIBUTES.exec(children[1].content)?.[1];
    if (!label) continue;
    const line = fileLine(state, tokens[i].map?.[0]);
    const number = labels.next('figure');
    const defined = labels.define(label, 'figure', number, line);
    const image = children[0];
    const caption = image.children ?? [];
    const alt = new coreState.Token('text', '', 0);
    alt.content = plainText(caption);
    image.children = [alt];
    const open = new coreState.Token('html_inline', '', 0);
    open.content = '<figcaption>';
    const name = new coreState.Token('html_inline', '', 0);
    name.content = `<span class="figure-name">Figure ${number}</span>${caption.length ? ': ' : ''}`;
    const close = new coreState.Token('html_inline', '', 0);
    close.content = '</figcaption>';
    tokens[i + 1].children = [image, open, name, ...caption, close];
    tokens[i].meta = { ...(tokens[i].meta ?? {}), figure: defined ? label : '' };
    tokens[i].type = 'figure_open';
    tokens[i + 2].type = 'figure_close';
  }
}

export function figureRenderers(md: MarkdownIt): void {
  md.renderer.rules.figure_open = (tokens, idx) => {
    const label = tokens[idx].meta?.figure as string | undefined;
    return `<figure class="figure"${label ? ` id="${escapeHtml(label)}"` : ''}>\n`;
  };
  md.renderer.rules.figure_close = () => '</figure>\n';
}
