import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A real redis-server for one test file: Debian's /usr/bin/redis-server on a free port of
 * 127.0.0.1, its data in a temporary folder, with the append-only file on (as the README tells
 * operators), so a restart on the same port and folder keeps everything a client was told is done.
 */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** SIGTERM (Redis writes its AOF and exits), then the same server again on the same port and folder. */
  restart(): Promise<void>;
  /** Stops the server without starting it again (Redis unreachable); `start` brings it back. */
  stopServer(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
}

export const REDIS_SERVER = process.env['JOB_MATCHER_REDIS_SERVER'] ?? '/usr/bin/redis-server';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port from the OS');
  return address.port;
}

/** `password`: the server asks for it (--requirepass) and `url` carries it, as operators set it. */
export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jm-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      // Every write on disk before the reply: a restart in a test loses nothing acknowledged.
      '--appendfsync',
      'always',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'no',
      ...(options.password ? ['--requirepass', options.password] : []),
    ];
    const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('error', (error) => reject(new Error(`cannot start ${REDIS_SERVER}`, { cause: error })));
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
    });
  };

  const stopServer = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://${options.password ? `:${encodeURIComponent(options.password)}@` : ''}127.0.0.1:${port}`,
    dir,
    start,
    stopServer,
    async restart() {
      await stopServer();
      await start();
    },
    async close() {
      await stopServer();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
