/**
 * Run events: what every stage of every pipeline reports while it works. The CLI draws them (live
 * display, plain lines, `--json`), the server stores and streams them (SSE), the queue counts them.
 * Events are plain JSON so they cross process and machine boundaries unchanged.
 */

/** A failure as an event carries it: the error tree's stable code, the message, and its fields. */
export interface EventError {
  code: string;
  message: string;
  retryable: boolean;
  /** Context fields of the error (company, job, url, file, ...). */
  fields?: Record<string, string | number | null>;
}

export type RunEvent =
  | { type: 'run-started'; runId: string; kind: string; at: string }
  | { type: 'stage-started'; stage: string; total?: number; at: string }
  | { type: 'progress'; stage: string; done: number; total: number; failed: number; at: string }
  | { type: 'item-done'; stage: string; itemId: string; label?: string; at: string }
  | { type: 'item-failed'; stage: string; itemId: string; label?: string; error: EventError; at: string }
  | { type: 'stage-finished'; stage: string; done: number; failed: number; durationMs: number; at: string }
  | {
      type: 'run-finished';
      runId: string;
      state: 'succeeded' | 'failed' | 'cancelled';
      at: string;
      error?: EventError;
    };

/** Distributive Omit, so each member of the union keeps its own fields. */
export type RunEventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'at'> : never) : never;

export type RunEventListener = (event: RunEvent) => void;

/** One run's event channel. Listeners never throw into the emitter: a failing sink is its own problem. */
export interface RunEvents {
  emit(event: RunEventInput): void;
  on(listener: RunEventListener): () => void;
}

export function createRunEvents(now: () => Date = () => new Date()): RunEvents {
  const listeners = new Set<RunEventListener>();
  return {
    emit(input) {
      const event = { ...input, at: now().toISOString() } as RunEvent;
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A display or store that fails must not fail the run; it reports its own trouble.
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The channel of a run inside another (a match run inside a queued task's item): its stage
 * events (stage-started, progress, item-done, item-failed, stage-finished) go on to `parent`
 * with the stage named `${prefix}${stage}`, so that two nested runs' stages, or a nested stage
 * named like the parent's own, stay apart. Its run-started and run-finished stay inside: the
 * parent's run goes on, and a parent's stream ends at its own run-finished only.
 */
export function nestedRunEvents(
  parent: RunEvents,
  prefix: string,
  now: () => Date = () => new Date(),
): RunEvents {
  const inner = createRunEvents(now);
  inner.on((event) => {
    if (event.type === 'run-started' || event.type === 'run-finished') return;
    const { at: _at, ...rest } = event;
    parent.emit({ ...rest, stage: `${prefix}${event.stage}` } as RunEventInput);
  });
  return inner;
}
