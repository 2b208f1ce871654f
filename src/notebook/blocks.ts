/** Where a line of the page's Markdown came from: a line of a cell, or a cell's output. */
export interface Origin {
  /** 1-based cell number. */
  cell: number;
  /** 1-based line within the cell's source. */
  line?: number;
  /** From an output (text/markdown, text/latex) rather than the source. */
  output?: boolean;
}

/**
 * A notebook as the Markdown stage reads it: Markdown (cells, LaTeX and Markdown outputs)
 * and HTML that must reach the page untouched (code outputs, figures).
 */
export type Block = { kind: 'markdown'; lines: string[]; origins: (Origin | undefined)[] } | { kind: 'html'; html: string };
