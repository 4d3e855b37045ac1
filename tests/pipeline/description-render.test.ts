import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { DEMO_BROWSER_COMPANY, DEMO_COMPANIES, demoConfig } from '../../sim/demo/boards.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard, SimKind } from '../../sim/types.js';
import { loadConfig } from '../../src/config/load.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { testRun, testServices } from '../helpers/deps.js';
import { checkRendered, htmlText } from '../helpers/markdown-check.js';
import { type RealDescription, realDescriptions } from '../helpers/real-descriptions.js';

/**
 * Every description.md that the pipeline writes for the real captured postings, rendered by a real
 * Markdown renderer. Each posting's HTML is served by the simulator on the kind of board it came
 * from (Workable and Recruitee, which the simulator does not speak, on the SmartRecruiters API and
 * the static HTML careers site), read by the real adapters, fetched, and written as a folder.
 */
const KIND_OF: Record<string, SimKind> = {
  greenhouse: 'greenhouse',
  lever: 'lever',
  ashby: 'ashby',
  workday: 'workday',
  jsonld: 'jsonld',
  workable: 'smartrecruiters',
  recruitee: 'html',
};

const resume = path.resolve(import.meta.dirname, '../../sim/demo/resume.md');
const real = realDescriptions();
let sim: Simulator;
let dir: string;
const written = new Map<string, { description: RealDescription; markdown: string }>();

function boardsFor(descriptions: RealDescription[]): SimBoard[] {
  const kinds = [...new Set(Object.values(KIND_OF))];
  const companies = [...DEMO_COMPANIES, DEMO_BROWSER_COMPANY].filter((c) => kinds.includes(c.kind));
  const boards = generateBoards(
    companies.map((c) => ({ kind: c.kind, slug: c.slug, companyName: c.name, jobs: 0 })),
  );
  let id = 7_100_000;
  for (const description of descriptions) {
    const board = boards.find((b) => b.kind === KIND_OF[description.source.split('/')[0]!])!;
    const template = generateBoards([{ kind: board.kind, slug: 'x', companyName: 'X', jobs: 1 }])[0]!
      .jobs[0]!;
    id++;
    board.jobs.push({
      ...template,
      id: String(id),
      requisitionId: `R${id}`,
      // A unique title keeps every posting apart from the duplicate check.
      title: `${description.title} ${id}`,
      descriptionHtml: description.html,
    });
  }
  return boards;
}

beforeAll(async () => {
  const boards = boardsFor(real);
  sim = await startSimulator({ boards });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-description-render-'));
  const companies = [...DEMO_COMPANIES, DEMO_BROWSER_COMPANY].filter((c) =>
    boards.some((b) => b.slug === c.slug),
  );
  const file = path.join(dir, 'config.json');
  const config = {
    ...demoConfig(sim.origin, { resume, outputDir: path.join(dir, 'output'), companies }),
    min_score: 0,
    top_per_company: false,
  };
  await writeFile(file, JSON.stringify(config));
  const t = testServices();
  try {
    const options = { dryRun: false, force: false, companies: [], candidates: [], pdf: false };
    const result = await runPipeline(await loadConfig(file), options, t.services, testRun(t, 'render'));
    const summary = result.outcomes[0]!.summary!;
    const runDir = path.join(dir, 'output', 'render');
    for (const app of summary.applications) {
      const folder = path.join(runDir, app.folder);
      if (!(await readdir(folder)).includes('description.md')) continue;
      const job = JSON.parse(await readFile(path.join(folder, 'job.json'), 'utf8'));
      const id = /(\d{7})$/.exec(job.title)?.[1];
      const description = real.find((_d, i) => String(7_100_001 + i) === id);
      if (description) {
        written.set(`${description.source} ${description.title}`, {
          description,
          markdown: await readFile(path.join(folder, 'description.md'), 'utf8'),
        });
      }
    }
  } finally {
    await t.close();
  }
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('description.md of the real captured postings, rendered by markdown-it', () => {
  it('the pipeline wrote a description.md for every real posting', () => {
    expect(real.length).toBeGreaterThanOrEqual(20);
    expect([...written.keys()].sort()).toEqual(real.map((d) => `${d.source} ${d.title}`).sort());
  });

  it.each(real.map((d) => [`${d.source} ${d.title}`]))('%s', (key) => {
    const entry = written.get(key);
    expect(entry, `no description.md for ${key}`).toBeDefined();
    const { markdown, description } = entry!;
    const { html, problems } = checkRendered(markdown, htmlText(description.html));
    expect(problems).toEqual([]);
    // A text file: one newline at its end, like resume.md and cover-letter.md.
    expect(markdown).toMatch(/[^\n]\n$/);
    // Headings and lists of the board's HTML are still headings and lists once rendered.
    if (/<h[1-6][\s>]/i.test(description.html)) expect(html).toMatch(/<h[1-6]>/);
    if (/<li[\s>]/i.test(description.html)) expect(html).toMatch(/<li>/);
  });
});
