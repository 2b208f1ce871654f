import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO } from '../helpers/project.js';

type Yaml = Record<string, any>;
const load = (file: string): Yaml => parse(readFileSync(path.join(REPO, file), 'utf8'), { prettyErrors: true }) as Yaml;

describe('action.yml', () => {
  const action = load('action.yml');

  test('runs the committed bundle on node24 and documents every input and output', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(action.branding).toEqual(expect.objectContaining({ icon: expect.any(String), color: expect.any(String) }));
    for (const entry of [...Object.values(action.inputs), ...Object.values(action.outputs)] as Yaml[]) {
      expect(entry.description).toEqual(expect.stringMatching(/\S{3,}/));
    }
    expect(Object.keys(action.outputs).sort()).toEqual(['errors', 'page-url', 'preview-url', 'site-dir', 'warnings']);
  });

  test('declares exactly the inputs the source reads, and the outputs it sets', () => {
    const source = readdirSync(path.join(REPO, 'src/action'))
      .map((file) => readFileSync(path.join(REPO, 'src/action', file), 'utf8'))
      .join('\n');
    const read = new Set([...source.matchAll(/(?:getInput|bool)\('([a-z-]+)'/g)].map((m) => m[1]));
    const set = new Set([...source.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort());
  });
});

function workflowsInRepository(): [string, Yaml][] {
  const folder = path.join(REPO, '.github/workflows');
  return readdirSync(folder).map((file) => [file, load(`.github/workflows/${file}`)]);
}

function stepsOf(workflow: Yaml): Record<string, Yaml[]> {
  return Object.fromEntries(Object.entries(workflow.jobs as Record<string, Yaml>).map(([name, job]) => [name, (job.steps ?? []) as Yaml[]]));
}

describe('.github/workflows', () => {
  test('pages.yml: the right triggers, least privilege, one never-cancelled production group, per-PR cancellation', () => {
    const pages = load('.github/workflows/pages.yml');
    expect(pages.on.push.branches).toEqual(['main']);
    expect(pages.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'reopened', 'closed']));
    expect(pages.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \d$/); // weekly
    expect(pages.on).toHaveProperty('workflow_dispatch');
    expect(pages.permissions).toEqual({});

    const { publish, preview } = pages.jobs;
    expect(publish.permissions).toEqual({ contents: 'write', issues: 'write' });
    expect(publish.concurrency).toEqual({ group: expect.any(String), 'cancel-in-progress': false });
    expect(preview.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(preview.concurrency.group).toContain('github.event.pull_request.number');
    expect(preview.concurrency['cancel-in-progress']).toContain("github.event.action != 'closed'");
    for (const job of [publish, preview]) {
      expect(job.steps.map((s: Yaml) => s.uses)).toEqual(expect.arrayContaining(['./', expect.stringMatching(/^actions\/cache@/)]));
      expect(job.steps.find((s: Yaml) => s.uses?.startsWith('actions/cache@')).with.path).toBe('.cache');
    }
  });

  test('no workflow pastes an expression into a script, and no checkout leaves the token in .git/config', () => {
    for (const [name, workflow] of workflowsInRepository()) {
      for (const [job, steps] of Object.entries(stepsOf(workflow))) {
        for (const step of steps) {
          // `${{ … }}` inside `run:` is expanded into the script before the shell sees it (script injection).
          if (step.run) expect({ name, job, run: step.run }).toEqual({ name, job, run: expect.not.stringContaining('${{') });
          if (String(step.uses ?? '').startsWith('actions/checkout@')) expect({ name, job, persist: step.with?.['persist-credentials'] }).toEqual({ name, job, persist: false });
        }
      }
    }
  });

  test("the README's workflow: a cache in both jobs, persist-credentials: false, outputs through env", () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```/gm)].map((m) => m[2].replace(new RegExp(`^${m[1]}`, 'gm'), ''));
    // A block may hold several YAML documents (front matter between --- lines).
    const workflows = blocks.flatMap((b) => parseAllDocuments(b).map((d) => d.toJS() as Yaml)).filter((w) => w && typeof w === 'object' && 'jobs' in w);
    expect(workflows.length).toBeGreaterThanOrEqual(2);
    for (const workflow of workflows) {
      for (const steps of Object.values(stepsOf(workflow))) {
        for (const step of steps) {
          if (step.run) expect(step.run).not.toContain('${{');
          if (String(step.uses ?? '').startsWith('actions/checkout@')) expect(step.with?.['persist-credentials']).toBe(false);
        }
      }
    }
    const pages = workflows.find((w) => w.jobs.publish && w.jobs.preview)!;
    for (const job of [pages.jobs.publish, pages.jobs.preview]) {
      expect(job.steps.find((s: Yaml) => String(s.uses).startsWith('actions/cache@'))?.with.path).toBe('.cache');
    }
  });

  test('ci.yml: installs, tests, fails on a stale dist/, keeps the screenshots', () => {
    const ci = load('.github/workflows/ci.yml');
    expect(ci.permissions).toEqual({ contents: 'read' });
    const steps: Yaml[] = ci.jobs.test.steps;
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/npm ci/);
    expect(runs).toMatch(/apt-get install[^\n]*chromium/);
    expect(runs).toMatch(/npm test/);
    expect(runs).toMatch(/npm run package[\s\S]*git diff --exit-code[^\n]*dist\//);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with.path).trim().split('\n')).toEqual(['test-results/screenshots/', 'test-results/layout/']);
    expect(upload?.if).toBe('always()');
    expect(steps.some((s) => s.uses?.startsWith('actions/cache@') && s.with.path === '.cache')).toBe(true);
  });
});
