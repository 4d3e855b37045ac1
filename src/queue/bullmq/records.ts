import type { Redis } from 'ioredis';
import type { RunEvent, RunEventInput } from '../../app/events.js';
import type { ItemOutcome } from '../../app/task.js';
import type { TaskEventRecord, TaskFilter, TaskRecord, TaskState, TaskSubmission } from '../types.js';
import type { Keys } from './keys.js';

// A state change only from the states given: cancel, finish and failure race across machines, and
// the first to land wins; the others see 0 and emit nothing.
const TRANSITION = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return -1 end
if not string.find(',' .. ARGV[1] .. ',', ',' .. state .. ',', 1, true) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1`;

// Creates the record and indexes it in submission order (a counter, not the clock, so two tasks
// in one millisecond keep their order), unless the id exists: one step, no half record is seen.
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
return 1`;

// Numbers the event and appends it in one step, so seq is 1, 2, 3 ... per task across all workers.
const APPEND_EVENT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('XADD', KEYS[2], '0-' .. seq, 'e', ARGV[1])
return seq`;

// An item's outcome counts once, however often the item ran (a stalled job runs again). When it
// is new, its event and the progress event after it are appended in the same step (numbered as
// APPEND_EVENT numbers them): one round trip per item instead of four, which matters when many
// workers share a busy machine and every round trip waits for a core.
const RECORD_OUTCOME = `
local added = redis.call('SADD', KEYS[1], ARGV[1])
local mine = redis.call('SCARD', KEYS[1])
local theirs = redis.call('SCARD', KEYS[2])
if added == 1 then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
  if redis.call('EXISTS', KEYS[4]) == 1 then
    local done, failed = mine, theirs
    if ARGV[5] == '0' then done, failed = theirs, mine end
    local total = redis.call('HGET', KEYS[4], 'total') or '0'
    local seq = redis.call('HINCRBY', KEYS[4], 'seq', 1)
    redis.call('XADD', KEYS[5], '0-' .. seq, 'e', ARGV[3])
    seq = redis.call('HINCRBY', KEYS[4], 'seq', 1)
    redis.call('XADD', KEYS[5], '0-' .. seq, 'e',
      ARGV[4] .. ',"done":' .. done .. ',"failed":' .. failed .. ',"total":' .. total .. '}')
  end
end
return {added, mine, theirs}`;

const FINISHED: TaskState[] = ['succeeded', 'failed', 'cancelled'];

export interface ItemRef {
  id: string;
  label: string;
}

/** Task records, events and item outcomes in Redis, shared by the API and every worker. */
export class TaskRecords {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlMs: number,
  ) {}

  async create(task: TaskSubmission, now: Date): Promise<TaskRecord> {
    const key = this.keys.task(task.id);
    const fields = {
      id: task.id,
      kind: task.kind,
      owner: task.owner,
      state: 'queued',
      createdAt: now.toISOString(),
      input: JSON.stringify(task.input ?? null),
      seq: '0',
      total: '0',
      stage: 'queued',
    };
    // A submission retried under the same id (Idempotency-Key) leaves the first one as it is.
    await this.redis.eval(
      CREATE,
      3,
      key,
      this.keys.tasks,
      this.keys.taskCounter,
      task.id,
      ...Object.entries(fields).flat(),
    );
    return (await this.get(task.id)) as TaskRecord;
  }

  async get(id: string): Promise<TaskRecord | null> {
    const replies = await this.redis
      .multi()
      .hgetall(this.keys.task(id))
      .scard(this.keys.done(id))
      .scard(this.keys.failed(id))
      .exec();
    const hash = (replies?.[0]?.[1] ?? {}) as Record<string, string>;
    if (!hash['id']) return null;
    return {
      id: hash['id'],
      kind: hash['kind'] ?? '',
      owner: hash['owner'] ?? '',
      state: (hash['state'] ?? 'queued') as TaskState,
      progress: {
        done: Number(replies?.[1]?.[1] ?? 0),
        failed: Number(replies?.[2]?.[1] ?? 0),
        total: Number(hash['total'] ?? 0),
        stage: hash['stage'] ?? '',
      },
      createdAt: hash['createdAt'] ?? '',
      startedAt: hash['startedAt'] || null,
      finishedAt: hash['finishedAt'] || null,
      error: hash['error'] || null,
      result: hash['result'] ? JSON.parse(hash['result']) : null,
    };
  }

  /** Newest first; `before` is a cursor (a task id of the previous page). */
  async list(filter: TaskFilter): Promise<TaskRecord[]> {
    let start = 0;
    if (filter.before) {
      const rank = await this.redis.zrevrank(this.keys.tasks, filter.before);
      if (rank === null) return [];
      start = rank + 1;
    }
    const out: TaskRecord[] = [];
    const chunk = Math.max(50, filter.limit * 2);
    while (out.length < filter.limit) {
      const ids = await this.redis.zrevrange(this.keys.tasks, start, start + chunk - 1);
      if (ids.length === 0) break;
      start += ids.length;
      for (const id of ids) {
        const record = await this.get(id);
        // Expired with its results: drop it from the index too.
        if (!record) await this.redis.zrem(this.keys.tasks, id);
        else if (matches(record, filter)) out.push(record);
        if (out.length >= filter.limit) break;
      }
    }
    return out;
  }

  /** Tasks per state over the index (one pipelined read; the index holds unexpired tasks only). */
  async countByState(): Promise<Partial<Record<TaskState, number>>> {
    const ids = await this.redis.zrange(this.keys.tasks, '0', '-1');
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(this.keys.task(id), 'state');
    const out: Partial<Record<TaskState, number>> = {};
    for (const [, state] of (await pipeline.exec()) ?? []) {
      if (typeof state === 'string') out[state as TaskState] = (out[state as TaskState] ?? 0) + 1;
    }
    return out;
  }

  async field(id: string, name: string): Promise<string | null> {
    return this.redis.hget(this.keys.task(id), name);
  }

  async setFields(id: string, fields: Record<string, string>): Promise<void> {
    await this.redis.hset(this.keys.task(id), fields);
  }

  /** true when this call made the change. */
  async transition(id: string, from: TaskState[], fields: Record<string, string>): Promise<boolean> {
    const args = [from.join(','), ...Object.entries(fields).flat()];
    return (await this.redis.eval(TRANSITION, 1, this.keys.task(id), ...args)) === 1;
  }

  async isFinished(id: string): Promise<boolean> {
    const state = await this.field(id, 'state');
    return state === null || FINISHED.includes(state as TaskState);
  }

  async append(id: string, input: RunEventInput, now: Date): Promise<number> {
    const event = { ...input, at: now.toISOString() } as RunEvent;
    const seq = Number(
      await this.redis.eval(APPEND_EVENT, 2, this.keys.task(id), this.keys.events(id), JSON.stringify(event)),
    );
    if (event.type === 'run-finished') await this.expire(id);
    return seq;
  }

  /** Events after `afterSeq`; with `blockMs`, waits that long for new ones (on a connection of its own). */
  async read(reader: Redis, id: string, afterSeq: number, blockMs?: number): Promise<TaskEventRecord[]> {
    const key = this.keys.events(id);
    const from = `0-${afterSeq}`;
    const reply = (
      blockMs === undefined
        ? await reader.xread('COUNT', 500, 'STREAMS', key, from)
        : await reader.xread('COUNT', 500, 'BLOCK', blockMs, 'STREAMS', key, from)
    ) as [string, [string, string[]][]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    return entries.map(([entryId, fields]) => ({
      seq: Number(entryId.split('-')[1]),
      event: JSON.parse(fields[1] ?? 'null') as RunEvent,
    }));
  }

  /**
   * Adds the outcome once; when it is new, appends `event` (item-done or item-failed) and a
   * progress event counted from the children. Returns whether it was new and the counts after it.
   */
  async recordOutcome(
    id: string,
    outcome: ItemOutcome<unknown>,
    event: RunEventInput,
    stage: string,
    now: Date,
  ): Promise<{ added: boolean; done: number; failed: number }> {
    const [set, other] = outcome.ok
      ? [this.keys.done(id), this.keys.failed(id)]
      : [this.keys.failed(id), this.keys.done(id)];
    const at = now.toISOString();
    // The progress event's counts are the script's; the rest of it is made here (its JSON ends open).
    const progressHead = JSON.stringify({ type: 'progress', stage, at }).slice(0, -1);
    const [added, mine, theirs] = (await this.redis.eval(
      RECORD_OUTCOME,
      5,
      set,
      other,
      this.keys.outcomes(id),
      this.keys.task(id),
      this.keys.events(id),
      outcome.id,
      JSON.stringify(outcome),
      JSON.stringify({ ...event, at }),
      progressHead,
      outcome.ok ? '1' : '0',
    )) as [number, number, number];
    return outcome.ok
      ? { added: added === 1, done: mine, failed: theirs }
      : { added: added === 1, done: theirs, failed: mine };
  }

  /** What an item's job checks before it runs, in one round trip: its task's kind and state, its outcome. */
  async itemStart(
    id: string,
    itemId: string,
  ): Promise<{ kind: string | null; finished: boolean; hasOutcome: boolean }> {
    const replies = await this.redis
      .pipeline()
      .hmget(this.keys.task(id), 'state', 'kind')
      .hexists(this.keys.outcomes(id), itemId)
      .exec();
    const [state, kind] = (replies?.[0]?.[1] ?? [null, null]) as [string | null, string | null];
    return {
      kind,
      finished: state === null || FINISHED.includes(state as TaskState),
      hasOutcome: replies?.[1]?.[1] === 1,
    };
  }

  async outcomes(id: string): Promise<Map<string, ItemOutcome<unknown>>> {
    const hash = await this.redis.hgetall(this.keys.outcomes(id));
    return new Map(Object.entries(hash).map(([itemId, json]) => [itemId, JSON.parse(json)]));
  }

  /** A finished task's record, events and outcomes live as long as its result files. */
  private async expire(id: string): Promise<void> {
    const ms = this.ttlMs;
    await this.redis
      .multi()
      .pexpire(this.keys.task(id), ms)
      .pexpire(this.keys.events(id), ms)
      .pexpire(this.keys.done(id), ms)
      .pexpire(this.keys.failed(id), ms)
      .pexpire(this.keys.outcomes(id), ms)
      .exec();
  }
}

function matches(record: TaskRecord, filter: TaskFilter): boolean {
  return (
    (!filter.owner || record.owner === filter.owner) &&
    (!filter.state || record.state === filter.state) &&
    (!filter.kind || record.kind === filter.kind)
  );
}
