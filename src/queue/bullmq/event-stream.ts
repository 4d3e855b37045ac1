import type { Redis } from 'ioredis';
import type { TaskEventRecord } from '../types.js';
import type { Keys } from './keys.js';
import { TaskRecords } from './records.js';

/**
 * A task's events from Redis: those after `afterSeq` (Last-Event-ID), then live ones until the
 * task ends or the signal fires. Waits out a Redis restart instead of failing the stream.
 */
export async function* streamTaskEvents(
  redis: Redis,
  keys: Keys,
  ttlMs: number,
  { id, afterSeq, signal }: { id: string; afterSeq: number; signal: AbortSignal },
): AsyncIterable<TaskEventRecord> {
  // XREAD BLOCK holds its connection, so each listener has its own; abort closes it at once.
  const reader = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  reader.on('error', () => {});
  const stop = (): void => reader.disconnect();
  signal.addEventListener('abort', stop, { once: true });
  // The reader's own records wait out a Redis restart (offline queue) instead of failing the stream.
  const records = new TaskRecords(reader, keys, ttlMs);
  let seq = afterSeq;
  // A finished state is written a moment before its run-finished event is appended (two steps,
  // possibly by another worker): a stream that sees the state but not yet the event waits once
  // for it, rather than ending without it.
  let graceUsed = false;
  try {
    while (!signal.aborted) {
      let finished: boolean;
      let batch: TaskEventRecord[];
      try {
        // What is there now; when nothing and the task has ended, the stream is complete.
        finished = await records.isFinished(id);
        batch = await records.read(reader, id, seq, finished && graceUsed ? undefined : 1_000);
      } catch (error) {
        if (signal.aborted) return;
        if (reader.status === 'ready') throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      for (const record of batch) {
        seq = record.seq;
        yield record;
        if (record.event.type === 'run-finished') return;
      }
      if (batch.length === 0 && finished) {
        if (graceUsed) return;
        graceUsed = true;
      }
    }
  } finally {
    signal.removeEventListener('abort', stop);
    reader.disconnect();
  }
}
