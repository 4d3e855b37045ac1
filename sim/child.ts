import { type ChildProcess, fork } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BoardSpec, generateBoards } from './data.js';
import type { LlmServer } from './llm-server.js';
import type { Simulator } from './server.js';
import type { LatencySpec } from './types.js';

/**
 * The simulator and the local LLM server in a child process, so that a benchmark's own process
 * holds only the pipeline: its CPU time and peak RSS are then the pipeline's alone. The child
 * builds the boards itself from specs (deterministic, see generateBoards), so the parent never
 * holds their jobs either.
 */

export interface ChildBoardSpec extends BoardSpec {
  latency?: LatencySpec;
  detailLatency?: LatencySpec;
}

export interface ChildStartOptions {
  boards: ChildBoardSpec[];
  /** Seeds the boards' data. */
  seed?: number;
  /** Starts the LLM server too, answering after this many ms. */
  llmLatencyMs?: number;
}

export interface ChildStats {
  /** Requests the simulator answered (or dropped). */
  requests: number;
  /** Per named path pattern: how many requests matched and the most in flight at once. */
  paths: Record<string, { count: number; maxConcurrent: number }>;
  llmRequests: number;
  llmMaxInFlight: number;
  /** Mean time the LLM server took per answer (its latency plus building the reply), in ms. */
  llmServiceMs: number | null;
  /** CPU time of the child so far (simulator and LLM server), in ms. */
  cpuMs: number;
}

type ToChild =
  | { type: 'start'; options: ChildStartOptions }
  | { type: 'stats'; patterns: Record<string, string> }
  | { type: 'stop' };

type FromChild =
  | { type: 'ready'; origin: string; llmBaseUrl: string | null }
  | { type: 'stats'; stats: ChildStats }
  | { type: 'error'; message: string };

export interface SimulatorChild {
  origin: string;
  /** Ends in /v1; null when no LLM server was asked for. */
  llmBaseUrl: string | null;
  /** `patterns` are regular expression sources matched against request paths. */
  stats(patterns?: Record<string, string>): Promise<ChildStats>;
  close(): Promise<void>;
}

/** Forks this module (through tsx) and starts the simulator in it. Call close() when done. */
export async function startSimulatorChild(options: ChildStartOptions): Promise<SimulatorChild> {
  // From source (tests, the benchmark) the child needs tsx to load this .ts file; built, it does not.
  const fromSource = import.meta.url.endsWith('.ts');
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await ask(child, { type: 'start', options }, 'ready');
    return {
      origin: ready.origin,
      llmBaseUrl: ready.llmBaseUrl,
      stats: async (patterns = {}) => (await ask(child, { type: 'stats', patterns }, 'stats')).stats,
      async close() {
        if (child.exitCode === null && child.connected) child.send({ type: 'stop' } satisfies ToChild);
        await exited;
      },
    };
  } catch (error) {
    child.kill();
    await exited;
    throw error;
  }
}

function ask<T extends FromChild['type']>(
  child: ChildProcess,
  message: ToChild,
  answer: T,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FromChild) => {
      if (reply.type === 'error') {
        cleanup();
        reject(new Error(`simulator child: ${reply.message}`));
      } else if (reply.type === answer) {
        cleanup();
        resolve(reply as Extract<FromChild, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`simulator child exited (code ${code}) before answering "${message.type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

/** The child's side: serve until told to stop or the parent goes away. */
function serveInChild(): void {
  let sim: Simulator | null = null;
  let llm: LlmServer | null = null;
  const send = (message: FromChild) => process.send?.(message);
  const stop = async () => {
    await Promise.all([sim?.close(), llm?.close()]);
    process.disconnect?.();
    process.exit(0);
  };
  process.on('disconnect', () => void stop());
  process.on('message', (message: ToChild) => {
    void (async () => {
      try {
        if (message.type === 'start') {
          const { boards, seed, llmLatencyMs } = message.options;
          const generated = generateBoards(boards, seed).map((board, i) => ({
            ...board,
            ...(boards[i]?.latency ? { latency: boards[i].latency } : {}),
            ...(boards[i]?.detailLatency ? { detailLatency: boards[i].detailLatency } : {}),
          }));
          // Imported here, in the child: the parent only forks, and the benchmark's measured
          // process imports this file, so the servers' modules must not count in its memory.
          const { startSimulator } = await import('./server.js');
          sim = await startSimulator({ boards: generated });
          if (llmLatencyMs !== undefined) {
            const { startLlmServer } = await import('./llm-server.js');
            llm = await startLlmServer({ latencyMs: llmLatencyMs });
          }
          send({ type: 'ready', origin: sim.origin, llmBaseUrl: llm?.baseUrl ?? null });
        } else if (message.type === 'stats') {
          send({ type: 'stats', stats: statsOf(sim, llm, message.patterns) });
        } else {
          await stop();
        }
      } catch (error) {
        send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}

const mean = (values: number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

function statsOf(sim: Simulator | null, llm: LlmServer | null, patterns: Record<string, string>): ChildStats {
  const paths: ChildStats['paths'] = {};
  for (const [name, source] of Object.entries(patterns)) {
    const pattern = new RegExp(source);
    const matches = (path: string) => pattern.test(path);
    paths[name] = {
      count: sim?.requests.filter((r) => matches(r.path)).length ?? 0,
      maxConcurrent: sim?.maxConcurrent((r) => matches(r.path)) ?? 0,
    };
  }
  return {
    requests: sim?.requests.length ?? 0,
    paths,
    llmRequests: llm?.requests.length ?? 0,
    llmMaxInFlight: llm?.maxInFlight() ?? 0,
    llmServiceMs: mean(llm?.serviceTimes() ?? []),
    cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage()),
  };
}

const entry = process.argv[1];
if (entry && process.send && import.meta.url === pathToFileURL(realpathSync(entry)).href) serveInChild();
