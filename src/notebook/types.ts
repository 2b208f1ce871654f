/** The parts of Jupyter's notebook format (nbformat 4) that Lemma reads. */

/** Multiline text: nbformat allows one string or a list of lines (each keeping its `\n`). */
export type MultilineText = string | string[];

export interface NotebookMetadata {
  kernelspec?: { name?: string; language?: string; display_name?: string };
  language_info?: { name?: string; pygments_lexer?: string };
  [key: string]: unknown;
}

export interface CellMetadata {
  tags?: string[];
  /** nbconvert/Jupyter: the MIME type a raw cell is written for. */
  raw_mimetype?: string;
  format?: string;
  [key: string]: unknown;
}

export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr' | string;
  text: MultilineText;
}

export interface DataOutput {
  output_type: 'display_data' | 'execute_result';
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DataOutput | ErrorOutput;

export interface Cell {
  cell_type: 'markdown' | 'code' | 'raw' | string;
  source: MultilineText;
  metadata?: CellMetadata;
  outputs?: Output[];
  attachments?: Record<string, Record<string, unknown>>;
}

export interface Notebook {
  cells: Cell[];
  metadata?: NotebookMetadata;
  nbformat?: number;
}

/** Multiline text as one string. */
export function joinText(text: unknown): string {
  if (Array.isArray(text)) return text.map((part) => (typeof part === 'string' ? part : '')).join('');
  return typeof text === 'string' ? text : '';
}
