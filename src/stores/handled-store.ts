import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { describeError, OutputError } from '../errors.js';
import { takeLock } from '../output/lock.js';
import { removeStaleTemps } from '../output/state-write.js';
import { readStoreFile, writeStoreFile } from './json-file.js';

/**
 * One candidate's handled jobs: which jobs already have an application, so a scheduled run only
 * does new ones. About 90 bytes a job (id, run, time); the folder is in the run's summary. Held
 * under a lock for the whole run: two runs for the same candidate cannot both write it, while
 * runs for different candidates go on side by side.
 */
export const HANDLED_VERSION = 2;

const HandledJob = z.object({ runId: z.string(), at: z.string() });
export type HandledJob = z.infer<typeof HandledJob>;

export const HandledFile = z.object({
  version: z.literal(HANDLED_VERSION),
  handled: z.record(z.string(), HandledJob),
});
export type HandledFile = z.infer<typeof HandledFile>;

/** `<state dir>/handled-<candidate>.json`, beside the board store. */
export function handledFile(stateFile: string, candidate: string): string {
  return join(dirname(resolve(stateFile)), `handled-${candidate}.json`);
}

export interface HandledStore {
  readonly file: string;
  isHandled(jobId: string): boolean;
  /** Persisted before it resolves, so a kill right after loses nothing. */
  markHandled(jobId: string, runId: string): Promise<void>;
  /** Saves and releases the lock; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Opens (or starts) a candidate's handled store and holds its lock until close(). A second run
 * for the same candidate fails at once with OutputError; a lock left by a killed run is taken
 * over (see takeLock). `seed` fills a store that does not exist yet (a state of the old format).
 */
export async function openHandledStore(
  file: string,
  now: () => Date = () => new Date(),
  seed: Record<string, HandledJob> = {},
): Promise<HandledStore> {
  const path = resolve(file);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new OutputError(dirname(path), `cannot create the state folder (${describeError(error)})`, {
      cause: error,
    });
  }
  let compromised: Error | null = null;
  const release = await takeLock(path, (error) => {
    compromised = error;
  });
  let state: HandledFile;
  try {
    await removeStaleTemps(path);
    state = (await readStoreFile(path, HandledFile)) ?? { version: HANDLED_VERSION, handled: { ...seed } };
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  let released = false;
  let writing: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  const save = (): Promise<void> => {
    if (released) return Promise.reject(new OutputError(path, 'the state was closed; open it again'));
    const lost = compromised as Error | null;
    if (lost) {
      return Promise.reject(
        new OutputError(path, `the lock on the state file was lost (${lost.message}); run again`, {
          cause: lost,
        }),
      );
    }
    // One write at a time; a write queued but not started carries every change made before it.
    if (queued) return queued;
    const next = writing.then(async () => {
      queued = null;
      await writeStoreFile(path, state);
    });
    queued = next;
    writing = next.catch(() => undefined);
    return next;
  };
  return {
    file: path,
    isHandled: (jobId) => Object.hasOwn(state.handled, jobId),
    async markHandled(jobId, runId) {
      state.handled[jobId] = { runId, at: now().toISOString() };
      await save();
    },
    async close() {
      if (released) return;
      try {
        if (!compromised) await save();
      } finally {
        released = true;
        await release().catch(() => undefined);
      }
    },
  };
}
