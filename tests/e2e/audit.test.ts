import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeApplication, writeReviewPage, writeSummary } from '../../src/output/index.js';
import type { ApplicationRecord, RunSummary } from '../../src/output/types.js';
import { handledFile, openHandledStore } from '../../src/stores/handled-store.js';
import { makeListing, makeRecord, makeSummary } from '../output/fixtures/records.js';
import { auditOutput, countJobs, jobKey } from './harness/audit.js';
import { findSecret } from './harness/leaks.js';

/**
 * The audit is what every scenario's verdict rests on, so it must see each kind of damage a
 * killed or careless run can leave: a cut-off file, a stray folder, a half-written temporary, a
 * state that disagrees with the folders.
 */

const RUN = '2026-11-24T03-22-58Z';
let root: string;
let out: string;
let runDir: string;
let summary: RunSummary;
let records: ApplicationRecord[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'jm-e2e-audit-'));
  out = path.join(root, 'out');
  runDir = path.join(out, RUN);
  const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Ann Lee')] }] }));
  const state = await openHandledStore(handledFile(path.join(out, 'state.json'), 'default'));
  records = [];
  for (const [jobId, title] of [
    ['1', 'Backend Engineer'],
    ['2', 'Data Engineer'],
  ] as const) {
    const record = makeRecord(makeListing({ jobId, title }), 80, RUN);
    records.push(record);
    await writeApplication(
      runDir,
      record,
      [
        { name: 'resume.docx', data: docx },
        { name: 'cover-letter.md', data: 'Dear Acme team,' },
      ],
      'The description.',
    );
    await state.markHandled(record.id, RUN);
  }
  await state.close();
  summary = makeSummary({
    runId: RUN,
    applications: records.map((r) => ({
      id: r.id,
      company: r.company,
      title: r.title,
      score: 80,
      folder: `acme/${r.title.toLowerCase().replace(' ', '-')}-${r.listing.jobId}`,
    })),
  });
  await writeSummary(runDir, summary);
  await writeReviewPage(runDir, summary, records, new Map());
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('auditOutput', () => {
  it('finds nothing wrong with what the output module wrote, and counts its jobs', async () => {
    const audit = await auditOutput(out);
    expect(audit.problems).toEqual([]);
    expect(audit.applications.map((a) => a.folder).sort()).toEqual([
      'acme/backend-engineer-1',
      'acme/data-engineer-2',
    ]);
    const expected = new Set([jobKey('Acme', 'Backend Engineer'), jobKey('Acme', 'Frontend Engineer')]);
    expect(countJobs(audit, expected)).toEqual({
      done: 1,
      lost: 1,
      duplicates: 0,
      unexpected: [jobKey('Acme', 'Data Engineer')],
    });
  });

  it('reports a summary and a review page that leave out applications in the run folder', async () => {
    const partial = { ...summary, applications: summary.applications.slice(0, 1) };
    await writeSummary(runDir, partial);
    await writeReviewPage(runDir, partial, records.slice(0, 1), new Map());
    expect((await auditOutput(out)).problems).toEqual([
      `${RUN}: summary.json omits 1 applications in its folder: acme/data-engineer-2`,
      `${RUN}: index.html omits 1 applications: acme/data-engineer-2`,
    ]);
    await writeSummary(runDir, summary);
    await writeReviewPage(runDir, summary, records, new Map());
  });

  it('reports a cut-off docx, a partial folder, a temporary file, a stray folder and a state that disagrees', async () => {
    const docx = path.join(runDir, 'acme/backend-engineer-1/resume.docx');
    const whole = await readFile(docx);
    await writeFile(docx, whole.subarray(0, Math.floor(whole.length / 2)));
    await mkdir(path.join(runDir, 'acme/data-engineer-2.partial-0a1b2c3d'));
    await writeFile(path.join(out, 'state.json.1234567890'), '{"vers');
    await writeFile(path.join(out, 'state.json.4242.7.tmp'), '{"vers');
    await mkdir(path.join(out, 'stray'));
    await rm(path.join(runDir, 'acme/data-engineer-2'), { recursive: true });

    const problems = (await auditOutput(out)).problems;
    expect(problems).toEqual([
      'stray: in the output folder but neither a run, the state nor the cache',
      `${RUN}: summary.json lists applications not in its folder: acme/data-engineer-2`,
      `${RUN}/acme/backend-engineer-1/resume.docx: no end-of-central-directory record (cut off?)`,
      `${RUN}/acme/data-engineer-2.partial-0a1b2c3d: partial left behind`,
      'state: greenhouse:acme:2 handled, but no run folder holds it',
      'state.json.1234567890: temporary file left behind',
      'state.json.4242.7.tmp: temporary file left behind',
    ]);
  });
});

describe('findSecret', () => {
  it('finds a key in a file, inside a docx part, and in a named text', async () => {
    const dir = path.join(root, 'secrets');
    await mkdir(dir, { recursive: true });
    const key = 'sk-e2e-0123456789abcdef0123';
    await writeFile(path.join(dir, 'plain.log'), `token=${key}\n`);
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(key)] }] }));
    await writeFile(path.join(dir, 'letter.docx'), docx);
    await writeFile(path.join(dir, 'clean.md'), 'nothing here');
    expect(await findSecret(key, [dir], { stdout: `x ${key}`, stderr: 'clean' })).toEqual([
      'stdout',
      path.join(dir, 'letter.docx (unpacked)'),
      path.join(dir, 'plain.log'),
    ]);
  });
});
