import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A deterministic synthetic math blog for benchmarks: N posts, each with about 48
 * equations (inline and display, with the repetition real blogs have: the same
 * symbols and classic formulas again and again, most display equations unique),
 * 3 code blocks in several languages, tags, headings and links between posts.
 * The same seed always gives the same bytes.
 */

export interface CorpusOptions {
  posts: number;
  seed?: number;
}

export interface CorpusStats {
  posts: number;
  equations: number;
  codeBlocks: number;
}

/** mulberry32: small, fast, and the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** Symbols and short formulas every ML/math blog repeats. */
const COMMON_INLINE = [
  'x', 'y', 'n', 'd', 'k', '\\theta', '\\lambda', '\\sigma', '\\mu', '\\epsilon', '\\alpha', '\\beta', 'f(x)', 'p(x)',
  '\\mathbb{R}^d', '\\mathbb{E}[X]', 'x_i', 'y_i', 'w^\\top x', '\\nabla f', '\\mathcal{L}', 'p(x \\mid \\theta)',
  '\\|x\\|_2', 'O(n \\log n)', '\\hat{y}', 'i = 1, \\dots, n', '\\mathcal{N}(0, 1)', '\\operatorname{softmax}(z)',
  'A \\in \\mathbb{R}^{m \\times n}', '\\eta', 'q(z)', '\\log p(x)', 'T', 'W', 'b', 'h_t', '\\mathbf{x}', 'K(x, x\')',
];

const VARS = ['x', 'y', 'z', 'u', 'v', 'w', 'a', 'b', 'h', 's'];
const GREEK = ['\\alpha', '\\beta', '\\gamma', '\\lambda', '\\mu', '\\sigma', '\\tau', '\\phi', '\\psi', '\\omega'];
const FUNCS = ['f', 'g', 'h', 'L', 'J', 'F', 'G'];

/** Parameterised formulas: the shapes repeat, the symbols and numbers vary. */
const INLINE_SHAPES: ((r: Rng) => string)[] = [
  (r) => `${pick(r, VARS)}_{${int(r, 1, 9)}} + ${pick(r, VARS)}_{${int(r, 1, 9)}}`,
  (r) => `${pick(r, GREEK)} = ${int(r, 1, 99) / 100}`,
  (r) => `${pick(r, FUNCS)}(${pick(r, VARS)}) = ${pick(r, VARS)}^${int(r, 2, 5)}`,
  (r) => `\\frac{${int(r, 1, 9)}}{${int(r, 2, 12)}}`,
  (r) => `\\sum_{i=1}^{${int(r, 2, 50)}} ${pick(r, VARS)}_i`,
  (r) => `${pick(r, VARS)} \\in [${int(r, 0, 5)}, ${int(r, 6, 20)}]`,
  (r) => `\\sqrt{${pick(r, VARS)}^2 + ${pick(r, VARS)}^2}`,
];

const COMMON_DISPLAY = [
  'p(\\theta \\mid x) = \\frac{p(x \\mid \\theta)\\, p(\\theta)}{p(x)}',
  '\\operatorname{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}',
  '\\mathcal{L}(\\theta) = -\\frac{1}{n} \\sum_{i=1}^{n} \\log p_\\theta(y_i \\mid x_i)',
  '\\theta_{t+1} = \\theta_t - \\eta \\nabla_\\theta \\mathcal{L}(\\theta_t)',
  'e^{i\\pi} + 1 = 0',
  '\\operatorname{KL}(q \\,\\|\\, p) = \\int q(z) \\log \\frac{q(z)}{p(z)} \\, dz',
];

const DISPLAY_SHAPES: ((r: Rng) => string)[] = [
  (r) => {
    const v = pick(r, VARS);
    return `\\int_{${int(r, 0, 3)}}^{${int(r, 4, 9)}} ${pick(r, FUNCS)}(${v})\\, e^{-${pick(r, GREEK)} ${v}^{${int(r, 2, 4)}}} \\, d${v} = \\frac{\\sqrt{\\pi}}{${int(r, 2, 9)}}`;
  },
  (r) => `\\begin{aligned} ${pick(r, FUNCS)}(x) &= \\sum_{k=0}^{${int(r, 3, 20)}} \\frac{x^k}{k!} + ${pick(r, GREEK)} \\\\ &\\le ${int(r, 2, 50)} \\exp\\left(\\frac{x^2}{${int(r, 2, 9)}}\\right) \\end{aligned}`,
  (r) => `\\begin{pmatrix} ${int(r, 1, 9)} & ${pick(r, GREEK)} & ${int(r, 0, 9)} \\\\ ${pick(r, VARS)}_{${int(r, 1, 4)}} & ${int(r, 1, 9)} & 0 \\\\ 0 & ${pick(r, GREEK)}^2 & ${int(r, 1, 9)} \\end{pmatrix} \\begin{pmatrix} x \\\\ y \\\\ z \\end{pmatrix} = \\mathbf{${pick(r, ['b', 'c', 'd'])}}`,
  (r) => `\\mathbb{E}_{${pick(r, VARS)} \\sim \\mathcal{N}(${int(r, 0, 5)}, ${pick(r, GREEK)}^2)}\\left[ \\left\\| ${pick(r, FUNCS)}(${pick(r, VARS)}) - ${pick(r, VARS)} \\right\\|_2^2 \\right] \\le \\frac{${int(r, 1, 9)} ${pick(r, GREEK)}^2}{n}`,
  (r) => `${pick(r, FUNCS)}(x) = \\begin{cases} ${int(r, 1, 9)} x^{${int(r, 2, 5)}} & \\text{if } x \\ge ${int(r, 0, 5)}, \\\\ -\\log(1 + e^{${pick(r, GREEK)} x}) & \\text{otherwise.} \\end{cases}`,
  (r) => `\\nabla_{${pick(r, GREEK)}} \\log \\prod_{i=1}^{${int(r, 10, 999)}} p(${pick(r, VARS)}_i) = \\sum_{i} \\frac{\\partial}{\\partial ${pick(r, GREEK)}} \\log p(${pick(r, VARS)}_i \\mid ${pick(r, GREEK)})`,
];

const CODE = {
  python: (r: Rng) => `import numpy as np\n\ndef softmax(z, t=${int(r, 1, 9)}.0):\n    z = np.asarray(z) / t\n    e = np.exp(z - z.max())  # stable\n    return e / e.sum()\n\nprint(softmax([${int(r, 1, 9)}, ${int(r, 1, 9)}, ${int(r, 1, 9)}]))`,
  js: (r: Rng) => `export function mean(xs) {\n  let total = 0;\n  for (const x of xs) total += x;\n  return total / Math.max(xs.length, ${int(r, 1, 9)});\n}\n\nconsole.log(mean([${int(r, 1, 99)}, ${int(r, 1, 99)}]));`,
  rust: (r: Rng) => `fn dot(a: &[f64], b: &[f64]) -> f64 {\n    a.iter().zip(b).map(|(x, y)| x * y).sum()\n}\n\nfn main() {\n    println!("{}", dot(&[1.0, ${int(r, 1, 9)}.0], &[3.0, 4.0]));\n}`,
  bash: (r: Rng) => `#!/usr/bin/env bash\nset -euo pipefail\nfor seed in $(seq 1 ${int(r, 2, 20)}); do\n  python train.py --seed "$seed" --lr 0.00${int(r, 1, 9)}\ndone`,
  typescript: (r: Rng) => `interface Point { x: number; y: number }\n\nconst norm = (p: Point): number => Math.hypot(p.x, p.y);\nconsole.log(norm({ x: ${int(r, 1, 9)}, y: ${int(r, 1, 9)} }));`,
};
const LANGUAGES = Object.keys(CODE) as (keyof typeof CODE)[];

const WORDS = 'the model we consider here learns a distribution over data and its gradient tells us where the loss decreases fastest so each step moves the parameters a little while the variance of the estimate shrinks as the batch grows'.split(' ');
const TAGS = ['probability', 'optimization', 'linear-algebra', 'deep-learning', 'statistics', 'calculus', 'information-theory', 'bayesian'];

function sentence(rng: Rng, words = int(rng, 8, 16)): string {
  const s = Array.from({ length: words }, () => pick(rng, WORDS)).join(' ');
  return s[0].toUpperCase() + s.slice(1);
}

function inlineMath(rng: Rng): string {
  return rng() < 0.65 ? pick(rng, COMMON_INLINE) : pick(rng, INLINE_SHAPES)(rng);
}

function displayMath(rng: Rng): string {
  return rng() < 0.15 ? pick(rng, COMMON_DISPLAY) : pick(rng, DISPLAY_SHAPES)(rng);
}

export function slugFor(index: number): string {
  return `post-${String(index + 1).padStart(4, '0')}`;
}

/** One post's Markdown; equations: 34 inline + 14 display, 3 code blocks. */
export function generatePost(index: number, total: number, seed = 1): string {
  const rng = random(seed * 1_000_003 + index);
  const day = new Date(Date.UTC(2020, 0, 1) - index * 86_400_000).toISOString().slice(0, 10);
  const tags = [...new Set([pick(rng, TAGS), pick(rng, TAGS)])];
  const lines = ['---', `title: "Notes ${index + 1}: ${sentence(rng, 4)}"`, `date: ${day}`, `tags: [${tags.join(', ')}]`, `description: "${sentence(rng, 10)}."`];
  // Some posts bring their own macros, as authors do.
  const ownMacros = index % 10 === 3;
  if (ownMacros) lines.push('math:', '  macros:', '    "\\\\Var": "\\\\operatorname{Var}"');
  lines.push('---', '');
  if (index % 7 === 0) lines.push('$$\\newcommand{\\R}{\\mathbb{R}}\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}$$', '');
  for (let section = 0; section < 7; section++) {
    lines.push(`## Part ${section + 1}: ${sentence(rng, 3).toLowerCase()}`, '');
    for (let p = 0; p < 2; p++) {
      const bits = Array.from({ length: section === 6 && p === 1 ? 2 : section % 2 === 0 ? 3 : 2 }, () => `${sentence(rng)} $${inlineMath(rng)}$`);
      lines.push(`${bits.join(', ')}.`, '');
    }
    const displays = section === 6 ? 1 : 2;
    for (let d = 0; d < displays; d++) lines.push('$$', displayMath(rng), '$$', '');
    if (section % 2 === 1 && section < 6) {
      const language = pick(rng, LANGUAGES);
      lines.push(`\`\`\`${language}`, CODE[language](rng), '```', '');
    }
    if (section === 2 && total > 1) {
      const other = slugFor((index + int(rng, 1, total - 1)) % total);
      lines.push(`See also [the earlier notes](/posts/${other}/)${ownMacros ? ' on $\\Var(X)$' : ''}.`, '');
    }
  }
  if (index % 7 === 0) lines.push(`Finally $\\norm{x} \\in \\R$ for every $x \\in \\R^{${int(rng, 2, 9)}}$.`, '');
  return lines.join('\n');
}

/** Write `posts/post-NNNN.md` under `dir`; returns what was generated. */
export function generateCorpus(dir: string, options: CorpusOptions): CorpusStats {
  const postsDir = path.join(dir, 'posts');
  mkdirSync(postsDir, { recursive: true });
  let equations = 0;
  let codeBlocks = 0;
  for (let i = 0; i < options.posts; i++) {
    const text = generatePost(i, options.posts, options.seed ?? 1);
    equations += countEquations(text);
    codeBlocks += (text.match(/^```\w+$/gm) ?? []).length;
    writeFileSync(path.join(postsDir, `${slugFor(i)}.md`), text);
  }
  return { posts: options.posts, equations, codeBlocks };
}

/** `$…$` and `$$…$$` in a generated post (it uses no other delimiters). */
export function countEquations(text: string): number {
  const display = (text.match(/^\$\$/gm) ?? []).length / 2 + (text.match(/^\$\$\S.*\$\$$/gm) ?? []).length / 2;
  const inline = (text.replace(/^\$\$[\s\S]*?\$\$$/gm, '').match(/\$[^$\n]+\$/g) ?? []).length;
  return display + inline;
}
