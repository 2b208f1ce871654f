import { parseSlice, sliceIndices } from '../../src/notebook/slice.js';

/** Python's answers for `list(range(6))[slice]`, as the Pelican tag `cells[…]` reads them. */
const PYTHON: [string, number[]][] = [
  ['2:', [2, 3, 4, 5]],
  ['1:4', [1, 2, 3]],
  [':-1', [0, 1, 2, 3, 4]],
  ['-2:', [4, 5]],
  ['::2', [0, 2, 4]],
  ['1::2', [1, 3, 5]],
  ['::-1', [5, 4, 3, 2, 1, 0]],
  ['4:1:-1', [4, 3, 2]],
  ['-1:-4:-2', [5, 3]],
  ['10:', []],
  [':100', [0, 1, 2, 3, 4, 5]],
  ['-100:2', [0, 1]],
  [':', [0, 1, 2, 3, 4, 5]],
  ['3', [3]],
  ['-1', [5]],
  ['6', []],
];

test.each(PYTHON)('cells=%s picks what Python picks', (text, expected) => {
  const slice = parseSlice(text);
  expect(slice).toBeDefined();
  expect(sliceIndices(slice!, 6)).toEqual(expected);
});

test.each(['', 'a:b', '1:2:3:4', '::0', '1.5:', '[1:]'])('cells=%s is not a slice', (text) => {
  expect(parseSlice(text)).toBeUndefined();
});
