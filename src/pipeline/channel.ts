/**
 * An async iterable fed while it is read: the match stage pushes jobs as it selects them and the
 * fetch engine (p-map) pulls them, so fetching starts before the last board is in.
 */
export interface Channel<T> extends AsyncIterable<T> {
  push(item: T): void;
  /** No more items; the reader ends once it has taken what is queued. */
  close(): void;
}

export function createChannel<T>(): Channel<T> {
  const queued: T[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(item) {
      if (closed) throw new Error('push after close');
      queued.push(item);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (queued.length > 0) {
          yield queued.shift() as T;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
