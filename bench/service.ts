import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulatorChild } from '../sim/child.js';
import { startServeProcess } from './serve-process.js';
import { loadConfig, runLoad, startScreenings } from './service-load.js';

/**
 * `npm run bench -- --service`: the load on the embedded server over 127.0.0.1, the real
 * `serve` process on its own (the load generator and the model server in other processes, as
 * they would be): 20 screenings running, 100 clients polling status, 10 submitting. Prints status
 * p99 and submit p99 against the targets, and the server's event-loop delay from its /metrics.
 */
const TARGETS = { statusP99Ms: 50, submitP99Ms: 200 };

export async function main(args: string[] = []): Promise<number> {
  const durationS = Number(args.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? 10);
  const llm = await startSimulatorChild({ boards: [], llmLatencyMs: 400 });
  const dir = await mkdtemp(path.join(tmpdir(), 'jm-bench-service-'));
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  const server = await startServeProcess({
    dataDir,
    config: loadConfig(llm.llmBaseUrl ?? ''),
    env: { OPENAI_API_KEY: 'sk-bench-local' },
  });
  try {
    const ids = await startScreenings(server.url, server.token, 20, 30, 'b');
    const running = async () => {
      const res = await fetch(`${server.url}/api/tasks?state=running&limit=100`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      return ((await res.json()) as { tasks: unknown[] }).tasks.length;
    };
    const atStart = await running();
    await server.figures(); // resets the server's event-loop histogram: what follows is the load's
    const r = await runLoad(server.url, server.token, ids, durationS, 'b');
    const f = await server.figures();
    const lines = [
      `service bench (embedded queue, serve in its own process, 127.0.0.1, ${durationS} s; ${atStart} tasks running at the start, ${await running()} at the end)`,
      `  status: ${r.status.requests} requests by 100 clients, p50 ${r.status.p50Ms} ms, p99 ${r.status.p99Ms} ms (target < ${TARGETS.statusP99Ms} ms)`,
      `  submit: ${r.submit.requests} requests by 10 clients, p50 ${r.submit.p50Ms} ms, p99 ${r.submit.p99Ms} ms (target < ${TARGETS.submitP99Ms} ms)`,
      `  server event loop delay: p99 ${f.loopDelayP99Ms.toFixed(1)} ms, max ${f.loopDelayMaxMs.toFixed(1)} ms; heap ${(f.heapUsedBytes / 2 ** 20).toFixed(0)} MiB, rss ${(f.rssBytes / 2 ** 20).toFixed(0)} MiB`,
      `  errors: ${r.errors} (${r.detail})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const met =
      r.errors === 0 && r.status.p99Ms < TARGETS.statusP99Ms && r.submit.p99Ms < TARGETS.submitP99Ms;
    process.stdout.write(met ? 'targets met\n' : 'targets NOT met\n');
    return met ? 0 : 1;
  } finally {
    await server.close();
    await llm.close();
    await rm(dir, { recursive: true, force: true });
  }
}
