import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectInspector, type HeapInspector, inspectorUrlOf } from './heap-inspector.js';
import { CLI_NODE_ARGS, PROJECT_ROOT } from './proc.js';

/**
 * The real `serve` in its own process (the built CLI, or the sources under tsx, as the CLI runs
 * it), for the service bench and the load test: the load generator then does not share the
 * server's event loop, and the server's own figures (event-loop delay, memory) come from its
 * /metrics, as an operator would read them.
 */
const ROOT = PROJECT_ROOT;
const ARGS = [...CLI_NODE_ARGS, 'serve'];

export interface ServeProcess {
  url: string;
  token: string;
  /** Figures from /metrics; the event-loop delay is over the time since the last call. */
  figures(): Promise<ServerFigures>;
  /** The server process's CPU time so far (user + system), from /metrics. */
  cpuMs(): Promise<number>;
  /** The server's live heap over its inspector; only when started with `inspect`. */
  inspector: HeapInspector | null;
  close(): Promise<void>;
}

export interface ServerFigures {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  heapUsedBytes: number;
  rssBytes: number;
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

export async function startServeProcess(options: {
  dataDir: string;
  config: Record<string, unknown>;
  env?: Record<string, string>;
  /** Starts the server with its inspector on a free loopback port, for the load test's heap. */
  inspect?: boolean;
}): Promise<ServeProcess> {
  const configFile = path.join(options.dataDir, '..', `serve-${path.basename(options.dataDir)}.json`);
  await writeFile(configFile, JSON.stringify(options.config));
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    ...options.env,
  };
  const created = await promisify(execFile)(
    process.execPath,
    [...ARGS, 'token', 'create', '--name', 'load', '--data', options.dataDir],
    { cwd: ROOT, env },
  );
  const token = created.stdout.trim().split('\n').at(-1) as string;
  const child: ChildProcess = spawn(
    process.execPath,
    // A profiling run reaches the server: JM_SERVE_NODE_ARGS="--cpu-prof" npm run bench -- --service
    [
      ...(process.env['JM_SERVE_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
      ...(options.inspect ? ['--inspect=127.0.0.1:0'] : []),
      ...ARGS,
      '--port',
      '0',
      '--data',
      options.dataDir,
      '--config',
      configFile,
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const found = /serving on (http:\/\/\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.once('close', (code) => reject(new Error(`serve exited (${code}) before listening:\n${stderr}`)));
  });
  // Node prints the inspector's address before it runs any of the CLI, so it is there by now.
  const inspectorUrl = options.inspect ? inspectorUrlOf(stderr) : null;
  if (options.inspect && !inspectorUrl) throw new Error(`serve: no inspector address on stderr:\n${stderr}`);
  const inspector = inspectorUrl ? await connectInspector(inspectorUrl) : null;
  return {
    url,
    token,
    inspector,
    async figures() {
      const text = await (await fetch(`${url}/metrics`)).text();
      return {
        loopDelayP99Ms: metric(text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
        loopDelayMaxMs: metric(text, 'nodejs_eventloop_lag_max_seconds') * 1000,
        heapUsedBytes: metric(text, 'nodejs_heap_size_used_bytes'),
        rssBytes: metric(text, 'process_resident_memory_bytes'),
      };
    },
    async cpuMs() {
      const text = await (await fetch(`${url}/metrics`)).text();
      return Math.round(metric(text, 'process_cpu_seconds_total') * 1000);
    },
    async close() {
      inspector?.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
