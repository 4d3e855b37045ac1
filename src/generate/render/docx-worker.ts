import { parentPort } from 'node:worker_threads';
import { coverLetterDocx, resumeDocx } from './docx.js';
import type { DocxAnswer, DocxRequest } from './docx-thread.js';

/**
 * The DOCX thread (started by docx-thread.ts): builds each document with the `docx` package and
 * answers with its bytes. A failure is answered too, so one bad document fails only its job.
 */
parentPort?.on('message', async (request: DocxRequest) => {
  let answer: DocxAnswer;
  try {
    const data =
      request.kind === 'resume'
        ? await resumeDocx(request.resume)
        : await coverLetterDocx(request.letter, request.resume);
    answer = { id: request.id, data };
  } catch (error) {
    answer = {
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  parentPort?.postMessage(answer);
});
