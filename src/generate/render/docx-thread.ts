import { Worker } from 'node:worker_threads';
import type { CoverLetter, TailoredResume } from '../types.js';

/**
 * DOCX rendering on a worker thread. Building a document with the `docx` package takes ~20 ms of
 * CPU, twice per job; on the main thread it delays the model's replies and the HTTP reads of the
 * jobs still in flight, and in a full run it is most of the CPU after the last reply. One thread
 * is started on the first document, serves every later one, and ends itself when idle, so no
 * caller has to close it; while idle it does not keep the process alive.
 */

type Request =
  | { kind: 'resume'; resume: TailoredResume }
  | { kind: 'cover-letter'; letter: CoverLetter; resume: Pick<TailoredResume, 'name' | 'contact'> };

/** What the thread is sent (docx-worker.ts): a document to build, numbered for its answer. */
export type DocxRequest = Request & { id: number };

export type DocxAnswer = { id: number; data: Uint8Array } | { id: number; error: string };

/** The thread ends after this long without work; the next document starts a new one. */
const IDLE_MS = 5_000;

interface Pending {
  resolve(data: Uint8Array): void;
  reject(error: Error): void;
}

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

/**
 * The thread's script: the compiled .js beside this file, or when running from source (tests, the
 * benchmark) the .ts file, loaded after registering tsx's loader in the thread itself.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./docx-worker.js', import.meta.url));
  const script = new URL('./docx-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { eval: true });
}

function startThread(): Worker {
  const started = startWorker();
  started.on('message', (answer: DocxAnswer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if ('data' in answer) waiting.resolve(answer.data);
    else waiting.reject(new Error(`DOCX rendering failed: ${answer.error}`));
    settle();
  });
  // A crashed thread fails what it held; the next document starts a fresh one.
  const fail = (error: Error): void => {
    if (worker === started) worker = null;
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(new Error(`the DOCX thread stopped: ${error.message}`, { cause: error }));
    }
  };
  started.on('error', fail);
  started.on('exit', (code) => {
    if (pending.size > 0) fail(new Error(`exit code ${code}`));
    if (worker === started) worker = null;
  });
  return started;
}

/** Idle: let the process exit without waiting for the thread, and end it after IDLE_MS. */
function settle(): void {
  if (pending.size > 0 || !worker) return;
  worker.unref();
  const idle = worker;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (worker === idle && pending.size === 0) {
      worker = null;
      void idle.terminate();
    }
  }, IDLE_MS);
  idleTimer.unref();
}

function render(request: Request): Promise<Uint8Array> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  worker ??= startThread();
  worker.ref();
  const id = nextId++;
  const thread = worker;
  return new Promise<Uint8Array>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    thread.postMessage({ ...request, id });
  });
}

export const resumeDocx = (resume: TailoredResume): Promise<Uint8Array> => render({ kind: 'resume', resume });

export const coverLetterDocx = (
  letter: CoverLetter,
  resume: Pick<TailoredResume, 'name' | 'contact'>,
): Promise<Uint8Array> =>
  render({ kind: 'cover-letter', letter, resume: { name: resume.name, contact: resume.contact } });
