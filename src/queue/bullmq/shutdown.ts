import type { FlowProducer, Queue, Worker } from 'bullmq';
import type { Logger } from '../../infra/logger.js';
import type { CancelRegistry } from './cancel.js';

/** How long a closing worker lets the items in hand finish before it leaves them to BullMQ. */
export const DEFAULT_SHUTDOWN_MS = 10_000;

/** Whether `work` settled within `ms` (its failure counts as settled: a close that failed is over). */
export async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    () => true,
    () => true,
  );
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a BullMQ worker within `boundMs`. BullMQ's graceful close waits for the 'end' of its
 * blocking connection, and ioredis emits none for a connection disconnected while it waits
 * between two reconnect attempts (Redis down, or just back): that close never returns
 * (redis/ioredis#1830, #1247). So a worker with no item in hand closes with `force` (there is
 * nothing to wait for); one with items waits for them up to the bound, then is disconnected:
 * its items' signals are aborted (a model call in flight ends), their locks expire and BullMQ
 * gives them to another worker (or this one's next start).
 */
export async function closeWorker(
  worker: Worker,
  cancels: CancelRegistry,
  boundMs: number,
  logger: Logger,
): Promise<void> {
  const closing = worker.close(cancels.size === 0);
  if (await within(closing, boundMs)) return;
  logger.warn(
    'queue',
    `the worker did not stop within ${Math.round(boundMs / 1000)} s; its items in hand go to another worker`,
  );
  // Disconnected first, so that an item ending on its signal is not marked completed in BullMQ:
  // its job stays active, its lock expires, and it runs again elsewhere (no outcome was recorded).
  await within(worker.disconnect(), 1_000);
  cancels.abortAll('the worker is shutting down');
}

/** A producer or queue: `quit` first, `disconnect` when Redis does not answer within 2 s. */
export async function closeClient(client: Queue | FlowProducer): Promise<void> {
  if (!(await within(client.close(), 2_000))) await within(client.disconnect(), 1_000);
}
