import path from 'node:path';
import type { Services } from '../app/services.js';
import { ParsePool } from '../batch/parse-pool.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import { DirStore } from '../infra/storage/dir-store.js';
import { matchKindOptions } from '../pipeline/kind.js';
import { BullmqQueue } from '../queue/bullmq/bullmq-queue.js';
import { MemoryQueue } from '../queue/memory/memory-queue.js';
import type { TaskQueue } from '../queue/types.js';
import { buildServer } from './app.js';
import { AuthGuard } from './auth-guard.js';
import { bullmqLock, redisUrlOf, type ServeFileConfig } from './config.js';
import type { ServerContext } from './context.js';
import { ServerDb } from './db.js';
import { type KindRoute, screenRoute, tailorRoute } from './kinds.js';
import { MarkStore } from './marks.js';
import { createMetrics } from './metrics.js';
import { runRoute } from './run-route.js';
import { createServerServices } from './services.js';

/** Bumped when a kind's prompts or scoring change, so that cached results are not reused. */
export const PROMPT_VERSION = '1';

export interface StartOptions {
  config: ServeFileConfig;
  dataDir: string;
  host: string;
  port: number;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Tests give Services over their own peers; else they are built from the config. */
  services?: Services;
  /** `serve --no-worker`: the API only; `worker` processes run the items (queue.backend redis). */
  noWorker?: boolean;
}

export interface RunningServer {
  url: string;
  ctx: ServerContext;
  close(): Promise<void>;
}

/** The data folder's layout: databases at its top, one folder per task. */
export function taskStores(dataDir: string) {
  return (taskId: string) => ({
    inputs: new DirStore(path.join(dataDir, 'tasks', taskId, 'inputs')),
    files: new DirStore(path.join(dataDir, 'tasks', taskId, 'files')),
  });
}

function kindRoutes(
  config: ServeFileConfig,
  dataDir: string,
  parser: ParsePool,
  marks: MarkStore,
): KindRoute[] {
  const cacheDir = path.join(dataDir, 'cache');
  // On Redis the kind copies the task's inputs to a folder and its files back into the store
  // (src/pipeline/task-folders.ts); this process runs match items only without --no-worker.
  const runs = [
    runRoute(
      matchKindOptions(
        config,
        { stateRoot: path.join(dataDir, 'match-state'), cacheDir: path.join(cacheDir, 'match') },
        (owner, candidate) => marks.declined(owner, candidate),
      ),
    ),
  ];
  return [
    ...runs,
    screenRoute({ parser, modelCache: new DirStore(path.join(cacheDir, 'screen-model')) }),
    tailorRoute({
      llm: config.llm,
      cacheDir,
      researchCache: new DirStore(path.join(cacheDir, 'research')),
      parser,
    }),
  ];
}

/**
 * `serve` with the embedded queue: the composition root of the service. Whoever starts it closes
 * it: the HTTP server first (no new work), then the queue (in-flight items stay for the next
 * start), then the parse threads, the browser and the databases.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, dataDir, logger } = options;
  if (options.noWorker && config.queue.backend !== 'redis') {
    throw new UsageError(
      '--no-worker needs queue.backend "redis": the embedded queue runs its items in the server',
    );
  }
  const services = options.services ?? createServerServices(config, logger, options.env);
  // Every format in the threads: this process's main thread answers the API.
  const parser = new ParsePool({ threads: 2, everyFormat: true });
  const metrics = createMetrics();
  const db = new ServerDb(dataDir);
  let queue: TaskQueue;
  let stores: ServerContext['stores'];
  if (config.queue.backend === 'redis') {
    // Records, events and files in Redis: any API process serves what any worker made.
    const redisQueue = await BullmqQueue.open({
      url: redisUrlOf(config, options.env),
      logger,
      services,
      requestsPerMinute: config.llm.requests_per_minute,
      resultsTtlMs: config.serve.results_ttl,
      ...bullmqLock(config),
    });
    queue = redisQueue;
    stores = (taskId) => redisQueue.storesOf(taskId);
  } else {
    stores = taskStores(dataDir);
    queue = new MemoryQueue({
      file: path.join(dataDir, 'queue.db'),
      services,
      stores,
      logger,
      itemConcurrency: config.serve.item_concurrency,
      hooks: metrics.hooks,
    });
  }
  metrics.watch(queue);
  const marks = new MarkStore(db.db);
  const routes = kindRoutes(config, dataDir, parser, marks);
  const ctx: ServerContext = {
    config,
    queue,
    db,
    authGuard: new AuthGuard(config.serve.auth_failures_per_minute),
    stores,
    routes,
    metrics,
    logger,
    dataDir,
    promptVersion: PROMPT_VERSION,
    llmAvailable: services.llm !== null,
    http: services.http,
    marks,
  };
  const app = await buildServer(ctx);
  if (!options.noWorker) {
    await queue.startWorker(
      routes.map((r) => r.kind),
      { concurrency: config.serve.tasks_concurrency },
    );
  }
  const address = await app.listen({ host: options.host, port: options.port });
  return {
    url: address.replace('[::1]', 'localhost'),
    ctx,
    async close() {
      await app.close();
      await queue.close();
      await parser.close();
      if (!options.services) await services.close();
      db.close();
    },
  };
}
