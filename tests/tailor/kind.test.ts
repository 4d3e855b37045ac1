import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run-batch.js';
import { TemplateError, UsageError } from '../../src/errors.js';
import type { TailorSummary } from '../../src/tailor/types.js';
import { docxText } from '../generate/read-back.js';
import {
  ACME_ABOUT,
  ACME_GREENHOUSE,
  ACME_GREENHOUSE_ABOUT,
  JOB_MD,
  readProfile,
  type TailorHarness,
  tailorHarness,
} from './harness.js';

const RESUMES = ['maya-okafor.docx', 'priya-raman.txt', 'sam-rivera.txt', 'jordan-rivera.md'];
const request = (h: TailorHarness, extra: Record<string, unknown> = {}) => ({
  job: { file: 'job.md' },
  companyUrl: h.companyUrl,
  pdf: false,
  ...extra,
});

describe('tailor kind through runBatch', () => {
  let h: TailorHarness;
  beforeEach(async () => {
    h = await tailorHarness();
    await h.addInput('job.md', JOB_MD);
    await h.addResumes(...RESUMES);
  });
  afterEach(() => h.close());

  it('researches once, then extracts, tailors and applies every resume in its own folder', async () => {
    const { deps, ctx, files, events } = h.task('tailor-a');
    const { result } = await runBatch(h.kind, request(h), deps, ctx, { concurrency: 2 });
    const summary = result as TailorSummary;

    expect(h.researchRequests()).toBe(1);
    expect(summary.research.cached).toBe(false);
    expect(summary.research.about).toContain('ten thousand small online shops');
    expect(summary.job).toMatchObject({ company: 'Acme', title: 'Senior Backend Engineer' });
    expect(summary.counts).toEqual({ resumes: 4, tailored: 4, failed: 0, skipped: 0 });
    // One model request per person, each carrying the one research.
    const chats = h.llm.requests.filter((r) => r.status === 200);
    expect(chats).toHaveLength(4);
    for (const chat of chats)
      expect(JSON.stringify(chat.body.messages)).toContain('ten thousand small online shops');

    const maya = summary.people.find((p) => p.folder === 'maya-okafor')!;
    expect(maya.person).toBe('Maya Okafor');
    expect(maya.generator).toBe('openai');
    expect(maya.factGuard.passed).toBe(true);
    expect(maya.changes.length).toBeGreaterThan(0);
    for (const name of [
      'profile.json',
      'tailored.json',
      'resume.md',
      'resume.docx',
      'cover-letter.md',
      'cover-letter.docx',
    ])
      expect(maya.files).toContain(name);

    // profile.json is JSON Resume that reads back into the same person.
    const profileJson = (await files.read('maya-okafor/profile.json'))!;
    const back = await readProfile('profile.json', profileJson);
    const original = await readProfile(
      'maya-okafor.docx',
      (await h.inputs.read('resumes/maya-okafor.docx'))!,
    );
    expect(back.name).toBe(original.name);
    expect(back.work).toEqual(original.work);
    expect(back.skills).toEqual(original.skills);
    expect(back.contact).toEqual(original.contact);
    expect(back.education).toEqual(original.education);

    const docx = await docxText((await files.read('maya-okafor/resume.docx'))!);
    expect(docx).toContain('Maya Okafor');
    const page = (await files.read('index.html'))!.toString();
    for (const person of ['Maya Okafor', 'Priya Raman']) expect(page).toContain(person);
    expect(page).toContain('href="maya-okafor/resume.docx"');
    expect(page).toContain('What the tailoring changed');
    expect((await files.read('summary.md'))!.toString()).toContain('4 of 4 resumes tailored');
    expect(JSON.parse((await files.read('summary.json'))!.toString())).toMatchObject({ kind: 'tailor' });
    expect(events.filter((e) => e.type === 'item-done')).toHaveLength(4);
  });

  it('asks nothing again on a rerun the same day, and researches again once the cache is a day old', async () => {
    await runBatch(h.kind, request(h), h.task('tailor-1').deps, h.task('tailor-1').ctx, { concurrency: 2 });
    expect(h.researchRequests()).toBe(1);

    h.clock.advance(8 * 60 * 60 * 1000);
    const second = h.task('tailor-2');
    const again = await runBatch(h.kind, request(h), second.deps, second.ctx, { concurrency: 2 });
    expect(h.researchRequests()).toBe(1);
    expect((again.result as TailorSummary).research).toMatchObject({ cached: true });
    expect((again.result as TailorSummary).research.about).toContain(ACME_ABOUT.slice(0, 40));

    h.clock.advance(17 * 60 * 60 * 1000);
    const third = h.task('tailor-3');
    await runBatch(h.kind, request(h), third.deps, third.ctx, { concurrency: 2 });
    expect(h.researchRequests()).toBe(2);
  });

  it("lists one file's failure with its reason and finishes the others; skips copies and unknown formats", async () => {
    await h.addResumes('corrupt.docx');
    await h.addInput('resumes/maya-copy.docx', (await h.inputs.read('resumes/maya-okafor.docx'))!);
    await h.addInput('resumes/notes.odt', 'not a resume');
    const { deps, ctx } = h.task('tailor-f');
    const { result, outcomes } = await runBatch(h.kind, request(h), deps, ctx, { concurrency: 2 });
    const summary = result as TailorSummary;
    expect(summary.counts).toEqual({ resumes: 7, tailored: 4, failed: 1, skipped: 2 });
    expect(summary.failures).toEqual([expect.objectContaining({ file: 'corrupt.docx' })]);
    expect(summary.failures[0]!.reason).toMatch(/corrupt\.docx/);
    expect(summary.skipped.map((s) => s.file).sort()).toEqual(['maya-okafor.docx', 'notes.odt'].sort());
    expect(outcomes.filter((o) => o.ok)).toHaveLength(4);
  });

  it('refuses a template with an unknown tag before any research or model request', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const bad = new Document({
      sections: [
        {
          children: ['{name}', '{#work}', '{title} at {employr}', '{/work}'].map(
            (text) => new Paragraph({ text }),
          ),
        },
      ],
    });
    await h.addInput('bad.docx', await Packer.toBuffer(bad));
    const { deps, ctx } = h.task('tailor-t');
    const run = runBatch(h.kind, request(h, { template: 'bad.docx' }), deps, ctx, { concurrency: 2 });
    await expect(run).rejects.toBeInstanceOf(TemplateError);
    await expect(run).rejects.toThrow(
      /unknown tag \{employr\} inside \{#work\} \(word\/document\.xml, paragraph 3/,
    );
    expect(h.researchRequests()).toBe(0);
    expect(h.llm.requests).toHaveLength(0);
  });

  it("takes the board's company blurb when the job is a posting URL, once per run", async () => {
    const job = ACME_GREENHOUSE.jobs[1]!;
    const url = `https://job-boards.greenhouse.io/acme-gh/jobs/${job.id}`;
    const boardInfo = () => h.sim.requests.filter((r) => r.path === '/v1/boards/acme-gh').length;
    const first = h.task('tailor-u1');
    const { result } = await runBatch(h.kind, { job: { url }, pdf: false }, first.deps, first.ctx, {
      concurrency: 2,
    });
    const summary = result as TailorSummary;
    expect(summary.job).toMatchObject({ company: 'Acme', title: job.title, url });
    expect(summary.research.sources[0]).toEqual({ kind: 'board', url });
    expect(summary.research.about).toContain(ACME_GREENHOUSE_ABOUT);
    expect(summary.counts.tailored).toBe(4);
    expect(boardInfo()).toBe(1);
    const second = h.task('tailor-u2');
    await runBatch(h.kind, { job: { url }, pdf: false }, second.deps, second.ctx, { concurrency: 2 });
    expect(boardInfo()).toBe(1);
  });

  it('refuses a request that is not valid, naming the field', async () => {
    const { deps, ctx } = h.task('tailor-bad');
    const run = runBatch(h.kind, { job: { url: 'not a url' } }, deps, ctx, { concurrency: 1 });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/the tailoring request is not valid: job/);
  });
});
