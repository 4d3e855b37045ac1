import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulatorChild } from '../sim/child.js';
import { startServeProcess } from './serve-process.js';
import { LOAD, loadConfig, runLoad, runSaturation, startScreenings } from './service-load.js';

/**
 * `npm run bench -- --service`: the load on the embedded server over 127.0.0.1, the real
 * `serve` process on its own (the load generator and the model server in other processes, as
 * they would be): 20 screenings running, 100 clients polling status every 500 ms and 10 submitting
 * once a second (service-load.ts). Prints status p99 and submit p99 against the targets, the
 * server's event-loop delay from its /metrics and its CPU time; then, apart and labelled, the
 * closed-loop saturation throughput of the same clients.
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
    // 100 resumes each: at 400 ms a model answer and 2 items at once, each task runs ~20 s, so the
    // 20 are still running when the polling load ends (at 30 they finished halfway through it).
    const ids = await startScreenings(server.url, server.token, 20, 100, 'b');
    const runningIds = async () => {
      const res = await fetch(`${server.url}/api/tasks?state=running&limit=100`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      return ((await res.json()) as { tasks: { id: string }[] }).tasks.map((t) => t.id);
    };
    const stillRunning = async (of: string[]) => {
      const now = new Set(await runningIds());
      return of.filter((id) => now.has(id));
    };
    const loadAvg = () =>
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
    const atStart = (await stillRunning(ids)).length;
    const cpuBefore = await server.cpuMs();
    await server.figures(); // resets the server's event-loop histogram: what follows is the load's
    const r = await runLoad(server.url, server.token, ids, durationS, 'b');
    const f = await server.figures();
    const cpuPolling = (await server.cpuMs()) - cpuBefore;
    const loadPolling = loadAvg();
    const left = await stillRunning(ids);
    // Topped up to 20 big tasks running for the saturation run.
    const satIds = [
      ...left,
      ...(await startScreenings(server.url, server.token, 20 - left.length, 100, 's')),
    ];
    const cpuSatBefore = await server.cpuMs();
    const sat = await runSaturation(server.url, server.token, satIds, durationS, 'sat');
    const cpuSat = (await server.cpuMs()) - cpuSatBefore;
    const lines = [
      `service bench (embedded queue, serve in its own process, 127.0.0.1, ${durationS} s; ${atStart} of the 20 screenings running at the start, ${left.length} at the end; load average ${loadPolling})`,
      `polling load: ${LOAD.pollers} clients each asking for a running task's status every ${LOAD.pollIntervalMs} ms, ${LOAD.submitters} each submitting a 3-resume screening every ${LOAD.submitIntervalMs} ms`,
      `  status: ${r.status.requests} requests (${r.status.rate}/s), p50 ${r.status.p50Ms} ms, p99 ${r.status.p99Ms} ms, max ${r.status.maxMs} ms (target p99 < ${TARGETS.statusP99Ms} ms)`,
      `  submit: ${r.submit.requests} requests (${r.submit.rate}/s), p50 ${r.submit.p50Ms} ms, p99 ${r.submit.p99Ms} ms, max ${r.submit.maxMs} ms (target p99 < ${TARGETS.submitP99Ms} ms)`,
      `  server event loop delay: p99 ${f.loopDelayP99Ms.toFixed(1)} ms, max ${f.loopDelayMaxMs.toFixed(1)} ms; server CPU ${cpuPolling} ms over ${durationS} s; heap ${(f.heapUsedBytes / 2 ** 20).toFixed(0)} MiB, rss ${(f.rssBytes / 2 ** 20).toFixed(0)} MiB`,
      `  errors: ${r.errors} (${r.detail})`,
      `closed-loop saturation (not the target's load; 20 screenings running again): the same ${LOAD.pollers} + ${LOAD.submitters} clients each sending the next request the moment the last is answered, ${durationS} s`,
      `  status: ${sat.status.rate} requests/s answered (p50 ${sat.status.p50Ms} ms, p99 ${sat.status.p99Ms} ms); submit: ${sat.submit.rate}/s (p50 ${sat.submit.p50Ms} ms, p99 ${sat.submit.p99Ms} ms); errors ${sat.errors}; server CPU ${cpuSat} ms; load average ${loadAvg()}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    // The targets are the polling load's; the saturation run's errors (timeouts past 10 s) are printed.
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
