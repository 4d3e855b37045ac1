import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postingPath } from '../../sim/boards/postings.js';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import { stageDeps } from '../../src/app/context.js';
import { createServices } from '../../src/app/create-services.js';
import { createRunEvents } from '../../src/app/events.js';
import type { Services } from '../../src/app/services.js';
import { readJob } from '../../src/batch/job-input.js';
import { BrowserConfig, HttpConfig, LlmConfig } from '../../src/config/schema.js';
import { UsageError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { MemoryStore } from '../../src/infra/storage/memory-store.js';
import { resolveSource } from '../../src/sources/detect.js';
import { API_KINDS, boardUrl, simSources } from '../sources/harness.js';

const JOB_MD = `# Senior Go Engineer\n\n## Requirements\n- 5+ years of Go\n- PostgreSQL and Kubernetes\n\n## Nice to have\n- Rust\n`;

describe('readJob', () => {
  let sim: Simulator;
  let services: Services;
  const logger = new MemoryLogger();
  const abort = new AbortController();
  const ctx = { runId: 't', signal: abort.signal, logger, events: createRunEvents() };
  const boards = generateBoards([
    ...API_KINDS.map((kind) => ({
      kind,
      slug: kind === 'workday' ? 'initech/External' : `acme-${kind}`,
      companyName: 'Acme',
      jobs: 3,
    })),
    { kind: 'jsonld' as const, slug: 'globex', companyName: 'Globex', jobs: 2 },
  ]);

  beforeAll(async () => {
    sim = await startSimulator({ boards });
    services = createServices(
      {
        http: HttpConfig.parse({ timeout_ms: 5_000, retries: 1 }),
        browser: BrowserConfig.parse({}),
        llm: LlmConfig.parse({ provider: 'offline' }),
      },
      {},
      { logger },
    );
  });
  afterAll(async () => {
    await services.close();
    await sim.close();
  });

  it('reads Markdown, text, HTML with JSON-LD and DOCX files from the inputs', async () => {
    const inputs = new MemoryStore();
    await inputs.write('job/go.md', JOB_MD);
    await inputs.write('job/go.txt', JOB_MD.replace(/#+ /g, ''));
    await inputs.write(
      'job/go.html',
      `<html><head><script type="application/ld+json">${JSON.stringify({
        '@type': 'JobPosting',
        title: 'Staff Go Engineer',
        hiringOrganization: { '@type': 'Organization', name: 'Initech' },
        jobLocation: { '@type': 'Place', address: { addressLocality: 'Berlin', addressCountry: 'DE' } },
        jobLocationType: 'TELECOMMUTE',
        description: '<h2>Requirements</h2><ul><li>5+ years of Go</li><li>Kubernetes in production</li></ul>',
      })}</script></head><body><nav>Menu</nav><p>Apply now</p></body></html>`,
    );
    const docx = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Data Engineer', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: 'Requirements', heading: HeadingLevel.HEADING_2 }),
            new Paragraph({ text: '3+ years of Python and Airflow', bullet: { level: 0 } }),
          ],
        },
      ],
    });
    await inputs.write('job/data.docx', await Packer.toBuffer(docx));

    const md = await readJob({ file: 'job/go.md' }, inputs, services, ctx);
    expect(md).toMatchObject({ title: 'Senior Go Engineer', via: 'md', from: 'job/go.md' });
    expect(md.text).toContain('5+ years of Go');
    expect(md.sha256).toMatch(/^[0-9a-f]{64}$/);

    const txt = await readJob({ file: 'job/go.txt' }, inputs, services, ctx);
    expect(txt.text).toContain('PostgreSQL and Kubernetes');

    const html = await readJob({ file: 'job/go.html' }, inputs, services, ctx);
    expect(html).toMatchObject({ title: 'Staff Go Engineer', company: 'Initech', remote: true });
    expect(html.locations[0]).toMatch(/Berlin/);
    expect(html.text).toMatch(/## Requirements/);
    expect(html.text).not.toContain('Menu');

    const word = await readJob({ file: 'job/data.docx' }, inputs, services, ctx);
    expect(word.title).toBe('Data Engineer');
    expect(word.text).toMatch(/- 3\+ years of Python and Airflow/);
  });

  it('reads a PDF job through the PDF reader', async () => {
    const inputs = new MemoryStore();
    const pdf = await readFile(path.join(import.meta.dirname, '../profile/fixtures/maya-okafor.pdf'));
    await inputs.write('job/any.pdf', pdf);
    const job = await readJob({ file: 'job/any.pdf' }, inputs, services, ctx);
    expect(job.via).toBe('pdf');
    expect(job.text).toMatch(/Experience/i);
  });

  it('refuses unreadable jobs with exit-2 errors naming the file', async () => {
    const inputs = new MemoryStore();
    await inputs.write('job/empty.md', '   \n');
    await inputs.write('job/old.doc', 'x');
    await expect(readJob({ file: 'job/empty.md' }, inputs, services, ctx)).rejects.toThrow(
      /--job job\/empty\.md: holds no job text/,
    );
    await expect(readJob({ file: 'job/old.doc' }, inputs, services, ctx)).rejects.toThrow(
      /cannot read "\.doc" files/,
    );
    await expect(readJob({ file: 'job/none.md' }, inputs, services, ctx)).rejects.toBeInstanceOf(UsageError);
  });

  it.each(API_KINDS)('reads a %s posting URL through its board, as match detects it', async (kind) => {
    const board = boards.find((b) => b.kind === kind)!;
    const sources = simSources(sim.origin);
    const company = { name: 'Acme', url: boardUrl(kind, board.slug) };
    const source = resolveSource(company);
    const { listings } = await source.scrape({
      company,
      options: sources[kind],
      deps: stageDeps(services, ctx),
    });
    const listing = listings[1]!;
    const url = `${boardUrl(kind, board.slug)}/${kind === 'greenhouse' ? 'jobs/' : kind === 'workday' ? 'job/Berlin/' : ''}${kind === 'workday' ? `Engineer_${listing.requisitionId}` : listing.jobId}`;
    const job = await readJob({ url }, new MemoryStore(), services, ctx, sources);
    expect(job.via).toBe(kind);
    expect(job.title).toBe(listing.title);
    expect(job.text.length).toBeGreaterThan(100);
  });

  it('reads any other posting page by its JSON-LD, and says when a board has no such posting', async () => {
    const board = boards.find((b) => b.kind === 'jsonld')!;
    const job = await readJob(
      { url: `${sim.origin}${postingPath(board.slug, board.jobs[0]!.id)}` },
      new MemoryStore(),
      services,
      ctx,
    );
    expect(job.via).toBe('page');
    expect(job.title).toBe(board.jobs[0]!.title);
    await expect(
      readJob(
        { url: 'https://job-boards.greenhouse.io/acme-greenhouse/jobs/1' },
        new MemoryStore(),
        services,
        ctx,
        simSources(sim.origin),
      ),
    ).rejects.toThrow(/no such posting on the greenhouse board/);
  });
});
