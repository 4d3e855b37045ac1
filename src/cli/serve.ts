import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { TextLogger } from '../infra/logger.js';
import { loadServeConfig } from '../server/config.js';
import { ServerDb } from '../server/db.js';
import { startServer } from '../server/start.js';
import type { CliIo } from './run-cli.js';

const USAGE = `usage:
  serve [--host 127.0.0.1] [--port 8080] [--data <dir>] [--config <file>] [--no-worker]
  serve token create --name <name> [--admin] [--data <dir>]
  serve token list [--data <dir>]
  serve token revoke <id or name> [--data <dir>]`;

/** `serve` and `serve token ...`: the service's command line. Returns the exit code. */
export async function runServeCli(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      data: { type: 'string', default: 'data' },
      config: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
      'no-worker': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dataDir = path.resolve(io.cwd, values.data);
  if (positionals[0] === 'token') return tokenCommand(positionals.slice(1), values, dataDir, io);
  if (positionals.length > 0)
    throw new UsageError(`serve: unknown command "${positionals.join(' ')}"\n${USAGE}`);

  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: expected 0-65535, got ${values.port}`);
  const config = await loadServeConfig(values.config, io.cwd);
  const logger = new TextLogger(io.stderr);
  const server = await startServer({
    config,
    dataDir,
    host: values.host,
    port,
    logger,
    env: io.env,
    noWorker: values['no-worker'],
  });
  io.stdout.write(`job-matcher serving on ${server.url} (data in ${dataDir}; docs at ${server.url}/docs)\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('stopping: in-flight items will continue on the next start\n');
  await server.close();
  return 0;
}

function tokenCommand(
  args: string[],
  values: { name?: string; admin?: boolean },
  dataDir: string,
  io: CliIo,
): number {
  const db = new ServerDb(dataDir);
  try {
    const [command, target] = args;
    if (command === 'create') {
      if (!values.name) throw new UsageError('token create: give --name <name>');
      const { id, token } = db.createToken(values.name, Boolean(values.admin));
      io.stderr.write(
        `token ${id} for ${values.name}${values.admin ? ' (admin)' : ''}; shown once, keep it:\n`,
      );
      // The token is the last thing printed, alone on its line, so scripts can take it with `tail -1`.
      io.stdout.write(`${token}\n`);
      return 0;
    }
    if (command === 'list') {
      for (const t of db.listTokens()) {
        const flags = [t.admin ? 'admin' : '', t.revokedAt ? `revoked ${t.revokedAt}` : '']
          .filter(Boolean)
          .join(', ');
        io.stdout.write(`${t.id}  ${t.name}  created ${t.createdAt}${flags ? `  (${flags})` : ''}\n`);
      }
      return 0;
    }
    if (command === 'revoke') {
      if (!target) throw new UsageError('token revoke: give the token id or the name');
      const n = db.revokeToken(target);
      if (n === 0) throw new UsageError(`token revoke: no active token with id or name "${target}"`);
      io.stdout.write(`revoked ${n} token${n === 1 ? '' : 's'}\n`);
      return 0;
    }
    throw new UsageError(`serve token: expected create, list or revoke\n${USAGE}`);
  } finally {
    db.close();
  }
}
