import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { describeError, OutputError } from '../errors.js';
import { takeLock } from '../output/lock.js';
import { BoardValidators, JobListing } from '../output/schemas.js';
import { removeStaleTemps, writeAtomically } from '../output/state-write.js';
import type { JobListing as Listing, BoardValidators as Validators } from '../sources/types.js';
import type { HandledJob } from './handled-store.js';
import { readStoreFile, writeStoreFile } from './json-file.js';
import { claimSnapshots, pruneSnapshots } from './snapshot-prune.js';

/**
 * The board store, shared by every candidate and every run on this state file: per board, the
 * validators of its last answer (conditional requests), how many jobs it listed (a board that
 * suddenly lists none is flagged), and the name of its listings snapshot. Under 200 bytes a board.
 * The listings themselves (megabytes for a thousand boards) are a cache, in
 * `<cache_dir>/boards/<hash>.json`, named by their content: a snapshot is what the validators
 * describe, whoever wrote last, and a cache without it only costs one full request.
 */
export const BOARDS_VERSION = 2;

const BoardEntry = z.object({
  validators: BoardValidators.optional(),
  snapshot: z.string().nullable(),
  count: z.number(),
  at: z.string(),
  /** How long reading the board took last time: the next run starts the slowest boards first. */
  ms: z.number().optional(),
});
type BoardEntry = z.infer<typeof BoardEntry>;

export const BoardsFile = z.object({
  version: z.literal(BOARDS_VERSION),
  boards: z.record(z.string(), BoardEntry),
});
type BoardsFile = z.infer<typeof BoardsFile>;

/** The state of version 1 (one file for one candidate, with every listing): read once, then replaced. */
const LegacyState = z.looseObject({
  version: z.literal(1),
  handled: z.record(z.string(), z.looseObject({ runId: z.string(), at: z.string() })),
  boards: z.record(z.string(), z.looseObject({ lastCount: z.number() })),
});
const StateFile = z.union([BoardsFile, LegacyState]);

const Snapshot = z.object({ listings: z.array(JobListing) });

export interface PreviousBoard {
  /** Only when the snapshot they describe is at hand: a 304 then reuses its listings. */
  validators?: Validators;
  listings: Listing[];
  count: number;
}

export interface BoardStore {
  readonly file: string;
  previous(key: string): Promise<PreviousBoard | undefined>;
  /**
   * The validators to send, when the board's snapshot is on disk, without reading it: a run's
   * start asks for every board, and parsing every snapshot there cost a later run of 300 boards
   * seconds and all their listings in memory. The snapshot is read when the board answers 304.
   */
  validators(key: string): Promise<Validators | undefined>;
  /**
   * Stores a board's answer; jobs listed last time and gone now are returned as closed. Its
   * snapshot is written in the background and the board's entry is set once it is on disk;
   * flush() waits for every write.
   */
  record(
    key: string,
    update: { validators?: Validators; listings: Listing[]; durationMs?: number },
  ): Promise<{ closed: Listing[] }>;
  /** How long the board took to read on its last recorded run; undefined if never recorded. */
  lastDurationMs(key: string): number | undefined;
  /** Handled jobs of a version-1 state, for the one-candidate shorthand's new handled store. */
  readonly legacyHandled: Record<string, HandledJob>;
  /**
   * Waits for the snapshots being written, then merges this run's boards into the file under its
   * lock: other runs' boards are kept.
   */
  flush(): Promise<void>;
}

export const boardKey = (company: string): string => company.toLowerCase();

export async function openBoardStore(
  file: string,
  cacheDir: string,
  now: () => Date = () => new Date(),
): Promise<BoardStore> {
  const path = resolve(file);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new OutputError(dirname(path), `cannot create the state folder (${describeError(error)})`, {
      cause: error,
    });
  }
  const read = await readStoreFile(path, StateFile);
  const legacy = read?.version === 1 ? read : null;
  const known: BoardsFile['boards'] = legacy
    ? Object.fromEntries(
        Object.entries(legacy.boards).map(([k, b]) => [k, { snapshot: null, count: b.lastCount, at: '' }]),
      )
    : read?.version === BOARDS_VERSION
      ? read.boards
      : {};
  const changed = new Map<string, BoardEntry>();
  const snapshots = new Map<string, Promise<Listing[] | null>>();
  const snapshotFile = (name: string) => join(cacheDir, 'boards', `${name}.json`);
  const writing = new Set<Promise<void>>();
  // Snapshots this run's boards stopped referring to: removed at flush unless another board holds them.
  const replaced = new Set<string>();
  // Claimed at once, even by a run that saves nothing: a state that only reads still holds names.
  const ownership = claimSnapshots(join(cacheDir, 'boards'), path);
  // Made once per store, not once per board: a 300-board scan spent ~0.1 s in mkdir calls.
  let snapshotDir: Promise<unknown> | null = null;

  const loadSnapshot = (name: string): Promise<Listing[] | null> => {
    let pending = snapshots.get(name);
    if (!pending) {
      pending = readFile(snapshotFile(name), 'utf8').then(
        (text) => {
          const parsed = Snapshot.safeParse(JSON.parse(text));
          return parsed.success ? parsed.data.listings : null;
        },
        () => null,
      );
      snapshots.set(name, pending);
    }
    return pending;
  };

  /** The listings' snapshot, named by its content; null when it could not be written. */
  const writeSnapshot = async (listings: Listing[]): Promise<string | null> => {
    // Encoded once, for the hash and the file: a board's listings are ~300 KB of JSON.
    const bytes = Buffer.from(JSON.stringify({ listings }));
    const name = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
    try {
      snapshotDir ??= mkdir(join(cacheDir, 'boards'), { recursive: true }).catch((error: unknown) => {
        snapshotDir = null;
        throw error;
      });
      await snapshotDir;
      // No fsync: a snapshot a crash leaves torn fails validation and is a miss.
      await writeAtomically(snapshotFile(name), [bytes], { sync: false });
      return name;
    } catch {
      // Without its snapshot the board is read in full next time; nothing else is lost.
      return null;
    }
  };

  const previous = async (key: string): Promise<PreviousBoard | undefined> => {
    const entry = Object.hasOwn(known, key) ? known[key]! : undefined;
    if (!entry) return undefined;
    const listings = entry.snapshot ? await loadSnapshot(entry.snapshot).catch(() => null) : null;
    if (!listings) return { listings: [], count: entry.count };
    return entry.validators
      ? { validators: entry.validators, listings, count: entry.count }
      : { listings, count: entry.count };
  };

  return {
    file: path,
    legacyHandled: legacy
      ? Object.fromEntries(
          Object.entries(legacy.handled).map(([id, h]) => [id, { runId: h.runId, at: h.at }]),
        )
      : {},
    previous,
    async validators(key) {
      const entry = Object.hasOwn(known, key) ? known[key]! : undefined;
      if (!entry?.validators || !entry.snapshot) return undefined;
      const found = await stat(snapshotFile(entry.snapshot)).then(
        (s) => s.isFile() && s.size > 0,
        () => false,
      );
      return found ? entry.validators : undefined;
    },
    lastDurationMs: (key) => (Object.hasOwn(known, key) ? known[key]!.ms : undefined),
    async record(key, update) {
      const before = await previous(key);
      const current = new Set(update.listings.map((l) => l.id));
      const closed = (before?.listings ?? []).filter((l) => !current.has(l.id));
      const prior = Object.hasOwn(known, key) ? known[key]!.snapshot : null;
      // What the snapshot holds is kept no longer than this call: a run reads each board once,
      // and holding every board's listings (descriptions included) was most of a scan's memory.
      if (prior) snapshots.delete(prior);
      const save = (snapshot: string | null): void => {
        const entry: BoardEntry = {
          ...(update.validators && snapshot ? { validators: update.validators } : {}),
          snapshot,
          count: update.listings.length,
          at: now().toISOString(),
          ...(update.durationMs === undefined ? {} : { ms: Math.round(update.durationMs) }),
        };
        known[key] = entry;
        changed.set(key, entry);
        if (prior && prior !== snapshot) replaced.add(prior);
      };
      if (prior && before && before.listings.length > 0 && before.listings === update.listings) {
        // Unchanged (a 304 or the same content hash): the snapshot on disk already holds these.
        save(prior);
      } else {
        // Written behind the caller's back, flush() waits: the board's jobs go on to be matched
        // and fetched meanwhile. The first board's write waited ~0.1 s in the file system's
        // thread pool behind the modules a run loads at its start, on the way to its first job.
        const write = writeSnapshot(update.listings)
          .catch(() => null)
          .then(save);
        writing.add(write);
        void write.finally(() => writing.delete(write));
      }
      return { closed };
    },
    async flush() {
      await Promise.all(writing);
      if (changed.size === 0 && !legacy) return;
      const release = await takeLock(path, () => undefined, { waitMs: 10_000 });
      try {
        await removeStaleTemps(path);
        const latest = await readStoreFile(path, StateFile);
        const boards = latest?.version === BOARDS_VERSION ? { ...latest.boards } : {};
        for (const [key, entry] of changed) boards[key] = entry;
        await writeStoreFile(path, { version: BOARDS_VERSION, boards } satisfies BoardsFile);
        changed.clear();
        if ((await ownership) === 'own') {
          const referenced = new Set(Object.values(boards).flatMap((b) => (b.snapshot ? [b.snapshot] : [])));
          await pruneSnapshots(join(cacheDir, 'boards'), referenced, replaced, now().getTime());
        }
        replaced.clear();
      } finally {
        await release().catch(() => undefined);
      }
    },
  };
}
