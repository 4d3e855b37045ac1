import { parentPort } from 'node:worker_threads';
import { ProfileError } from '../errors.js';
import { readResume } from '../profile/index.js';
import { preloadPdfReader } from '../profile/read-pdf.js';
import type { ParseReply, ParseRequest, PreloadRequest } from './parse-pool.js';

/**
 * One parse thread: reads resumes (PDF through pdf.js, DOCX through mammoth) off the main thread.
 * pdf.js's polyfills land in this thread's globals, not the main thread's.
 */
// Started as soon as the thread is, every reader a thread may need: its first PDF or DOCX then
// finds pdf.js (and its worker side) or mammoth loaded, whichever it gets first (bench (e): a
// thread that met its first DOCX mid-run spent 0.5 s loading mammoth while resumes queued behind
// it). A failed load shows on the first file of that format instead.
preloadPdfReader().catch(() => {});
import('../profile/read-docx.js').catch(() => {});

parentPort?.on('message', async (message: ParseRequest | PreloadRequest) => {
  if ('preload' in message) {
    // Modules of the steps to come (ParsePool.warm); a failure shows on the step's first call.
    for (const module of message.preload) await import(module).catch(() => {});
    return;
  }
  const request = message;
  let reply: ParseReply;
  try {
    const reading = await readResume(request.name, Buffer.from(request.bytes));
    let value: unknown;
    if (request.then) {
      const step = (await import(request.then.module)) as Record<string, (r: unknown, a: unknown) => unknown>;
      const fn = step[request.then.export];
      try {
        if (typeof fn !== 'function') throw new Error(`${request.then.module} has no ${request.then.export}`);
        value = await fn(reading, request.then.args);
      } catch (error) {
        // Read fine, but the step after it failed: say so, not "cannot be read".
        parentPort?.postMessage({
          id: request.id,
          ok: false,
          reason: `${request.then.export} failed (${(error as Error).message})`,
          profile: false,
        } satisfies ParseReply);
        return;
      }
    }
    reply = { id: request.id, ok: true, reading, value };
  } catch (error) {
    const reason =
      error instanceof ProfileError ? error.message : `cannot be read (${(error as Error).message})`;
    reply = { id: request.id, ok: false, reason, profile: error instanceof ProfileError };
  }
  parentPort?.postMessage(reply);
});
