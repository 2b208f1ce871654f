import type MarkdownIt from 'markdown-it';
import { documentState, fileLine, type LemmaEnv } from './document.js';

/**
 * Control characters (form feed, NUL, escape, …) are not allowed in XML: one in a post
 * made `feed.xml` ill-formed for every subscriber, while the build and the check passed.
 * They never mean anything in a post, so they are dropped, each line reported once.
 * Tab, newline and carriage return are text.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Name a control character the way an editor would show it. */
export function describeControl(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` without control characters. */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/** Lines (0-based) of `text` holding a control character, with the characters found. */
export function controlCharacterLines(text: string): Array<{ line: number; found: string[] }> {
  const lines: Array<{ line: number; found: string[] }> = [];
  text.split('\n').forEach((content, line) => {
    const found = content.match(CONTROL_CHARACTERS);
    if (found) lines.push({ line, found: [...new Set(found)].map(describeControl) });
  });
  return lines;
}

export function controlCharactersPlugin(md: MarkdownIt, siteMacros: Record<string, string>): void {
  md.core.ruler.after('normalize', 'lemma_control_characters', (state) => {
    CONTROL_CHARACTERS.lastIndex = 0;
    if (!CONTROL_CHARACTERS.test(state.src)) return;
    const doc = documentState(state.env as LemmaEnv, siteMacros);
    for (const { line, found } of controlCharacterLines(state.src)) {
      doc.diagnostics.push({
        severity: 'warning',
        kind: 'markup',
        file: doc.file,
        line: fileLine(doc, line),
        message: `control character ${found.join(', ')} dropped: it would make the feeds invalid XML. Delete it (an editor shows it as a box, or as ^L and the like).`,
      });
    }
    state.src = withoutControlCharacters(state.src);
  });
}
