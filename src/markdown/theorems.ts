import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { container } from '@mdit/plugin-container';
import { escapeHtml } from 'markdown-it/lib/common/utils.mjs';
import { fileLine, type DocumentState } from './document.js';
import { kindOfLabel, THEOREM_KINDS, type PaperLabels, type TheoremKind } from './paper-labels.js';

/** A theorem-like block as written: `::: lemma Title {#lem-x}`, `::: {#thm-x}`, `::: {.proof}`. */
interface TheoremInfo {
  kind: TheoremKind | 'proof';
  title: string;
  label?: string;
}

const isKind = (word: string): word is TheoremKind | 'proof' => word === 'proof' || Object.hasOwn(THEOREM_KINDS, word);

/** Quarto's attributes `{#thm-x .class name="Title"}`: the id, classes and name. */
function parseAttributes(text: string): { id?: string; classes: string[]; name?: string } | undefined {
  const inner = /^\{([^{}]*)\}$/.exec(text.trim())?.[1];
  if (inner === undefined) return undefined;
  const result: { id?: string; classes: string[]; name?: string } = { classes: [] };
  for (const match of inner.matchAll(/#([^\s#.=]+)|\.([^\s#.=]+)|([A-Za-z-]+)=(?:"([^"]*)"|(\S+))/g)) {
    if (match[1]) result.id = match[1];
    else if (match[2]) result.classes.push(match[2]);
    else if (match[3] === 'name') result.name = match[4] ?? match[5];
  }
  return result;
}

/** What the container's info line says, or undefined when it is not a theorem-like block. */
export function parseTheoremInfo(info: string): TheoremInfo | undefined {
  const text = info.trim();
  if (text.startsWith('{')) {
    const attrs = parseAttributes(text);
    if (!attrs) return undefined;
    const byClass = attrs.classes.find(isKind);
    const byLabel = attrs.id ? kindOfLabel(attrs.id) : undefined;
    const kind = byClass ?? (byLabel !== 'figure' ? byLabel : undefined);
    return kind ? { kind, title: attrs.name ?? '', label: attrs.id } : undefined;
  }
  const word = /^[a-z]+/.exec(text)?.[0] ?? '';
  if (!isKind(word) || (text.length > word.length && !/\s/.test(text[word.length]))) return undefined;
  let rest = text.slice(word.length).trim();
  let label: string | undefined;
  const attrs = /\{[^{}]*\}$/.exec(rest);
  if (attrs) {
    label = parseAttributes(attrs[0])?.id;
    rest = rest.slice(0, attrs.index).trim();
  }
  return { kind: word, title: rest, label };
}

/** Inline tokens for Markdown text (math included), parsed into this document's stream. */
function inlineTokens(md: MarkdownIt, coreState: StateCore, text: string): Token[] {
  const children: Token[] = [];
  md.inline.parse(text, md, coreState.env, children);
  return children;
}

function html(coreState: StateCore, content: string): Token {
  const token = new coreState.Token('html_inline', '', 0);
  token.content = content;
  return token;
}

const QED = '<span class="qed" role="img" aria-label="End of proof">∎</span>';
const CLOSERS = new Set(['bullet_list_close', 'ordered_list_close', 'list_item_close', 'blockquote_close']);

/** The end mark at the end of the proof's last line, whatever the proof ends with. */
function placeQed(coreState: StateCore, closeIndex: number): void {
  const tokens = coreState.tokens;
  let i = closeIndex - 1;
  while (i > 0 && CLOSERS.has(tokens[i].type)) i--;
  const last = tokens[i];
  if (last.type === 'paragraph_close' && tokens[i - 1]?.type === 'inline') {
    tokens[i - 1].children!.push(html(coreState, ` ${QED}`));
    return;
  }
  const mark = (content: string) => {
    const token = new coreState.Token('html_block', '', 0);
    token.content = content;
    return token;
  };
  if (i === closeIndex - 1 && (last.type === 'math_block' || (last.type === 'fence' && last.info.trim() === 'math'))) {
    // Beside the last line of the display, as amsthm's \qedhere puts it.
    tokens.splice(i + 1, 0, mark(`${QED}</div>\n`));
    tokens.splice(i, 0, mark('<div class="qed-display">\n'));
    return;
  }
  tokens.splice(closeIndex, 0, mark(`<p class="qed-line">${QED}</p>\n`));
}

/** The matching close of the container opened at `open`. */
function closeOf(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].type === 'container_theorem_open') depth++;
    else if (tokens[i].type === 'container_theorem_close' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/**
 * Number every theorem-like block (each kind on its own counter), register its label,
 * and put its lead-in ("Theorem 2 (Title).", "Proof.") at the start of its first
 * paragraph; proofs get their end mark. Titles are Markdown, math included.
 */
export function structureTheorems(md: MarkdownIt, coreState: StateCore, labels: PaperLabels, state: DocumentState): void {
  const tokens = coreState.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i];
    if (open.type !== 'container_theorem_open') continue;
    const info = parseTheoremInfo(open.info)!;
    const line = fileLine(state, open.map?.[0]);
    let title = info.title;
    // Quarto's `## Title` as the block's first line.
    if (!title && info.kind !== 'proof' && tokens[i + 1]?.type === 'heading_open' && tokens[i + 1].map?.[0] === (open.map?.[0] ?? -2) + 1) {
      title = tokens[i + 2].content;
      tokens.splice(i + 1, 3);
    }
    let number: number | undefined;
    if (info.kind === 'proof') {
      if (info.label) labels.error(line, `{#${info.label}}: a proof has no number to refer to; label the statement it proves instead.`);
    } else {
      number = labels.next(info.kind);
      if (info.label && !labels.define(info.label, info.kind, number, line)) info.label = undefined;
    }
    const name = info.kind === 'proof' ? 'Proof' : `${THEOREM_KINDS[info.kind].name} ${number}`;
    const head = [html(coreState, `<span class="theorem-head"><${info.kind === 'proof' ? 'em' : 'strong'} class="theorem-name">${name}</${info.kind === 'proof' ? 'em' : 'strong'}>`)];
    if (title) head.push(html(coreState, ' ('), ...inlineTokens(md, coreState, title), html(coreState, ')'));
    head.push(html(coreState, '.</span> '));
    open.meta = { ...(open.meta ?? {}), theorem: { kind: info.kind, label: info.label, name } };

    if (tokens[i + 1]?.type === 'paragraph_open' && tokens[i + 2]?.type === 'inline') {
      tokens[i + 2].children = [...head, ...(tokens[i + 2].children ?? [])];
    } else {
      const paragraph = new coreState.Token('paragraph_open', 'p', 1);
      const inline = new coreState.Token('inline', '', 0);
      inline.children = head;
      inline.map = open.map;
      inline.content = '';
      tokens.splice(i + 1, 0, paragraph, inline, new coreState.Token('paragraph_close', 'p', -1));
    }
    if (info.kind === 'proof') placeQed(coreState, closeOf(tokens, i));
  }
}

/** The container syntax: one container for every kind, told apart by its info line. */
export function theoremContainers(md: MarkdownIt): void {
  md.use(container, {
    name: 'theorem',
    validate: (params: string) => parseTheoremInfo(params) !== undefined,
    openRender: (tokens, idx) => {
      const theorem = tokens[idx].meta?.theorem as { kind: string; label?: string } | undefined;
      const kind = theorem?.kind ?? 'theorem';
      const id = theorem?.label ? ` id="${escapeHtml(theorem.label)}"` : '';
      return kind === 'proof' ? '<div class="proof">\n' : `<div class="theorem theorem-${kind}"${id}>\n`;
    },
    closeRender: () => '</div>\n',
  });
}
