/**
 * The files `lemma init` writes: a posts-only blog that depends on the engine. Plain
 * functions of what varies (title, day, engine spec, action), so tests can read them.
 */

export interface BlogTemplate {
  /** The folder's name, made a title: "my-blog" → "My blog". */
  title: string;
  /** npm package name for the blog: lower case, dashes. */
  packageName: string;
  author: string;
  /** Today, YYYY-MM-DD: the welcome post's date. */
  day: string;
  /** What package.json depends on for `lemma`: a `file:` path, a git URL, a version. */
  engineSpec: string;
  /** `owner/repo@vN`, the action's major tag. */
  action: string;
  /** npm overrides the blog needs (see `blogOverrides`). */
  overrides: Record<string, unknown>;
}

export function blogFiles(t: BlogTemplate): Record<string, string> {
  return {
    'package.json': packageJson(t),
    'site/site.json': `${JSON.stringify(siteJson(t), null, 2)}\n`,
    'site/pages/about.md': aboutPage(t),
    'posts/welcome.md': welcomePost(t),
    '.gitignore': ['node_modules/', '_site/', '.cache/', ''].join('\n'),
    '.github/workflows/pages.yml': pagesWorkflow(t),
    'README.md': readme(t),
  };
}

function packageJson(t: BlogTemplate): string {
  const manifest = {
    name: t.packageName,
    private: true,
    description: `${t.title}: a blog built with Lemma.`,
    scripts: { start: 'lemma serve', build: 'lemma build', check: 'lemma check', new: 'lemma new' },
    dependencies: { lemma: t.engineSpec },
    ...(Object.keys(t.overrides).length > 0 ? { overrides: t.overrides } : {}),
    engines: { node: '>=20' },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function siteJson(t: BlogTemplate): object {
  return {
    title: t.title,
    description: 'Notes on mathematics and machine learning.',
    language: 'en',
    author: { name: t.author },
    nav: [
      { text: 'Posts', url: '/' },
      { text: 'Archive', url: '/archive/' },
      { text: 'Tags', url: '/tags/' },
      { text: 'Search', url: '/search/' },
      { text: 'About', url: '/about/' },
    ],
    feed: { entries: 20 },
    math: { numbering: true, macros: { '\\R': '\\mathbb{R}', '\\E': '\\mathbb{E}' } },
  };
}

function aboutPage(t: BlogTemplate): string {
  return ['---', 'title: About', 'layout: layouts/page.njk', 'permalink: /about/', '---', `${t.title} is written by ${t.author}.`, '', 'Edit `site/pages/about.md` to say more.', ''].join('\n');
}

function welcomePost(t: BlogTemplate): string {
  return [
    '---',
    'title: Welcome',
    `date: ${t.day}`,
    'description: The first post, with an equation or two.',
    'tags: [meta]',
    '---',
    `This is ${t.title}. Posts are Markdown files in \`posts/\`; equations are typeset when the`,
    'site is built, so readers download no math script.',
    '',
    'Inline math sits in the text, like $e^{i\\pi} + 1 = 0$; display math goes between `$$` lines:',
    '',
    '$$',
    '\\E[X] = \\int_{\\R} x \\, p(x) \\, dx',
    '$$',
    '',
    '::: details Why $\\R$ and $\\E$ work',
    'They are macros from `site/site.json`, available in every post.',
    ':::',
    '',
    'Write the next post with `npm run new -- "My first result"`.',
    '',
  ].join('\n');
}

function pagesWorkflow(t: BlogTemplate): string {
  return `# Builds, checks and publishes the blog to GitHub Pages (the gh-pages branch);
# pull requests get a preview under pr-preview/pr-N/ and one comment.
name: Pages
on:
  push:
    branches: [main]
  pull_request:
    types: [opened, synchronize, reopened, closed]
  schedule:
    - cron: '17 6 * * 1' # weekly: publish posts whose date has come, check external links
  workflow_dispatch:
permissions: {}
jobs:
  publish:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    permissions: { contents: write, issues: write }
    concurrency: { group: pages-branch-production, cancel-in-progress: false }
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@v4
        with:
          path: .cache
          key: lemma-\${{ github.sha }}
          restore-keys: lemma-
      - uses: ${t.action}
  preview:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions: { contents: write, pull-requests: write }
    concurrency:
      group: pr-preview-\${{ github.event.pull_request.number }}
      cancel-in-progress: \${{ github.event.action != 'closed' }}
    steps:
      - uses: actions/checkout@v4
        with: { ref: '\${{ github.event.pull_request.head.sha }}' }
      - uses: ${t.action}
`;
}

function readme(t: BlogTemplate): string {
  return `# ${t.title}

A blog of Markdown posts with math, built by [Lemma](https://github.com/${t.action.split('@')[0]}).

## Quick start

\`\`\`sh
npm install && npm start
\`\`\`

serves the blog with live reload on <http://localhost:8080>. Before you push, check it:

\`\`\`sh
npm run check
\`\`\`

(every equation renders, every link and \`#fragment\` resolves; it reads the last build, so
run \`npm run build\` first when \`npm start\` is not running).

## Writing

- \`npm run new -- "Title"\` creates \`posts/title.md\`; images go beside the posts.
- \`site/site.json\` holds the title, author, navigation and KaTeX macros.
- Any file you put under \`site/\` replaces Lemma's file of the same name (for example
  \`site/_includes/layouts/post.njk\` or \`site/assets/css/lemma.css\`).

## Publishing

Push to GitHub: \`.github/workflows/pages.yml\` builds, checks and deploys the blog to the
\`gh-pages\` branch; in **Settings → Pages** choose **Deploy from a branch**, \`gh-pages\`.

## Upgrading Lemma

Change the \`lemma\` version in \`package.json\` (or run \`npm install lemma@<new spec>\`), then
\`npm install\`; the workflow's \`uses: ${t.action}\` follows the newest release of that major
version by itself.
`;
}
