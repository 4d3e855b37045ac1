/**
 * Every Redis key the BullMQ backend owns beside BullMQ's own (which live under `<prefix>:bull`).
 * One prefix per deployment, so two services can share a Redis.
 */
export interface Keys {
  /** Sorted set of task ids by creation time: the list's index. */
  tasks: string;
  /** Counter giving each task its place in `tasks`. */
  taskCounter: string;
  /** Hash: the task record's fields, its input, plan, items and event counter. */
  task(id: string): string;
  /** Stream of the task's events, entry ids `0-<seq>` so Last-Event-ID maps onto XREAD. */
  events(id: string): string;
  /** Sets of item ids done and failed: progress counted from the children, each once. */
  done(id: string): string;
  failed(id: string): string;
  /** Hash: item id -> outcome (plain JSON), what finish receives. */
  outcomes(id: string): string;
  /** Pub/sub channel where cancel reaches every worker. */
  cancelChannel: string;
  /** The task's FileStores (inputs, results) when they live in Redis. */
  files(id: string, side: 'inputs' | 'results'): string;
  /** A cache shared by every worker (model answers, researched customers). */
  cache(name: string): string;
  /** A Bull Board browser session (by the hash of its secret): the admin token's id. */
  boardSession(hash: string): string;
  /** Sorted set of model-call start times: llm.requests_per_minute for every worker together. */
  modelCalls: string;
  /** Written by the health check: Redis must take writes, not only answer PING. */
  ready: string;
  /** BullMQ's prefix. */
  bull: string;
}

export function makeKeys(prefix: string): Keys {
  return {
    tasks: `${prefix}:tasks`,
    taskCounter: `${prefix}:tasks:n`,
    task: (id) => `${prefix}:task:${id}`,
    events: (id) => `${prefix}:task:${id}:events`,
    done: (id) => `${prefix}:task:${id}:done`,
    failed: (id) => `${prefix}:task:${id}:failed`,
    outcomes: (id) => `${prefix}:task:${id}:outcomes`,
    cancelChannel: `${prefix}:cancel`,
    files: (id, side) => `${prefix}:files:${id}:${side}`,
    cache: (name) => `${prefix}:cache:${name}`,
    boardSession: (hash) => `${prefix}:board-session:${hash}`,
    modelCalls: `${prefix}:model-calls`,
    ready: `${prefix}:ready`,
    bull: `${prefix}:bull`,
  };
}

/** BullMQ refuses custom job ids with ':' (its own key separator). */
export function jobId(taskId: string, part: string): string {
  return `${taskId}.${part}`.replaceAll(':', '_');
}
