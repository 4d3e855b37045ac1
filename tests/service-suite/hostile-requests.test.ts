import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, JOB_TEXT, type ServeHarness, serveHarness } from '../server/harness.js';
import { blob, expectProblem, type Json, tasksInDb } from './support.js';

/**
 * Requests no client should send: each is 400 or 413 as problem+json naming the field and what
 * was received, and nothing is queued (the queue's own database and the admin's task list).
 */
let h: ServeHarness;
let sam: Buffer;
let before: { db: number; listed: number };

beforeAll(async () => {
  h = await serveHarness();
  sam = await readFile(path.join(FIXTURES, 'sam-rivera.txt'));
});
afterAll(() => h?.close());

const listed = async () =>
  ((await (await h.call('/api/tasks?limit=100', { as: 'admin' })).json()) as Json)['tasks'].length as number;
beforeEach(async () => {
  before = { db: tasksInDb(h), listed: await listed() };
});
afterEach(async () => {
  expect({ db: tasksInDb(h), listed: await listed() }).toEqual(before);
});

function form(fields: Record<string, string | Blob>, resumes = true): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (resumes) body.append('resumes', blob(sam), 'sam.txt');
  return body;
}
const post = (kind: string, body: BodyInit, headers: Record<string, string> = {}) =>
  h.call(`/api/${kind}`, { method: 'POST', body, headers });

describe('bad requests over HTTP', () => {
  it('malformed JSON: 400 naming the body; well-formed JSON where a form is expected: 415 naming content-type', async () => {
    for (const kind of ['screenings', 'tailorings']) {
      const bad = await expectProblem(
        await post(kind, '{"job_text": "Senior', { 'content-type': 'application/json' }),
        400,
        'body',
      );
      expect(bad['detail']).toMatch(/not valid JSON/);
      const json = await expectProblem(
        await post(kind, JSON.stringify({ job_text: JOB_TEXT }), { 'content-type': 'application/json' }),
        415,
        'content-type',
      );
      expect(json['received']).toBe('application/json');
    }
    // A JSON body over the body limit is refused before it is parsed.
    const huge = JSON.stringify({ job_text: 'x'.repeat(2 * 1024 * 1024) });
    await expectProblem(await post('screenings', huge, { 'content-type': 'application/json' }), 413, 'body');
  });

  it('wrong types: 400 naming the field and what was received', async () => {
    const cases: [string, Record<string, string | Blob>, string, unknown][] = [
      ['screenings', { job_text: JOB_TEXT, top: 'ten' }, 'top', 'ten'],
      ['screenings', { job_text: JOB_TEXT, min_score: '101' }, 'min_score', '101'],
      ['screenings', { job_text: JOB_TEXT, blind: 'maybe' }, 'blind', 'maybe'],
      ['screenings', { job_text: JOB_TEXT, concurrency: '0' }, 'concurrency', '0'],
      ['screenings', { job_url: 'javascript:alert(1)' }, 'job_url', 'javascript:alert(1)'],
      ['tailorings', { job_text: JOB_TEXT, file_type: 'exe' }, 'file_type', 'exe'],
      [
        'tailorings',
        { job_text: JOB_TEXT, company_url: 'ftp://acme.example/' },
        'company_url',
        'ftp://acme.example/',
      ],
      // A file where text is expected, and text where a file is.
      ['screenings', { job_text: JOB_TEXT, top: blob('10') }, 'top', 'a file'],
      ['tailorings', { job_text: JOB_TEXT, template: 'template.docx' }, 'template', 'template.docx'],
    ];
    for (const [kind, fields, field, received] of cases) {
      const problem = await expectProblem(await post(kind, form(fields)), 400, field);
      expect(problem['received'], field).toEqual(received);
      expect(problem['detail'], field).toContain(field);
    }
    const query = await expectProblem(await h.call('/api/tasks?limit=lots'), 400, 'limit');
    expect(query['detail']).toContain('limit');
    await expectProblem(await h.call('/api/tasks?state=done'), 400, 'state');
  });

  it('unknown fields: 400 naming the field, in a form and in a query', async () => {
    const typo = await expectProblem(
      await post('screenings', form({ job_text: JOB_TEXT, topp: '5' })),
      400,
      'topp',
    );
    expect(typo).toMatchObject({ received: '5' });
    expect(typo['detail']).toContain('known: job, job_text');
    const file = new FormData();
    file.append('job_text', JOB_TEXT);
    file.append('resume', blob(sam), 'sam.txt');
    await expectProblem(await post('screenings', file), 400, 'resume');
    await expectProblem(await post('tailorings', form({ job_text: JOB_TEXT, top: '3' })), 400, 'top');
    await expectProblem(await h.call('/api/tasks?limt=5'), 400, 'limt');
  });

  it('a job text of 10 MB: 413 naming job_text, and the way to send it', async () => {
    const problem = await expectProblem(
      await post('screenings', form({ job_text: 'Senior engineer. '.repeat(620_000) })),
      413,
      'job_text',
    );
    expect(problem['detail']).toContain('send a long text as a file');
    await expectProblem(
      await post('tailorings', form({ job_text: 'x'.repeat(10 * 1024 * 1024) })),
      413,
      'job_text',
    );
  });
});
