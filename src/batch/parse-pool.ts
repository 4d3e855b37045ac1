import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ProfileError } from '../errors.js';
import { type ResumeReading, readResume } from '../profile/index.js';

/** Reads resumes; the pool below does PDF and DOCX in worker threads, the rest in this thread. */
export interface ResumeParser {
  parse(name: string, bytes: Uint8Array): Promise<ResumeReading>;
  /**
   * Reads the resume and then runs `then` on the reading in the same thread (a pure function of
   * the reading and plain JSON): CPU work of a task kept off the thread that answers requests.
   */
  parseThen?<T>(
    name: string,
    bytes: Uint8Array,
    then: ThenStep,
  ): Promise<{ reading: ResumeReading; value: T }>;
  /**
   * Starts the threads now rather than at the first file, and has each import these modules
   * (the `then` steps to come): a run calls it when it begins, so the threads' start overlaps
   * reading the job and planning instead of delaying the first resumes.
   */
  warm?(modules: string[]): void;
  close(): Promise<void>;
}

/** A function exported by a module, called in the parse thread with (reading, args). */
export interface ThenStep {
  /** The module's URL (its file next to the caller's, same extension). */
  module: string;
  export: string;
  args: unknown;
}

export interface ParseRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
  then?: ThenStep;
}

/** Sent to a thread by warm(): import these modules; no reply. */
export interface PreloadRequest {
  preload: string[];
}

export type ParseReply =
  | { id: number; ok: true; reading: ResumeReading; value?: unknown }
  | { id: number; ok: false; reason: string; profile: boolean };

export interface ParsePoolOptions {
  /** Threads; default: one per core. */
  threads?: number;
  /** A file that takes longer than this is given up (its thread is replaced). */
  timeoutMs?: number;
  /**
   * Every format in the threads, text too: for the service, whose main thread answers requests
   * (posting a text file costs less than blocking that thread to parse it). Default false.
   */
  everyFormat?: boolean;
}

interface Job {
  request: ParseRequest;
  resolve: (reply: { reading: ResumeReading; value?: unknown }) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/** Formats whose parsing costs real CPU; the text formats are cheaper to parse than to post. */
const THREADED = /\.(pdf|docx)$/i;

/**
 * Starts the thread file next to this one. From TypeScript sources (tsx, vitest) the thread first
 * registers tsx's loader (a worker's execArgv `--import` is not honoured on every Node 20);
 * from compiled JavaScript it is started directly.
 */
function startWorker(): Worker {
  const ext = path.extname(fileURLToPath(import.meta.url));
  const url = new URL(`./parse-worker${ext}`, import.meta.url);
  if (ext !== '.ts') return new Worker(url);
  const tsx = import.meta.resolve('tsx/esm/api');
  // Source maps off once tsx is in: with them on, loading pdf.js reads and keeps its multi-MB
  // maps, about 170 MB per thread (bench (f): 2 threads of ~450 MB each); a parse thread's errors
  // are reported by message, and their TypeScript line numbers are not worth that.
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); process.setSourceMapsEnabled(false); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}

/**
 * A small pool of parse threads (no dependency for ~100 lines): threads start on first use, each
 * reads one file at a time, a queue feeds them, a crashed or stuck thread fails only its own file
 * and is replaced. Whoever creates the pool closes it.
 */
export class ParsePool implements ResumeParser {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly threads: number;
  private readonly timeoutMs: number;
  private nextId = 1;
  private closed = false;
  private readonly everyFormat: boolean;

  constructor(options: ParsePoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.everyFormat = options.everyFormat ?? false;
  }

  async parse(name: string, bytes: Uint8Array): Promise<ResumeReading> {
    if (!this.everyFormat && !THREADED.test(name)) return readResume(name, Buffer.from(bytes));
    return (await this.send({ id: this.nextId++, name, bytes })).reading;
  }

  async parseThen<T>(
    name: string,
    bytes: Uint8Array,
    then: ThenStep,
  ): Promise<{ reading: ResumeReading; value: T }> {
    const reply = await this.send({ id: this.nextId++, name, bytes, then });
    return { reading: reply.reading, value: reply.value as T };
  }

  private send(request: ParseRequest): Promise<{ reading: ResumeReading; value?: unknown }> {
    if (this.closed) return Promise.reject(new Error('the parse pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  warm(modules: string[]): void {
    if (this.closed) return;
    for (const slot of this.slots) slot.worker.postMessage({ preload: modules } satisfies PreloadRequest);
    while (this.slots.length < this.threads) {
      this.spawn().worker.postMessage({ preload: modules } satisfies PreloadRequest);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the parse pool was closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.threads) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(
        () => this.fail(slot!, `took longer than ${this.timeoutMs} ms to read`),
        this.timeoutMs,
      );
      slot.worker.postMessage(job.request);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), job: null, timer: null };
    slot.worker.on('message', (reply: ParseReply) => {
      const job = slot.job;
      if (!job || job.request.id !== reply.id) return;
      this.release(slot);
      if (reply.ok) job.resolve({ reading: reply.reading, value: reply.value });
      else
        job.reject(
          reply.profile
            ? new ProfileError(job.request.name, stripName(reply.reason, job.request.name))
            : new Error(reply.reason),
        );
      this.pump();
    });
    slot.worker.on('error', (error) => this.fail(slot, `crashed the reader (${error.message})`));
    slot.worker.on('exit', () => {
      if (slot.job) this.fail(slot, 'crashed the reader');
    });
    this.slots.push(slot);
    return slot;
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** The file's failure only: its thread is dropped (it may be stuck) and others go on. */
  private fail(slot: Slot, reason: string): void {
    const job = slot.job;
    this.release(slot);
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    if (job) job.reject(new ProfileError(job.request.name, reason));
    if (!this.closed) this.pump();
  }
}

/** ProfileError messages start with the file name; the rebuilt error adds it again. */
function stripName(message: string, name: string): string {
  return message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
}
