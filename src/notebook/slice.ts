/** A Python slice or index over a notebook's cells: `2:`, `1:4`, `:-1`, `::2`, `3`, `-1`. */
export interface CellSlice {
  text: string;
  start?: number;
  stop?: number;
  step?: number;
  /** A single index, not a slice. */
  index?: number;
}

const INT = /^[+-]?\d+$/;

/** Parse the text after `cells=`; undefined when it is not a Python index or slice. */
export function parseSlice(text: string): CellSlice | undefined {
  const parts = text.trim().split(':');
  if (parts.length > 3 || parts.some((p) => p !== '' && !INT.test(p.trim()))) return undefined;
  const number = (p: string | undefined) => (p === undefined || p.trim() === '' ? undefined : Number(p));
  if (parts.length === 1) return parts[0] === '' ? undefined : { text, index: Number(parts[0]) };
  const step = number(parts[2]);
  if (step === 0) return undefined;
  return { text, start: number(parts[0]), stop: number(parts[1]), step };
}

/** The 0-based indices a slice picks from `length` items, exactly as Python's `list[slice]`. */
export function sliceIndices(slice: CellSlice, length: number): number[] {
  if (slice.index !== undefined) {
    const i = slice.index < 0 ? length + slice.index : slice.index;
    return i >= 0 && i < length ? [i] : [];
  }
  const step = slice.step ?? 1;
  const clamp = (value: number | undefined, fallback: number, low: number, high: number) => {
    if (value === undefined) return fallback;
    const v = value < 0 ? value + length : value;
    return Math.min(Math.max(v, low), high);
  };
  const indices: number[] = [];
  if (step > 0) {
    const start = clamp(slice.start, 0, 0, length);
    const stop = clamp(slice.stop, length, 0, length);
    for (let i = start; i < stop; i += step) indices.push(i);
  } else {
    const start = clamp(slice.start, length - 1, -1, length - 1);
    const stop = clamp(slice.stop, -1, -1, length - 1);
    for (let i = start; i > stop; i += step) indices.push(i);
  }
  return indices;
}
