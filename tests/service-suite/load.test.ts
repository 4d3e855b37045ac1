import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HeapSummary, heapGrowth } from '../../bench/heap-inspector.js';
import { type ServeProcess, startServeProcess } from '../../bench/serve-process.js';
import { loadConfig, runLoad, startScreenings } from '../../bench/service-load.js';
import { startSimulatorChild } from '../../sim/child.js';
import { recordFigures } from './figures.js';

/**
 * Issue 19's load row: the real `serve` process (embedded queue) with 20 screenings running, 100
 * clients polling status and 10 submitting, for 60 s in three rounds of 20 s. Asserted: no
 * error of any kind, and memory flat: the server's live heap after each round within a bound of
 * the round before, and after the last within a tighter one of the first's. Live heap is read over the server's inspector after a full collection
 * (bench/heap-inspector.ts): /metrics' nodejs_heap_size_used_bytes counts garbage V8 has not yet
 * swept, 60 to 150 MiB of it here, which made a reading from it grow or shrink by 100 MiB from one
 * round to the next with nothing held. The heap's objects by constructor (a snapshot after each
 * round) name what grew when it fails. Latency is not asserted (the machine is shared); the p99s
 * are recorded.
 */
const ROUNDS = 3;
const ROUND_S = 20;
const TASKS = 20;
/**
 * Growth of the live heap that still counts as flat: from one round's end to the next's, and
 * (a leak adds up, noise does not) from the first round's end to the last's. Measured rounds
 * differ by -3 to +0.7 MiB (the running screenings' state), and the last has always been at or
 * below the first (5 runs, load 2 to 18). 4 MiB over two rounds is 1 KiB per status request on
 * a quiet machine (12,000 a round), 4 KiB at load 20 (2,000 to 3,000 a round: bench/RESULTS.md,
 * leak (session 4), has both injected), or 20 KiB per submitted task (50 to 230 a round).
 */
const STEP_HEAP_BYTES = 8 * 2 ** 20;
const OVER_RUN_HEAP_BYTES = 4 * 2 ** 20;
const NAME = 'service under load > 100 clients polling and 10 submitting for 60 s while 20 tasks run';

let llm: Awaited<ReturnType<typeof startSimulatorChild>>;
let server: ServeProcess;
let dir: string;

beforeAll(async () => {
  // Slow model answers keep the screenings running through every round.
  llm = await startSimulatorChild({ boards: [], llmLatencyMs: 1_500 });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-load-'));
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  server = await startServeProcess({
    dataDir,
    config: loadConfig(llm.llmBaseUrl ?? ''),
    env: { OPENAI_API_KEY: 'sk-load-local' },
    inspect: true,
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await llm?.close();
  await rm(dir, { recursive: true, force: true });
});

async function runningIds(): Promise<string[]> {
  const res = await fetch(`${server.url}/api/tasks?state=running&limit=100`, {
    headers: { authorization: `Bearer ${server.token}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { tasks: { id: string }[] }).tasks.map((t) => t.id);
}

describe('service under load', () => {
  it('100 clients polling and 10 submitting for 60 s while 20 tasks run', async () => {
    const inspector = server.inspector!;
    const rounds: {
      liveHeapBytes: number;
      heap: HeapSummary;
      rssMiB: number;
      requests: string;
      statusP99Ms: number;
      submitP99Ms: number;
    }[] = [];
    let errors = 0;
    let requests = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // Topped up to 20 running (the submitting clients' small screenings finish quickly).
      let ids = await runningIds();
      if (ids.length < TASKS) {
        await startScreenings(server.url, server.token, TASKS - ids.length, 40, `r${round}-`);
        ids = await runningIds();
      }
      expect(ids.length).toBeGreaterThanOrEqual(TASKS);
      const result = await runLoad(server.url, server.token, ids, ROUND_S, `r${round}-`);
      errors += result.errors;
      requests += result.status.requests + result.submit.requests;
      expect(result.errors, result.detail).toBe(0);
      const figures = await server.figures();
      rounds.push({
        liveHeapBytes: await inspector.liveHeapBytes(),
        heap: await inspector.heapSummary(),
        rssMiB: figures.rssBytes / 2 ** 20,
        requests: `${result.status.requests} status, ${result.submit.requests} submit`,
        statusP99Ms: result.status.p99Ms,
        submitP99Ms: result.submit.p99Ms,
      });
    }
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    recordFigures(NAME, {
      requests,
      errors,
      status_p99_ms: Math.max(...rounds.map((r) => r.statusP99Ms)),
      submit_p99_ms: Math.max(...rounds.map((r) => r.submitP99Ms)),
      live_heap_mib: rounds.map((r) => mib(r.liveHeapBytes)).join(' / '),
      rss_mib: rounds.map((r) => r.rssMiB.toFixed(0)).join(' / '),
    });
    expect(errors).toBe(0);
    expect(requests).toBeGreaterThan(0);
    const pairs: [number, number, number][] = [
      ...rounds.slice(1).map((_, i): [number, number, number] => [i, i + 1, STEP_HEAP_BYTES]),
      [0, rounds.length - 1, OVER_RUN_HEAP_BYTES],
    ];
    for (const [from, to, bound] of pairs) {
      const [before, after] = [rounds[from]!, rounds[to]!];
      const why = [
        `live heap ${mib(before.liveHeapBytes)} MiB after round ${from + 1}, ${mib(after.liveHeapBytes)} MiB after round ${to + 1}`,
        `requests by round: ${rounds.map((r) => r.requests).join('; ')}; grown most:`,
        ...heapGrowth(before.heap, after.heap),
      ].join('\n');
      expect(after.liveHeapBytes - before.liveHeapBytes, why).toBeLessThan(bound);
    }
  }, 400_000);
});
