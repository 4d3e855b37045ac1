import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startLlmServer } from '../sim/llm-server.js';
import { MemoryLogger } from '../src/infra/logger.js';
import { ServeFileConfig } from '../src/server/config.js';
import { startServer } from '../src/server/start.js';

/**
 * `npm run bench -- --service`: the issue's load on the embedded server over 127.0.0.1. 20
 * screenings keep running (their model calls answer slowly), while 100 clients poll task status
 * and 10 submit new screenings; prints status p99 and submit p99 against the targets.
 */
const FIXTURES = path.join(import.meta.dirname, '../tests/profile/fixtures');
const JOB =
  '# Backend Engineer at Acme\n\n## Requirements\n- TypeScript, Node.js, PostgreSQL\n- React is a plus\n';
const BOUNDARY = 'jm-bench-boundary';
const TARGETS = { statusP99Ms: 50, submitP99Ms: 200 };

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

export async function main(args: string[] = []): Promise<number> {
  const durationS = Number(args.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? 10);
  const llm = await startLlmServer({ latencyMs: 400 });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'jm-bench-service-'));
  const config = ServeFileConfig.parse({
    serve: { rate_limit_per_minute: 10_000_000, tasks_concurrency: 20, item_concurrency: 2 },
    llm: { model: 'sim-model', base_url: llm.baseUrl, requests_per_minute: 100_000, concurrency: 40 },
  });
  const server = await startServer({
    config,
    dataDir,
    host: '127.0.0.1',
    port: 0,
    logger: new MemoryLogger(),
    env: { OPENAI_API_KEY: 'sk-bench-local' },
  });
  try {
    const token = server.ctx.db.createToken('bench', false).token;
    const auth = { authorization: `Bearer ${token}` };
    const base = await readFile(path.join(FIXTURES, 'sam-rivera.txt'), 'utf8');
    const people = (task: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `p${task}-${i}.txt`,
        data: Buffer.from(`${base.replace('Sam Rivera', `Person ${task}-${i}`)}\nSkill${task}x${i}\n`),
      }));

    // 20 running screenings: 30 resumes each, every one judged by the (slow) model.
    const ids: string[] = [];
    for (let t = 0; t < 20; t++) {
      const res = await fetch(`${server.url}/api/screenings`, {
        method: 'POST',
        headers: {
          ...auth,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          prefer: 'respond-async',
        },
        body: new Uint8Array(multipart({ job_text: `${JOB}- Skill${t}\n`, llm: 'true' }, people(t, 30))),
      });
      if (res.status !== 202) throw new Error(`bench: submit answered ${res.status}: ${await res.text()}`);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const running = (await server.ctx.queue.list({ limit: 100, state: 'running' })).length;

    let submitted = 0;
    const status = autocannon({
      url: server.url,
      connections: 100,
      duration: durationS,
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
      url: server.url,
      connections: 10,
      duration: durationS,
      requests: [
        {
          method: 'POST',
          path: '/api/screenings',
          headers: {
            ...auth,
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            prefer: 'respond-async',
          },
          // Every submission is new work (no result cache hit): its own job text.
          setupRequest: (req) => ({
            ...req,
            body: multipart({ job_text: `${JOB}- Extra${submitted++}\n` }, people(1000 + submitted, 3)),
          }),
        },
      ],
    });
    const [s, p] = await Promise.all([status, submit]);
    const errors = s.errors + s.non2xx + p.errors + p.non2xx + s.timeouts + p.timeouts;
    const lines = [
      `service bench (embedded queue, 127.0.0.1, ${durationS} s; ${running} tasks running at the start)`,
      `  status: ${s.requests.total} requests by 100 clients, p50 ${s.latency.p50} ms, p99 ${s.latency.p99} ms (target < ${TARGETS.statusP99Ms} ms)`,
      `  submit: ${p.requests.total} requests by 10 clients, p50 ${p.latency.p50} ms, p99 ${p.latency.p99} ms (target < ${TARGETS.submitP99Ms} ms)`,
      `  errors: ${errors} (status ${s.errors}+${s.non2xx} non-2xx, submit ${p.errors}+${p.non2xx} non-2xx, timeouts ${s.timeouts + p.timeouts})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const met = errors === 0 && s.latency.p99 < TARGETS.statusP99Ms && p.latency.p99 < TARGETS.submitP99Ms;
    process.stdout.write(met ? 'targets met\n' : 'targets NOT met\n');
    return met ? 0 : 1;
  } finally {
    await server.close();
    await llm.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
