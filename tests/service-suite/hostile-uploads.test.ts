import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  docxWithEntity,
  docxWithRemoteTemplate,
  makeZip,
  pdfWithJavaScript,
} from '../helpers/hostile-files.js';
import { FIXTURES, JOB_TEXT, type ServeHarness, serveHarness } from '../server/harness.js';
import {
  blob,
  type CountingServer,
  countingServer,
  expectProblem,
  filesBelow,
  type Json,
  tasksInDb,
} from './support.js';

/**
 * Uploads from people we do not control, through the real API: every refusal is problem+json
 * naming the field, nothing refused is queued or left on disk, and a task with some bad files goes
 * on with the good ones, listing the others with their reasons.
 */
const LIMITS = { max_files: 6, max_upload_bytes: 400_000, max_unzipped_bytes: 150_000 };
let h: ServeHarness;
let net: CountingServer;
const fixture = (name: string) => readFile(path.join(FIXTURES, name));

beforeAll(async () => {
  h = await serveHarness({ serve: LIMITS });
  net = await countingServer();
});
afterAll(async () => {
  await h?.close();
  await net?.close();
});

function form(files: [string, Buffer | string][], fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  body.append('job_text', JOB_TEXT);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const [name, data] of files) body.append('resumes', blob(data), name);
  return body;
}

const screen = (body: FormData) => h.call('/api/screenings', { method: 'POST', body });

/** The screening's result: who was ranked (by file name) and what was passed over, and why. */
function outcome(task: Json): { ranked: string[]; skipped: Record<string, string> } {
  const result = task['result'];
  return {
    ranked: result.ranked.map((r: { file: string }) => r.file).sort(),
    skipped: Object.fromEntries(
      result.notScreened.map((s: { file: string; reason: string }) => [s.file, s.reason]),
    ),
  };
}

describe('hostile uploads through the API', () => {
  it('an empty file is passed over with its reason while the good file is screened; only empty files: 400 naming resumes', async () => {
    const res = await screen(
      form([
        ['sam.txt', await fixture('sam-rivera.txt')],
        ['empty.txt', ''],
      ]),
    );
    expect(res.status).toBe(200);
    const task = (await res.json()) as Json;
    expect(task['state']).toBe('succeeded');
    const { ranked, skipped } = outcome(task);
    expect(ranked).toEqual(['sam.txt']);
    expect(skipped['empty.txt']).toBe('empty file');

    const before = tasksInDb(h);
    const folders = await readdir(path.join(h.dataDir, 'tasks'));
    const empty = await expectProblem(
      await screen(
        form([
          ['empty.txt', ''],
          ['blank.md', ''],
        ]),
      ),
      400,
      'resumes',
    );
    expect(empty['detail']).toContain('empty.txt: empty file');
    expect(tasksInDb(h)).toBe(before);
    // What it wrote before it was refused is gone: refused uploads do not pile up on the disk.
    expect(await readdir(path.join(h.dataDir, 'tasks'))).toEqual(folders);
  });

  it('a file over serve.max_upload_bytes: 413 naming the field and the limit; nothing queued', async () => {
    const before = tasksInDb(h);
    const big = Buffer.alloc(LIMITS.max_upload_bytes + 1, 'a');
    const res = await screen(
      form([
        ['sam.txt', await fixture('sam-rivera.txt')],
        ['huge.txt', big],
      ]),
    );
    const problem = await expectProblem(res, 413, 'resumes');
    expect(problem['detail']).toContain(`${LIMITS.max_upload_bytes} bytes (serve.max_upload_bytes)`);
    const job = new FormData();
    job.append('job', blob(big), 'job.md');
    job.append('resumes', blob(await fixture('sam-rivera.txt')), 'sam.txt');
    await expectProblem(await h.call('/api/screenings', { method: 'POST', body: job }), 413, 'job');
    expect(tasksInDb(h)).toBe(before);
  });

  it('more files than serve.max_files: 413 naming resumes and the limit; nothing queued', async () => {
    const before = tasksInDb(h);
    const sam = await fixture('sam-rivera.txt');
    const files = Array.from({ length: LIMITS.max_files + 1 }, (_, i): [string, Buffer] => [
      `p${i}.txt`,
      sam,
    ]);
    const problem = await expectProblem(await screen(form(files)), 413, 'resumes');
    expect(problem['detail']).toContain(`more than ${LIMITS.max_files} files`);
    expect(tasksInDb(h)).toBe(before);
  });

  it('a zip bomb is refused by its ratio, the good entry screened; a zip over serve.max_unzipped_bytes is 413 before anything is unpacked', async () => {
    const sam = await fixture('sam-rivera.txt');
    const bomb = await makeZip([
      ['sam.txt', sam],
      ['bomb.txt', Buffer.alloc(50 * 1024 * 1024)],
    ]);
    expect(bomb.length).toBeLessThan(LIMITS.max_upload_bytes);
    const res = await screen(form([['set.zip', bomb]]));
    expect(res.status).toBe(200);
    const { ranked, skipped } = outcome((await res.json()) as Json);
    expect(ranked).toEqual(['sam.txt']);
    expect(skipped['bomb.txt']).toMatch(/^refused: expands \d+x \(more than 200x; a zip bomb\?\)/);
    const onlyBomb = await makeZip([['bomb.txt', Buffer.alloc(50 * 1024 * 1024)]]);
    const refused = await expectProblem(await screen(form([['bomb.zip', onlyBomb]])), 400, 'resumes');
    expect(refused['detail']).toContain('zip bomb');

    // Each entry plausible (random text hardly compresses), together over the limit.
    const before = tasksInDb(h);
    const names = ['a.txt', 'b.txt', 'c.txt', 'd.txt'].map((n) => `${randomBytes(4).toString('hex')}-${n}`);
    const big = await makeZip(
      names.map((n): [string, Buffer] => [n, Buffer.from(randomBytes(30_000).toString('base64'))]),
    );
    const tooBig = await expectProblem(await screen(form([['team.zip', big]])), 413, 'resumes');
    expect(tooBig['detail']).toContain(
      `team.zip: expands to more than ${LIMITS.max_unzipped_bytes} bytes in all`,
    );
    expect(tooBig['detail']).not.toContain(tmpdir());
    expect(tasksInDb(h)).toBe(before);
    // Not one entry reached the disk.
    const onDisk = await filesBelow(h.dataDir);
    for (const n of names) expect(onDisk.filter((f) => f.endsWith(n))).toEqual([]);
  });

  it('zip entries with ../ or an absolute path are refused and never written outside the task folder', async () => {
    const tag = randomBytes(4).toString('hex');
    const climb = `../../../../../../tmp/jm-escape-${tag}.txt`;
    const absolute = `/tmp/jm-absolute-${tag}.txt`;
    const sam = await fixture('sam-rivera.txt');
    const zip = await makeZip(
      [
        ['ok/priya.txt', await fixture('priya-raman.txt')],
        [climb.replaceAll('../', 'xx/'), sam],
        [absolute.replace(/^\//, 'X'), sam],
      ],
      [
        ['xx/xx/xx/xx/xx/xx/tmp', '../../../../../../tmp'],
        [`Xtmp/jm-absolute-${tag}`, `/tmp/jm-absolute-${tag}`],
      ],
    );
    const res = await screen(form([['set.zip', zip]]));
    expect(res.status).toBe(200);
    const task = (await res.json()) as Json;
    const { ranked, skipped } = outcome(task);
    expect(ranked).toEqual(['ok/priya.txt']);
    expect(skipped[climb]).toBe('refused: a path that climbs out of the zip (../)');
    expect(skipped[absolute]).toBe('refused: an absolute path');
    // The disk: nothing at either target, nothing of this task outside its own folder.
    expect(existsSync(`/tmp/jm-escape-${tag}.txt`)).toBe(false);
    expect(existsSync(absolute)).toBe(false);
    const files = await filesBelow(h.dataDir);
    expect(files.filter((f) => f.includes(tag))).toEqual([]);
    for (const f of files) expect(f).toMatch(/^(tasks\/[0-9a-f-]{36}\/(inputs|files)\/|cache\/|[\w.-]+$)/);
    expect(files).toContain(`tasks/${task['id']}/inputs/resumes/ok/priya.txt`);
  });

  it('file names with NUL, slashes, unicode and 300 characters are stored safely, shown as given and downloadable', async () => {
    const people = await Promise.all(
      ['sam-rivera.txt', 'priya-raman.txt', 'maya-okafor.txt', 'jordan-rivera.md'].map(fixture),
    );
    const long = `${'Ω'.repeat(150)}${'l'.repeat(150)}.txt`;
    const sent: [string, Buffer][] = [
      ['ren\u0000ee.txt', people[0]!],
      ['team-a/../../etc/alice.txt', people[1]!],
      ['Zoë Ångström 日本語 <b>.txt', people[2]!],
      [long.replace(/\.txt$/, '.md'), people[3]!],
    ];
    const res = await h.call('/api/tailorings', { method: 'POST', body: form(sent) });
    expect(res.status).toBe(200);
    const task = (await res.json()) as Json;
    expect(task).toMatchObject({ state: 'succeeded', progress: { done: 4, failed: 0, total: 4 } });
    const stored = (await filesBelow(path.join(h.dataDir, 'tasks', task['id'], 'inputs', 'resumes'))).sort();
    const shortened = stored.find((n) => n.startsWith('ΩΩ'))!;
    expect(stored).toEqual(['alice.txt', 'renee.txt', 'Zoë Ångström 日本語 <b>.txt', shortened].sort());
    // At most 200 bytes (a file system allows 255), the extension kept, the start as given.
    expect(Buffer.byteLength(shortened)).toBeLessThanOrEqual(200);
    expect(shortened).toMatch(/^Ω+l*\.md$/);
    // The names as stored are what the task shows, and every file it lists downloads.
    const labels = JSON.stringify(task['result']);
    expect(labels).toContain('Zoë Ångström 日本語 <b>.txt');
    const files = task['files'] as { name: string; url: string }[];
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      const one = await h.call(f.url);
      expect(one.status, f.name).toBe(200);
      expect((await one.arrayBuffer()).byteLength).toBe((f as unknown as { size: number }).size);
    }
    const zip = await h.call(`/api/tasks/${task['id']}/download.zip`);
    expect(zip.status).toBe(200);
  });

  it('a PDF with JavaScript and DOCX files with an external entity or a remote template: never run, fetched or expanded', async () => {
    const pdf = pdfWithJavaScript(net.url);
    const entity = await docxWithEntity(net.url);
    const template = await docxWithRemoteTemplate(net.url);
    const screened = await screen(
      form([
        ['scripted.pdf', pdf],
        ['entity.docx', entity],
        ['template.docx', template],
      ]),
    );
    expect(screened.status).toBe(200);
    const task = (await screened.json()) as Json;
    expect(task['state']).toBe('succeeded');
    const { ranked } = outcome(task);
    expect(ranked).toEqual(expect.arrayContaining(['scripted.pdf', 'template.docx']));
    // The hostile DOCX as the tailoring's own template too: rendered without fetching anything.
    const tailor = new FormData();
    tailor.append('job_text', JOB_TEXT);
    tailor.append('resumes', blob(await fixture('sam-rivera.txt')), 'sam.txt');
    tailor.append('template', blob(template), 'template.docx');
    const tailored = await h.call('/api/tailorings', { method: 'POST', body: tailor });
    expect(tailored.status).toBe(200);
    const tailoredTask = (await tailored.json()) as Json;
    for (const t of [task, tailoredTask]) {
      const all = [JSON.stringify(t)];
      for (const f of t['files'] as { url: string }[]) all.push(await (await h.call(f.url)).text());
      const text = all.join('\n');
      expect(text).not.toContain('root:x:0');
      expect(text).not.toContain('SECRET-FROM-THE-NETWORK');
    }
    expect(net.hits).toEqual([]);
  });
});
