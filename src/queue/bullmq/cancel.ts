import type { Redis } from 'ioredis';

/**
 * Cancel on every machine: the API publishes the task id on one channel and sets the task's
 * state; each worker aborts the signals of the items it holds for that task. A message missed
 * while Redis was away is caught by a poll of the held tasks' state, so no cancel is lost.
 */
export class CancelRegistry {
  private readonly held = new Map<string, Set<AbortController>>();
  private timer: NodeJS.Timeout | null = null;

  /** A signal for one job of the task; `done` when the job ends. */
  hold(taskId: string): { signal: AbortSignal; done(): void } {
    const controller = new AbortController();
    const set = this.held.get(taskId) ?? new Set();
    set.add(controller);
    this.held.set(taskId, set);
    return {
      signal: controller.signal,
      done: () => {
        set.delete(controller);
        if (set.size === 0 && this.held.get(taskId) === set) this.held.delete(taskId);
      },
    };
  }

  /** Jobs held now: the items (and prepare or finish steps) this worker is running. */
  get size(): number {
    let n = 0;
    for (const set of this.held.values()) n += set.size;
    return n;
  }

  /** Shutdown past its bound: every held job's signal, so its model calls and fetches end now. */
  abortAll(reason: string): void {
    for (const set of this.held.values()) for (const c of set) c.abort(new Error(reason));
  }

  abort(taskId: string): void {
    for (const controller of this.held.get(taskId) ?? []) controller.abort(new Error('task cancelled'));
  }

  /** Listens on `channel` (on a connection of its own) and polls `isCancelled` every `pollMs`. */
  async listen(
    subscriber: Redis,
    channel: string,
    isCancelled: (taskId: string) => Promise<boolean>,
    pollMs: number,
  ): Promise<void> {
    subscriber.on('message', (_channel: string, taskId: string) => this.abort(taskId));
    await subscriber.subscribe(channel);
    this.timer = setInterval(() => {
      for (const taskId of this.held.keys()) {
        isCancelled(taskId)
          .then((cancelled) => cancelled && this.abort(taskId))
          .catch(() => {});
      }
    }, pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
