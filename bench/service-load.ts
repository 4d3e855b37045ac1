import { readFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from './proc.js';

/**
 * The issue's load on a running service, shared by `npm run bench -- --service` and
 * tests/service-suite/load.test.ts: 20 screenings kept running (their model calls answer
 * slowly), then 100 clients polling task status and 10 submitting new screenings.
 */
// From the project folder: compiled, this file runs from dist/bench/, where the fixtures are not.
const FIXTURES = path.join(PROJECT_ROOT, 'tests/profile/fixtures');
const JOB =
  '# Backend Engineer at Acme\n\n## Requirements\n- TypeScript, Node.js, PostgreSQL\n- React is a plus\n';
const BOUNDARY = 'jm-bench-boundary';
const FORM_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;
/**
 * How long a client waits for an answer before it counts an error. Slowness is a figure (the
 * p99s), not an error: autocannon's default of 10 s made a loaded machine's slow submissions
 * (p99 8.5 to 10 s at load 15 to 20) fail the load row as timeouts.
 */
const ANSWER_TIMEOUT_S = 60;

/** The service's config for the load: no rate limit in the way, 20 tasks at once. */
export function loadConfig(llmBaseUrl: string): Record<string, unknown> {
  return {
    serve: { rate_limit_per_minute: 10_000_000, tasks_concurrency: 20, item_concurrency: 2 },
    llm: { model: 'sim-model', base_url: llmBaseUrl, requests_per_minute: 100_000, concurrency: 40 },
  };
}

function multipart(fields: Record<string, string>, files: { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\ncontent-disposition: form-data; name="resumes"; filename="${f.name}"\r\ncontent-type: text/plain\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

async function peopleMaker() {
  const base = await readFile(path.join(FIXTURES, 'sam-rivera.txt'), 'utf8');
  return (task: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      name: `p${task}-${i}.txt`,
      data: Buffer.from(`${base.replace('Sam Rivera', `Person ${task}-${i}`)}\nSkill${task}x${i}\n`),
    }));
}

/** Submits `count` screenings of `resumes` resumes each, every one judged by the (slow) model. */
export async function startScreenings(
  url: string,
  token: string,
  count: number,
  resumes: number,
  tag: string,
): Promise<string[]> {
  const people = await peopleMaker();
  const ids: string[] = [];
  for (let t = 0; t < count; t++) {
    const res = await fetch(`${url}/api/screenings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': FORM_TYPE, prefer: 'respond-async' },
      body: new Uint8Array(
        multipart({ job_text: `${JOB}- Skill${tag}${t}\n`, llm: 'true' }, people(t, resumes)),
      ),
    });
    if (res.status !== 202) throw new Error(`load: submit answered ${res.status}: ${await res.text()}`);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

export interface LoadResult {
  status: { requests: number; p50Ms: number; p99Ms: number };
  submit: { requests: number; p50Ms: number; p99Ms: number };
  errors: number;
  /** Ids of the screenings the submitting clients started. */
  detail: string;
}

/** 100 clients polling the status of `ids` and 10 submitting small screenings, for `durationS`. */
export async function runLoad(
  url: string,
  token: string,
  ids: string[],
  durationS: number,
  tag: string,
): Promise<LoadResult> {
  const people = await peopleMaker();
  const auth = { authorization: `Bearer ${token}` };
  let submitted = 0;
  const status = autocannon({
    url,
    connections: 100,
    duration: durationS,
    timeout: ANSWER_TIMEOUT_S,
    requests: [
      {
        method: 'GET',
        headers: auth,
        setupRequest: (req) => ({
          ...req,
          path: `/api/tasks/${ids[Math.floor(Math.random() * ids.length)]}`,
        }),
      },
    ],
  });
  const submit = autocannon({
    url,
    connections: 10,
    duration: durationS,
    timeout: ANSWER_TIMEOUT_S,
    requests: [
      {
        method: 'POST',
        path: '/api/screenings',
        headers: { ...auth, 'content-type': FORM_TYPE, prefer: 'respond-async' },
        // Every submission is new work (no result cache hit): its own job text.
        setupRequest: (req) => ({
          ...req,
          body: multipart({ job_text: `${JOB}- Extra${tag}${submitted++}\n` }, people(1000 + submitted, 3)),
        }),
      },
    ],
  });
  const [s, p] = await Promise.all([status, submit]);
  return {
    status: { requests: s.requests.total, p50Ms: s.latency.p50, p99Ms: s.latency.p99 },
    submit: { requests: p.requests.total, p50Ms: p.latency.p50, p99Ms: p.latency.p99 },
    errors: s.errors + s.non2xx + p.errors + p.non2xx + s.timeouts + p.timeouts,
    detail: `status ${s.errors}+${s.non2xx} non-2xx, submit ${p.errors}+${p.non2xx} non-2xx, timeouts ${s.timeouts + p.timeouts}`,
  };
}
