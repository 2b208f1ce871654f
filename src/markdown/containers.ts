import type MarkdownIt from 'markdown-it';
import { container } from '@mdit/plugin-container';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';

/** Callout kinds and their default titles. */
export const CALLOUTS = { note: 'Note', tip: 'Tip', warning: 'Warning' } as const;

/** The words after `::: name`, e.g. "Proof sketch" in `::: details Proof sketch`. */
function titleAfter(name: string, info: string): string {
  return info.trim().slice(name.length).trim();
}

/**
 * `::: details Title` → a collapsible `<details>`; `::: note|tip|warning [Title]` →
 * a callout. The body is ordinary Markdown (math included); the title is inline Markdown.
 */
export function containersPlugin(md: MarkdownIt): void {
  const inline = (text: string) => md.renderInline(text);

  md.use(container, {
    name: 'details',
    openRender: (tokens, idx) => {
      const title = titleAfter('details', tokens[idx].info) || 'Details';
      return `<details class="details">\n<summary>${inline(title)}</summary>\n`;
    },
    closeRender: () => '</details>\n',
  });

  for (const [name, fallback] of Object.entries(CALLOUTS)) {
    md.use(container, {
      name,
      openRender: (tokens, idx) => {
        const title = titleAfter(name, tokens[idx].info) || fallback;
        return `<aside class="callout callout-${name}" role="note" aria-label="${escapeHtml(title)}">\n<p class="callout-title">${inline(title)}</p>\n`;
      },
      closeRender: () => '</aside>\n',
    });
  }
}
