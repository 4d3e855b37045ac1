import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AnyTaskKind } from '../app/task.js';
import { ParsePool } from '../batch/parse-pool.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import { createMatchKind, matchKindOptions } from '../pipeline/kind.js';
import { BullmqQueue } from '../queue/bullmq/bullmq-queue.js';
import { createScreenKind } from '../screen/kind.js';
import { bullmqLock, loadServeConfig, redisUrlOf, type ServeFileConfig } from '../server/config.js';
import { createServerServices } from '../server/services.js';
import { createTailorKind } from '../tailor/kind.js';
import type { CliIo } from './run-cli.js';

/** The queue on Redis as a config describes it: the limiter, the TTLs, the model cache of screening. */
export async function openRedisQueue(
  config: ServeFileConfig,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  withServices: boolean,
): Promise<BullmqQueue> {
  return BullmqQueue.open({
    url: redisUrlOf(config, env),
    logger,
    ...(withServices ? { services: createServerServices(config, logger, env) } : {}),
    requestsPerMinute: config.llm.requests_per_minute,
    resultsTtlMs: config.serve.results_ttl,
    ...bullmqLock(config),
  });
}

/**
 * The service's task kinds on Redis, built once per process: model answers and researched
 * customers are cached in Redis for serve.cache_ttl, shared by every worker; `close` ends the
 * resume parse pool.
 */
export function redisKinds(
  config: ServeFileConfig,
  queue: BullmqQueue,
): { kinds: AnyTaskKind[]; close(): Promise<void> } {
  const parser = new ParsePool();
  const ttl = config.serve.cache_ttl;
  const local = path.join(tmpdir(), 'job-matcher-worker');
  const kinds = [
    createScreenKind({ parser, modelCache: queue.cacheStore('screen-model', ttl) }),
    createTailorKind({
      parser,
      llm: config.llm,
      // The generation cache is per machine (a folder); a miss costs one model call, not a result.
      cacheDir: path.join(local, 'generations'),
      researchCache: queue.cacheStore('tailor-research', ttl),
      researchTtlMs: ttl,
    }),
    // Match runs: the run's files go into the task's result store (see src/pipeline/task-folders.ts).
    // Handled jobs and the board cache are this machine's. Marks ("not interested") live in the
    // API's database, which a worker cannot read: the ones made before the task was submitted
    // travel with the task (its request), so nothing is read from here.
    createMatchKind(
      matchKindOptions(
        config,
        { stateRoot: path.join(local, 'match-state'), cacheDir: path.join(local, 'match-cache') },
        () => [],
      ),
    ),
  ];
  return { kinds, close: () => parser.close() };
}

/**
 * `npm run worker -- --config <file> [--concurrency <n>]`: runs queued items from Redis until
 * SIGINT/SIGTERM, then lets the items in hand finish (BullMQ gives an item whose worker died to
 * another worker). Any number of these on any number of machines.
 */
const USAGE = `usage: worker --config <file> [--concurrency <n>]
  runs queued match, screen and tailor items from Redis (queue.redis_url or $REDIS_URL) until Ctrl-C;
  --concurrency: items at once (default serve.item_concurrency)`;

export async function runWorker(argv: string[], io: CliIo, logger: Logger): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new UsageError(`--concurrency ${values.concurrency}: expected a whole number above 0`);
  }
  const config = await loadServeConfig(values.config, io.cwd);
  const queue = await openRedisQueue(config, io.env, logger, true);
  const { kinds, close } = redisKinds(config, queue);
  try {
    await queue.startWorker(kinds, { concurrency: concurrency ?? config.serve.item_concurrency });
    logger.info(
      'worker',
      `running ${kinds.map((k) => k.kind).join(', ')} items from the queue (Ctrl-C stops)`,
    );
    if (!io.signal.aborted)
      await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
    logger.info('worker', 'stopping: the items in hand finish first');
    return 0;
  } finally {
    await queue.close();
    await close();
  }
}
