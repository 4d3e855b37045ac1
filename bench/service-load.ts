import { readFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { runPolling } from './polling-load.js';
import { PROJECT_ROOT } from './proc.js';

/**
 * The issue's load on a running service, shared by `npm run bench -- --service` and
 * tests/service-suite/load.test.ts: 20 screenings kept running (their model calls answer
 * slowly), then 100 clients polling task status and 10 submitting new screenings, each at its
 * own rate (runLoad); and the same clients closed-loop, for the saturation throughput (runSaturation).
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

/** How the load's clients behave: the issue's "100 clients polling and 10 submitting". */
export const LOAD = {
  pollers: 100,
  /** Each polling client asks for a task's status twice a second (a page's progress bar). */
  pollIntervalMs: 500,
  submitters: 10,
  /** Each submitting client sends one small screening (3 resumes) a second. */
  submitIntervalMs: 1_000,
} as const;

export interface Latencies {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests per second. */
  rate: number;
}

export interface LoadResult {
  status: Latencies;
  submit: Latencies;
  errors: number;
  detail: string;
}

/** The submitting clients' requests: every submission is new work (its own job text, no cache hit). */
async function submissions(tag: string, auth: Record<string, string>) {
  const people = await peopleMaker();
  return (n: number) => ({
    method: 'POST',
    path: '/api/screenings',
    headers: { ...auth, 'content-type': FORM_TYPE, prefer: 'respond-async' },
    body: multipart({ job_text: `${JOB}- Extra${tag}${n}\n` }, people(1000 + n, 3)),
  });
}

const statusPath = (ids: string[]) => `/api/tasks/${ids[Math.floor(Math.random() * ids.length)]}`;

/**
 * The issue's load as clients behave (bench/polling-load.ts): 100 clients each polling the status
 * of one of `ids` every 500 ms and 10 each submitting a small screening every second, for `durationS`.
 */
export async function runLoad(
  url: string,
  token: string,
  ids: string[],
  durationS: number,
  tag: string,
): Promise<LoadResult> {
  const auth = { authorization: `Bearer ${token}` };
  const submit = await submissions(tag, auth);
  const [s, p] = await Promise.all([
    runPolling(
      url,
      {
        clients: LOAD.pollers,
        intervalMs: LOAD.pollIntervalMs,
        request: () => ({ method: 'GET', path: statusPath(ids), headers: auth }),
      },
      durationS,
    ),
    runPolling(
      url,
      { clients: LOAD.submitters, intervalMs: LOAD.submitIntervalMs, request: submit },
      durationS,
    ),
  ]);
  const view = (r: typeof s): Latencies => ({
    requests: r.requests,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    maxMs: r.maxMs,
    rate: r.rate,
  });
  return {
    status: view(s),
    submit: view(p),
    errors: s.errors + s.non2xx + p.errors + p.non2xx,
    detail: `status ${s.errors} failed + ${s.non2xx} non-2xx, submit ${p.errors} failed + ${p.non2xx} non-2xx`,
  };
}

/**
 * Closed-loop saturation (autocannon): 100 connections each sending the next status request the
 * moment the last is answered, and 10 submitting likewise. Latency here is connections divided
 * by throughput, so the figure to read is the throughput: how many requests a second the server
 * answers at most while its tasks run.
 */
export async function runSaturation(
  url: string,
  token: string,
  ids: string[],
  durationS: number,
  tag: string,
): Promise<LoadResult> {
  const auth = { authorization: `Bearer ${token}` };
  const submit = await submissions(tag, auth);
  let submitted = 0;
  const status = autocannon({
    url,
    connections: LOAD.pollers,
    duration: durationS,
    timeout: ANSWER_TIMEOUT_S,
    requests: [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: statusPath(ids) }) }],
  });
  const posts = autocannon({
    url,
    connections: LOAD.submitters,
    duration: durationS,
    timeout: ANSWER_TIMEOUT_S,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { path, headers, body } = submit(submitted++);
          return { ...req, path, headers, body };
        },
      },
    ],
  });
  const [s, p] = await Promise.all([status, posts]);
  const view = (r: typeof s): Latencies => ({
    requests: r.requests.total,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    rate: Math.round(r.requests.total / durationS),
  });
  return {
    status: view(s),
    submit: view(p),
    errors: s.errors + s.non2xx + p.errors + p.non2xx + s.timeouts + p.timeouts,
    detail: `status ${s.errors}+${s.non2xx} non-2xx, submit ${p.errors}+${p.non2xx} non-2xx, timeouts ${s.timeouts + p.timeouts}`,
  };
}
