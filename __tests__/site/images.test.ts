import { createHash, randomBytes } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import sharp from 'sharp';
import { makeProject, post, runCli } from '../helpers/project.js';
import { svgSize } from '../../src/site/images.js';

/**
 * Images beside posts, through the real `lemma build` (Eleventy, eleventy-img, sharp):
 * the markup, the files it names, the feed, the warning for a huge file, and the same
 * bytes from a cold, a warm and a threaded build.
 */
const projects: string[] = [];
afterAll(() => projects.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Every file under `dir` with the SHA-256 of its bytes, by relative path. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = path.join(sub, name);
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else files[rel] = createHash('sha256').update(readFileSync(path.join(dir, rel))).digest('hex');
    }
  };
  walk('');
  return files;
}

const magic = (bytes: Buffer) =>
  bytes.subarray(4, 12).toString('latin1') === 'ftypavif' ? 'avif' : bytes.subarray(8, 12).toString('latin1') === 'WEBP' ? 'webp' : bytes.subarray(1, 4).toString('latin1') === 'PNG' ? 'png' : 'other';

let dir: string;
let cold: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  const posts: Record<string, string> = {
    'photo.md': post(
      { title: 'Photo', date: '2026-03-01' },
      ['A short opening.', '', '![A gradient](photo.png)', '', 'Much later, the same photo again and a drawing:', '', '![Again](photo.png)', '', '![Bars](bars.svg)', ''].join('\n'),
    ),
    'huge.md': post({ title: 'Huge', date: '2026-03-02' }, ['Intro.', '', 'Text before.', '', '![Noise](huge.png)', ''].join('\n')),
  };
  // Enough posts for the build to render on worker threads (LEMMA_THREADS below).
  for (let i = 0; i < 24; i++) posts[`n${i}.md`] = post({ title: `Note ${i}`, date: '2026-02-01' }, `Note $x_{${i}}$.\n`);
  dir = makeProject(posts);
  projects.push(dir);
  const w = 1600;
  const h = 900;
  const gradient = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    gradient[i * 3] = Math.round((255 * (i % w)) / w);
    gradient[i * 3 + 1] = 90;
    gradient[i * 3 + 2] = 160;
  }
  await sharp(gradient, { raw: { width: w, height: h, channels: 3 } }).png().toFile(path.join(dir, 'posts/photo.png'));
  // Noise does not compress: 16-bit RGBA noise makes a PNG over the 5 MB the build warns
  // above, with few pixels to convert.
  const noise = randomBytes(820 * 820 * 8);
  await sharp(new Uint16Array(noise.buffer, noise.byteOffset, 820 * 820 * 4), { raw: { width: 820, height: 820, channels: 4 } })
    .toColourspace('rgb16')
    .png({ compressionLevel: 0 })
    .toFile(path.join(dir, 'posts/huge.png'));
  writeFileSync(path.join(dir, 'posts/bars.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120"><rect width="300" height="120"/></svg>');
  cold = await runCli(['build'], dir, { LEMMA_THREADS: '0' });
}, 300_000);

test('the cold build succeeds, converting each image once and warning, at its line, about the huge one', () => {
  expect(cold.code).toBe(0);
  expect(cold.stderr).toMatch(/^posts\/huge\.md:9: warning: image huge\.png is 5\.\d MB \(820×820 px\)/m);
  expect(cold.stderr).toContain('Save it smaller');
  // photo.png, huge.png, bars.svg: three files, whatever the number of pages showing them.
  expect(cold.stdout).toContain('Images: 3 processed, 0 from the cache');
});

test('a photo becomes AVIF, WebP and PNG at three widths, sized, and only the first on the screen loads eagerly', () => {
  const $ = load(readFileSync(path.join(dir, '_site/posts/photo/index.html'), 'utf8'));
  const pictures = $('main picture');
  expect(pictures).toHaveLength(2);
  const first = pictures.first();
  expect(first.find('source').map((_, s) => $(s).attr('type')).get()).toEqual(['image/avif', 'image/webp']);
  const img = first.find('img');
  expect([img.attr('width'), img.attr('height'), img.attr('alt')]).toEqual(['1440', '810', 'A gradient']);
  expect(img.attr('fetchpriority')).toBe('high');
  expect(img.attr('loading')).toBeUndefined();
  expect(img.attr('sizes')).toContain('39.5rem');
  const second = pictures.last().find('img');
  expect([second.attr('loading'), second.attr('decoding')]).toEqual(['lazy', 'async']);

  // Every candidate is a real file of its format and width, beside the original.
  const candidates = first.find('source, img').map((_, el) => $(el).attr('srcset')!.split(', ')).get() as string[];
  expect(candidates).toHaveLength(9);
  for (const candidate of candidates) {
    const [url, descriptor] = candidate.split(' ');
    expect(url).toMatch(/^\/posts\/photo-[0-9a-f]{10}-\d+\.(avif|webp|png)$/);
    const file = path.join(dir, '_site', url);
    expect(magic(readFileSync(file))).toBe(path.extname(url).slice(1));
    expect(descriptor).toBe(`${url.match(/-(\d+)\.\w+$/)![1]}w`);
  }
  expect(candidates.map((c) => c.split(' ')[1])).toEqual(['480w', '960w', '1440w', '480w', '960w', '1440w', '480w', '960w', '1440w']);
});

test('an SVG keeps its file and gets its size from the viewBox', () => {
  const $ = load(readFileSync(path.join(dir, '_site/posts/photo/index.html'), 'utf8'));
  const svg = $('main img[src$=".svg"]');
  expect([svg.attr('src'), svg.attr('width'), svg.attr('height'), svg.attr('loading')]).toEqual(['/posts/bars.svg', '300', '120', 'lazy']);
  expect(svgSize('<svg width="10cm" viewBox="0 0 40 10"/>')).toEqual({ width: 40, height: 10 });
  expect(svgSize('<svg width="200" viewBox="0 0 40 10"/>')).toEqual({ width: 200, height: 50 });
  expect(svgSize('<svg/>')).toBeUndefined();
});

test('the feed links to the original, full size, at an absolute URL', () => {
  const feed = readFileSync(path.join(dir, '_site/feed.xml'), 'utf8');
  const entry = load(feed, { xmlMode: true })('entry').filter((_, e) => load(e, { xmlMode: true })('title').text() === 'Photo');
  const content = load(entry.find('content').text());
  const { url } = JSON.parse(readFileSync(path.join(dir, 'site/site.json'), 'utf8')) as { url: string };
  expect(content('img').map((_, img) => content(img).attr('src')).get()).toEqual([`${url}/posts/photo.png`, `${url}/posts/photo.png`, `${url}/posts/bars.svg`]);
  expect(readFileSync(path.join(dir, '_site/posts/photo.png')).equals(readFileSync(path.join(dir, 'posts/photo.png')))).toBe(true);
});

test('a warm build does no image work, and warm and threaded builds write the same bytes', async () => {
  const before = tree(path.join(dir, '_site'));
  const warm = await runCli(['build'], dir, { LEMMA_THREADS: '0' });
  expect(warm.code).toBe(0);
  expect(warm.stdout).toContain('Images: 0 processed, 3 from the cache');
  expect(tree(path.join(dir, '_site'))).toEqual(before);

  // A copy of the project without any cache, built on two worker threads.
  const fresh = makeProject({});
  projects.push(fresh);
  rmSync(path.join(fresh, 'posts'), { recursive: true });
  cpSync(path.join(dir, 'posts'), path.join(fresh, 'posts'), { recursive: true });
  const threaded = await runCli(['build'], fresh, { LEMMA_THREADS: '2' });
  expect(threaded.code).toBe(0);
  expect(threaded.stdout).toContain('Images: 3 processed, 0 from the cache');
  expect(tree(path.join(fresh, '_site'))).toEqual(before);
}, 300_000);

test('an image that cannot be read fails the build at its line and is left as written; a missing one is left to the checker', async () => {
  const bad = makeProject({ 'bad.md': post({ title: 'Bad', date: '2026-03-03' }, ['Intro.', '', '![Not a picture](broken.png)', '', '![Gone](missing.png)', ''].join('\n')) });
  projects.push(bad);
  writeFileSync(path.join(bad, 'posts/broken.png'), 'this is text, not a PNG\n');
  const result = await runCli(['build'], bad);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^posts\/bad\.md:7: error: image broken\.png could not be read \(.+\): save it again as a valid PNG/m);
  expect(result.stderr).not.toContain('missing.png');
  const $ = load(readFileSync(path.join(bad, '_site/posts/bad/index.html'), 'utf8'));
  expect($('main img').map((_, img) => $(img).attr('src')).get()).toEqual(['/posts/broken.png', '/posts/missing.png']);
}, 120_000);
