import type { EventError } from '../app/events.js';

/**
 * How a task ends once its finish step ran, the same on every backend: a task that produced its
 * result is `succeeded` even when some items failed (the result says which); it is `failed` when
 * it could not produce one because every item failed.
 */
export function finalState(
  total: number,
  done: number,
): { state: 'succeeded' | 'failed'; error: EventError | null } {
  if (total > 0 && done === 0) {
    return {
      state: 'failed',
      error: { code: 'ALL_ITEMS_FAILED', message: `every item failed (${total})`, retryable: false },
    };
  }
  return { state: 'succeeded', error: null };
}
