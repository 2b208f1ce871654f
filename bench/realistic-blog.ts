import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A deterministic blog that looks like a real one, for the differential build test:
 * every post uses every feature authors use (numbered and tagged equations in
 * `equation`, `align` and `$$`, bare environments, references in prose and inside
 * `::: details`, per-post macros in front matter and by `\newcommand`, callouts,
 * footnotes and tables with math, code in several languages, links between posts to
 * their headings and equations, images beside posts and in subfolders, tags), plus a
 * series in a subfolder, one draft and one post dated in the future. The same options
 * always give the same bytes.
 */

export interface RealisticBlogOptions {
  /** Published posts (at least 2); the draft and the future post come on top. */
  posts: number;
}

export interface RealisticBlog {
  /** Every post file written, relative to the project (`posts/…`). */
  files: string[];
  /** The draft's and the future post's files. */
  draft: string;
  future: string;
  /** A day to build on (`LEMMA_BUILD_DATE`): every post but the future one is published. */
  buildDate: string;
  /** The URL path of a published post, by index. */
  url(index: number): string;
}

const TAGS = ['probability', 'optimization', 'linear-algebra', 'deep-learning', 'statistics', 'information-theory'];
const SERIES_EVERY = 6;

/** Posts 0, 6, 12, … live in `posts/series/`, the rest in `posts/`. */
function postPath(index: number): { dir: string; slug: string } {
  const slug = `note-${String(index + 1).padStart(3, '0')}`;
  return index % SERIES_EVERY === 0 ? { dir: 'posts/series', slug } : { dir: 'posts', slug };
}

/** The relative link from post `from` to post `to`'s Markdown file, as GitHub's preview resolves it. */
function relativeLink(fromDir: string, to: number): string {
  const b = postPath(to);
  if (fromDir === b.dir) return `${b.slug}.md`;
  return fromDir === 'posts' ? `series/${b.slug}.md` : `../${b.slug}.md`;
}

/** Series posts keep figures in `posts/series/figures/`; others beside them, or in `posts/images/` (odd posts). */
function imagePath(index: number, dir: string): string {
  if (dir === 'posts/series') return `figures/part-${index + 1}.svg`;
  return index % 2 === 1 ? `images/fig-${index + 1}.svg` : `fig-${index + 1}.svg`;
}

const figure = (n: number, label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60"><rect width="120" height="60" fill="#eef"/><text x="10" y="35" font-size="14">${label} ${n}</text></svg>\n`;

const CODE: [string, (n: number) => string][] = [
  ['python', (n) => `import numpy as np\n\ndef softmax(z, t=${n}.0):\n    e = np.exp(np.asarray(z) / t)\n    return e / e.sum()`],
  ['rust', (n) => `fn dot(a: &[f64], b: &[f64]) -> f64 {\n    a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>() * ${n}.0\n}`],
  ['typescript', (n) => `const norm = (p: { x: number; y: number }): number => Math.hypot(p.x, p.y) / ${n};`],
  ['bash', (n) => `for seed in $(seq 1 ${n}); do\n  python train.py --seed "$seed"\ndone`],
  ['js', (n) => `export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, ${n});`],
];

/** One post; `n` is 1-based, `links` the indexes of published posts it links to. */
function postText(index: number, dir: string, front: string[], links: number[]): string {
  const n = index + 1;
  const [langA, codeA] = CODE[index % CODE.length];
  const [langB, codeB] = CODE[(index + 2) % CODE.length];
  const image = `![Figure ${n}](${imagePath(index, dir)})`;
  const linkLines = links.map(
    (to) => `See [the bound of note ${to + 1}](${relativeLink(dir, to)}#eq:bound-${to + 1}), its [setting](${relativeLink(dir, to)}#setting) and [the lemma](${relativeLink(dir, to)}#lemma-${to + 1}).`,
  );
  return [
    '---',
    ...front,
    'math:',
    '  macros:',
    `    "\\\\KL": "\\\\operatorname{KL}"`,
    '---',
    '',
    `$$\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}\\newcommand{\\E}{\\mathbb{E}}$$`,
    '',
    '## Setting',
    '',
    `We study $\\KL(q \\,\\|\\, p)$ for $x \\in \\mathbb{R}^{${n}}$ with $\\norm{x}_2 \\le ${n}$ and $\\E[X] = ${n % 7}$.`,
    '',
    '\\begin{equation}',
    `\\KL(q \\,\\|\\, p) = \\int q(z) \\log \\frac{q(z)}{p(z)} \\, dz + ${n} \\label{eq:kl-${n}}`,
    '\\end{equation}',
    '',
    '\\begin{align}',
    `f(x) &= \\sum_{k=0}^{${n}} \\frac{x^k}{k!} \\label{eq:series-${n}} \\\\`,
    `g(x) &= f(x)^2 - ${n} \\\\`,
    `h(x) &\\le \\norm{x}^{${(n % 4) + 2}} \\tag{$\\ast$} \\label{eq:star-${n}}`,
    '\\end{align}',
    '',
    '$$',
    `\\E_{x \\sim p}\\left[ \\norm{x - \\mu}^2 \\right] \\le \\frac{${n}\\sigma^2}{n} \\label{eq:bound-${n}}`,
    '$$',
    '',
    `$$ e^{i\\pi} + ${n} = ${n - 1} \\tag{E${n}} \\label{eq:euler-${n}} $$`,
    '',
    '\\begin{gather*}',
    `a_{${n}} = b_{${n}} \\\\ c = d`,
    '\\end{gather*}',
    '',
    `By \\eqref{eq:kl-${n}}, \\eqref{eq:series-${n}}, \\eqref{eq:star-${n}}, \\eqref{eq:bound-${n}} and \\eqref{eq:euler-${n}} the claim follows.`,
    '',
    `## Lemma ${n}`,
    '',
    `::: details Proof of the bound in note ${n}`,
    `Expand \\eqref{eq:bound-${n}} with $\\mu = ${n}$:`,
    '',
    '$$',
    `\\norm{x - \\mu}^2 = \\norm{x}^2 - 2 \\mu^\\top x + ${n}^2`,
    '$$',
    ':::',
    '',
    '::: note',
    `A callout with $\\sigma^2 = ${n}$ inside.`,
    ':::',
    '',
    `::: warning Careful with $\\lambda_{${n}}$`,
    `The step size must stay below $1/${n}$.[^step]`,
    ':::',
    '',
    '| Symbol | Meaning | Value |',
    '| --- | --- | --- |',
    `| $\\mu$ | mean | $${n}$ |`,
    `| $\\sigma^2$ | variance | $\\frac{1}{${n}}$ |`,
    '',
    `\`\`\`${langA}`,
    codeA(n),
    '```',
    '',
    `\`\`\`${langB}`,
    codeB(n),
    '```',
    '',
    image,
    '',
    ...linkLines.flatMap((line) => [line, '']),
    `Footnotes carry math too.[^kl]`,
    '',
    `[^step]: Because $\\eta < 1/L$ with $L = ${n}$.`,
    `[^kl]: Since $\\KL \\ge 0$, with equality iff $q = p$.`,
    '',
  ].join('\n');
}

function dayOf(index: number): string {
  return new Date(Date.UTC(2024, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
}

/** Write the blog's posts and images under `dir` (its `posts/` folder). */
export function generateRealisticBlog(dir: string, options: RealisticBlogOptions): RealisticBlog {
  const total = options.posts;
  if (total < 2) throw new Error('A realistic blog needs at least 2 posts.');
  const files: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  for (let i = 0; i < total; i++) {
    const { dir: folder, slug } = postPath(i);
    const tags = [TAGS[i % TAGS.length], TAGS[(i * 5 + 1) % TAGS.length]].filter((t, k, all) => all.indexOf(t) === k);
    const front = [`title: "Note ${i + 1}: bounds & ${tags[0]}"`, `date: ${dayOf(i)}`, `tags: [${tags.join(', ')}]`, `description: "What note ${i + 1} shows."`];
    const links = [...new Set([(i + 1) % total, (i + 7) % total])].filter((to) => to !== i);
    const file = `${folder}/${slug}.md`;
    write(file, postText(i, folder, front, links));
    files.push(file);
    write(`${folder}/${imagePath(i, folder)}`, figure(i + 1, 'Figure'));
  }
  // A draft and a post dated after the build day: each with every feature, linked to by no one.
  const draft = 'posts/draft-ideas.md';
  write(draft, postText(total, 'posts', [`title: "Draft ideas"`, `date: ${dayOf(total)}`, 'tags: [probability]', 'draft: true'], [0]));
  write(`posts/${imagePath(total, 'posts')}`, figure(total + 1, 'Figure'));
  const future = 'posts/next-year.md';
  write(future, postText(total + 1, 'posts', [`title: "Next year"`, `date: 2099-01-01`, 'tags: [statistics]'], [1]));
  write(`posts/${imagePath(total + 1, 'posts')}`, figure(total + 2, 'Figure'));
  files.push(draft, future);
  return {
    files,
    draft,
    future,
    buildDate: dayOf(total + 10),
    url: (index) => {
      const { dir: folder, slug } = postPath(index);
      return `/${folder}/${slug}/`;
    },
  };
}
