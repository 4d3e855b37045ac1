import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { describeError, OutputError } from '../errors.js';
import type {
  BoardValidators as BoardValidatorsType,
  JobListing as JobListingType,
} from '../sources/types.js';
import { takeLock } from './lock.js';
import { BoardValidators, formatIssues, JobListing } from './schemas.js';
import { removeStaleTemps, writeAtomically } from './state-write.js';

/**
 * What survives between runs: which jobs were handled (so a scheduled run only does new ones),
 * each board's last answer (validators for conditional requests, listings to reuse when the
 * board says "not modified", and so closed postings can be told apart), and the closed jobs.
 */
export const STATE_VERSION = 1;

const HandledJob = z.object({
  runId: z.string(),
  folder: z.string(),
  company: z.string(),
  title: z.string(),
  at: z.string(),
});
export type HandledJob = z.infer<typeof HandledJob>;

const BoardState = z.object({
  validators: BoardValidators.optional(),
  listings: z.array(JobListing),
  lastCount: z.number(),
  at: z.string(),
});
export type BoardState = z.infer<typeof BoardState>;

const ClosedJob = z.object({
  id: z.string(),
  company: z.string(),
  title: z.string(),
  url: z.string(),
  closedAt: z.string(),
});
export type ClosedJob = z.infer<typeof ClosedJob>;

export const StateFile = z.object({
  version: z.literal(STATE_VERSION),
  handled: z.record(z.string(), HandledJob),
  boards: z.record(z.string(), BoardState),
  closed: z.record(z.string(), ClosedJob),
});
export type StateFile = z.infer<typeof StateFile>;

export interface StateStore {
  readonly file: string;
  isHandled(jobId: string): boolean;
  handled(jobId: string): HandledJob | undefined;
  /** Persisted before it resolves, so a kill right after loses nothing. */
  markHandled(jobId: string, info: Omit<HandledJob, 'at'>): Promise<void>;
  board(
    key: string,
  ): { validators?: BoardValidatorsType; listings: JobListingType[]; lastCount: number } | undefined;
  /**
   * Stores a board's listings as they are now. Jobs listed last time and gone now are returned
   * and kept in `closed`; a job that comes back is taken out of it. Written to the file with the
   * next save (a handled job, or close).
   */
  recordBoard(
    key: string,
    update: { validators?: BoardValidatorsType; listings: JobListingType[] },
  ): Promise<{ closed: JobListingType[] }>;
  closedJobs(): ClosedJob[];
  /** For --force: the job is done again on this run. */
  forget(jobId: string): Promise<void>;
  save(): Promise<void>;
  /** Saves and releases the lock; safe to call more than once. */
  close(): Promise<void>;
}

function emptyState(): StateFile {
  return { version: STATE_VERSION, handled: {}, boards: {}, closed: {} };
}

async function readState(file: string): Promise<StateFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new OutputError(file, `cannot read the state file (${describeError(error)})`, { cause: error });
  }
  const recover = `it was left as it is: fix it, or move it aside (e.g. to ${file}.bad) to start with a fresh state, which redoes every job`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OutputError(file, `the state file is not valid JSON (${describeError(error)}); ${recover}`, {
      cause: error,
    });
  }
  const parsed = StateFile.safeParse(json);
  if (!parsed.success) {
    throw new OutputError(
      file,
      `the state file does not match its schema: ${formatIssues(parsed.error)}; ${recover}`,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

/**
 * Opens (or starts) the state file and holds its lock until `close()`. A second run on the same
 * file fails at once with OutputError instead of racing this one; a lock left by a killed run is
 * taken over (see takeLock). A corrupt file is reported, never overwritten.
 */
export async function openState(file: string, now: () => Date = () => new Date()): Promise<StateStore> {
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
  let state: StateFile;
  try {
    await removeStaleTemps(path);
    state = await readState(path);
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  return new FileStateStore(path, state, release, now, () => compromised);
}

/** JSON.stringify(value, null, 2) as it reads nested `depth` levels deep. */
const prettyAt = (value: unknown, depth: number): string =>
  JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

const BOARDS_OPEN = Buffer.from(',\n  "boards": {\n');
const BOARDS_EMPTY = Buffer.from(',\n  "boards": {}\n}\n');
const BOARD_SEPARATOR = Buffer.from(',\n');
const BOARDS_CLOSE = Buffer.from('\n  }\n}\n');

class FileStateStore implements StateStore {
  private writing: Promise<void> = Promise.resolve();
  /** The next write, while it waits for the one in progress. */
  private queued: Promise<void> | null = null;
  /**
   * Each board's entry as written, kept until the board is recorded again. The boards hold every
   * listing with its description (megabytes), while a save happens for every handled job: made
   * afresh each time, that text cost more CPU than the rest of a 100-job run (bench (b)).
   */
  private readonly boardBytes = new Map<string, Buffer>();
  private released = false;

  constructor(
    readonly file: string,
    private readonly state: StateFile,
    private readonly release: () => Promise<void>,
    private readonly now: () => Date,
    private readonly compromised: () => Error | null,
  ) {}

  isHandled(jobId: string): boolean {
    return Object.hasOwn(this.state.handled, jobId);
  }

  handled(jobId: string): HandledJob | undefined {
    return Object.hasOwn(this.state.handled, jobId) ? this.state.handled[jobId] : undefined;
  }

  async markHandled(jobId: string, info: Omit<HandledJob, 'at'>): Promise<void> {
    this.state.handled[jobId] = { ...info, at: this.now().toISOString() };
    await this.save();
  }

  board(
    key: string,
  ): { validators?: BoardValidatorsType; listings: JobListingType[]; lastCount: number } | undefined {
    if (!Object.hasOwn(this.state.boards, key)) return undefined;
    const board = this.state.boards[key]!;
    return board.validators
      ? { validators: board.validators, listings: board.listings, lastCount: board.lastCount }
      : { listings: board.listings, lastCount: board.lastCount };
  }

  async recordBoard(
    key: string,
    update: { validators?: BoardValidatorsType; listings: JobListingType[] },
  ): Promise<{ closed: JobListingType[] }> {
    const at = this.now().toISOString();
    const previous = Object.hasOwn(this.state.boards, key) ? this.state.boards[key]!.listings : [];
    const current = new Set(update.listings.map((listing) => listing.id));
    const closed = previous.filter((listing) => !current.has(listing.id));
    for (const listing of closed) {
      this.state.closed[listing.id] = {
        id: listing.id,
        company: listing.company,
        title: listing.title,
        url: listing.url,
        closedAt: at,
      };
    }
    for (const id of current) delete this.state.closed[id];
    this.state.boards[key] = {
      ...(update.validators ? { validators: update.validators } : {}),
      listings: update.listings,
      lastCount: update.listings.length,
      at,
    };
    this.boardBytes.delete(key);
    // Not written now: every save writes the whole state, and a run records each of its boards,
    // which made a 1,000-board run write ever larger files a thousand times over (quadratic, and
    // long enough to starve the lock's heartbeat). Only the next run reads a board snapshot; if
    // this run dies first, that run compares with the previous snapshot, which is still right.
    return { closed };
  }

  closedJobs(): ClosedJob[] {
    return Object.values(this.state.closed).sort((a, b) => a.id.localeCompare(b.id));
  }

  async forget(jobId: string): Promise<void> {
    if (!this.isHandled(jobId)) return;
    delete this.state.handled[jobId];
    await this.save();
  }

  save(): Promise<void> {
    if (this.released)
      return Promise.reject(new OutputError(this.file, 'the state was closed; open it again'));
    const lost = this.compromised();
    if (lost) {
      return Promise.reject(
        new OutputError(this.file, `the lock on the state file was lost (${lost.message}); run again`, {
          cause: lost,
        }),
      );
    }
    // One write at a time, each of the whole state as it is when its turn comes. A write that is
    // queued but not started will carry this change too, so callers share it: a run that records
    // many boards or jobs in a burst writes the file a few times, not once per change.
    if (this.queued) return this.queued;
    const next = this.writing.then(async () => {
      this.queued = null;
      try {
        await writeAtomically(this.file, this.serialize());
      } catch (error) {
        throw new OutputError(this.file, `cannot write the state file (${describeError(error)})`, {
          cause: error,
        });
      }
    });
    this.queued = next;
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** The state as JSON.stringify(state, null, 2) gives it (boards last), in chunks. */
  private serialize(): Buffer[] {
    const { boards, ...rest } = this.state;
    const chunks: Buffer[] = [Buffer.from(JSON.stringify(rest, null, 2).slice(0, -2))];
    const keys = Object.keys(boards);
    if (keys.length === 0) return [...chunks, BOARDS_EMPTY];
    chunks.push(BOARDS_OPEN);
    for (const [i, key] of keys.entries()) {
      let bytes = this.boardBytes.get(key);
      if (bytes === undefined) {
        bytes = Buffer.from(`    ${JSON.stringify(key)}: ${prettyAt(boards[key], 2)}`);
        this.boardBytes.set(key, bytes);
      }
      if (i > 0) chunks.push(BOARD_SEPARATOR);
      chunks.push(bytes);
    }
    chunks.push(BOARDS_CLOSE);
    return chunks;
  }

  async close(): Promise<void> {
    if (this.released) return;
    try {
      if (!this.compromised()) await this.save();
    } finally {
      this.released = true;
      await this.release().catch(() => undefined);
    }
  }
}
