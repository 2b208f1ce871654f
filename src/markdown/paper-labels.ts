import type { DocumentState } from './document.js';

/**
 * What a paper numbers, and the label prefixes Quarto gives each kind
 * (`{#thm-basel}`, `@fig-plot`): a label's prefix says what it may label.
 */
export const THEOREM_KINDS = {
  theorem: { name: 'Theorem', prefix: 'thm' },
  lemma: { name: 'Lemma', prefix: 'lem' },
  proposition: { name: 'Proposition', prefix: 'prp' },
  corollary: { name: 'Corollary', prefix: 'cor' },
  conjecture: { name: 'Conjecture', prefix: 'cnj' },
  definition: { name: 'Definition', prefix: 'def' },
  example: { name: 'Example', prefix: 'exm' },
  exercise: { name: 'Exercise', prefix: 'exr' },
  remark: { name: 'Remark', prefix: 'rem' },
} as const;

export type TheoremKind = keyof typeof THEOREM_KINDS;
/** Everything numbered outside equations. */
export type NumberedKind = TheoremKind | 'figure';

export const KIND_NAMES: Record<NumberedKind, string> = {
  ...Object.fromEntries(Object.entries(THEOREM_KINDS).map(([kind, k]) => [kind, k.name])),
  figure: 'Figure',
} as Record<NumberedKind, string>;

export const KIND_PREFIXES: Record<NumberedKind, string> = {
  ...Object.fromEntries(Object.entries(THEOREM_KINDS).map(([kind, k]) => [kind, k.prefix])),
  figure: 'fig',
} as Record<NumberedKind, string>;

const KIND_BY_PREFIX = new Map(Object.entries(KIND_PREFIXES).map(([kind, prefix]) => [prefix, kind as NumberedKind]));

/** The kind a label's prefix names (`thm-x` → theorem), if any. */
export function kindOfLabel(label: string): NumberedKind | undefined {
  const dash = label.indexOf('-');
  return dash > 0 ? KIND_BY_PREFIX.get(label.slice(0, dash)) : undefined;
}

/** Prefixes that make `@prefix-x` a cross-reference rather than a citation. */
export function isCrossrefKey(key: string): boolean {
  return kindOfLabel(key) !== undefined;
}

export interface PaperLabel {
  kind: NumberedKind;
  number: number;
  /** 1-based file line where it is defined. */
  line: number;
}

/** The numbered things of one post, by label, with their counters. */
export class PaperLabels {
  readonly labels = new Map<string, PaperLabel>();
  private readonly counters = new Map<NumberedKind, number>();

  constructor(private readonly state: DocumentState) {}

  /** The next number of this kind (each kind counts on its own, per post). */
  next(kind: NumberedKind): number {
    const number = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, number);
    return number;
  }

  /**
   * Register `label` on a `kind` numbered `number`; a label whose prefix names another
   * kind, or one used before, is an error at `line`. Returns whether it was registered.
   */
  define(label: string, kind: NumberedKind, number: number, line: number): boolean {
    const prefix = KIND_PREFIXES[kind];
    if (!label.startsWith(`${prefix}-`)) {
      const named = kindOfLabel(label);
      const what = named ? `a ${named} label` : 'no known kind';
      this.error(line, `{#${label}} is ${what}, but it labels a ${kind}: ${kind} labels start with "${prefix}-" (write {#${prefix}-${label.replace(/^[a-z]+-/, '')}} and refer to it as @${prefix}-…).`);
      return false;
    }
    const existing = this.labels.get(label);
    if (existing) {
      this.error(line, `{#${label}} is used twice in this post (first at line ${existing.line}); give each ${kind} its own label.`);
      return false;
    }
    this.labels.set(label, { kind, number, line });
    return true;
  }

  error(line: number, message: string, source?: string): void {
    this.state.diagnostics.push({ severity: 'error', kind: 'markup', file: this.state.file, line, message, source });
  }
}
