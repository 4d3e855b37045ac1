import { parentPort } from 'node:worker_threads';
import { ProfileError } from '../errors.js';
import { readResume } from '../profile/index.js';
import { preloadPdfReader } from '../profile/read-pdf.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';

/**
 * One parse thread: reads resumes (PDF through pdf.js, DOCX through mammoth) off the main thread.
 * pdf.js's polyfills land in this thread's globals, not the main thread's.
 */
// Started as soon as the thread is: the thread's first file, PDF or not, then finds pdf.js loaded
// (mammoth comes with the profile module). A failed load shows on the first PDF instead.
preloadPdfReader().catch(() => {});

parentPort?.on('message', async (request: ParseRequest) => {
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
