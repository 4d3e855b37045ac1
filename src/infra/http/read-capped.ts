import { CancelledError, HttpError } from '../../errors.js';

export type ReadResult = { kind: 'ok'; bytes: Buffer; text: string } | { kind: 'transient'; reason: string };

/**
 * Reads a response body as UTF-8 text, refusing more than `maxBytes` (checked against
 * Content-Length first, then while streaming, so a 50 MB page never sits in memory whole) and
 * giving up on a body that stalls for `timeoutMs`. A reset or stall is `transient` (worth a
 * retry); an oversized body throws a final HttpError.
 *
 * Cancelling is never awaited: ky hands afterResponse hooks a clone (a tee of the body), and a
 * tee branch's cancel() settles only once the other branch is cancelled too, which ky does only
 * after the hook has returned or thrown. Awaiting it here would hang the request for ever.
 */
export async function readCapped(
  res: Response,
  opts: { maxBytes: number; timeoutMs: number; url: string; signal?: AbortSignal | undefined },
): Promise<ReadResult> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    void res.body?.cancel().catch(() => undefined);
    throw tooLarge(opts.url, res.status, opts.maxBytes);
  }
  if (!res.body) return { kind: 'ok', bytes: Buffer.alloc(0), text: '' };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const next = await withStallTimeout(reader.read(), opts.timeoutMs);
      if (next === 'stalled') {
        void reader.cancel().catch(() => undefined);
        return { kind: 'transient', reason: `body stalled for ${opts.timeoutMs} ms` };
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > opts.maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge(opts.url, res.status, opts.maxBytes);
      }
      chunks.push(next.value);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (opts.signal?.aborted) throw new CancelledError('cancelled', { cause: error });
    return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
  }
  const bytes = Buffer.concat(chunks);
  return { kind: 'ok', bytes, text: bytes.toString('utf8') };
}

function tooLarge(url: string, status: number, maxBytes: number): HttpError {
  return new HttpError(url, status, `response larger than ${maxBytes} bytes (raise http.max_response_bytes)`);
}

async function withStallTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T | 'stalled'> {
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), timeoutMs);
  });
  try {
    return await Promise.race([promise, stall]);
  } finally {
    clearTimeout(timer);
  }
}
