import Database from 'better-sqlite3';
import type { EventError, RunEvent } from '../../app/events.js';
import type { TaskItem } from '../../app/task.js';
import { statementCache } from '../../infra/sqlite-statements.js';
import type { TaskEventRecord, TaskFilter, TaskRecord, TaskState, TaskSubmission } from '../types.js';

export type ItemState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ItemRow {
  id: string;
  label: string;
  input: unknown;
  state: ItemState;
  /** Runs started; a restart redoes an item that was in flight only while this is 1. */
  runs: number;
  value: unknown;
  error: EventError | null;
}

interface TaskRow {
  id: string;
  kind: string;
  owner: string;
  state: TaskState;
  stage: string;
  input: string;
  plan: string | null;
  concurrency: number | null;
  skipped: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  // Absent when not selected (RECORD(false)).
  result?: string | null;
  total: number;
  done: number;
  failed: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tasks (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, owner TEXT NOT NULL,
  state TEXT NOT NULL, stage TEXT NOT NULL, input TEXT NOT NULL, plan TEXT, concurrency INTEGER,
  skipped TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, error TEXT, result TEXT
);
CREATE INDEX IF NOT EXISTS tasks_owner ON tasks (owner, rowid);
CREATE INDEX IF NOT EXISTS tasks_state ON tasks (state);
CREATE TABLE IF NOT EXISTS items (
  task_id TEXT NOT NULL, id TEXT NOT NULL, pos INTEGER NOT NULL, label TEXT NOT NULL,
  input TEXT NOT NULL, state TEXT NOT NULL, runs INTEGER NOT NULL DEFAULT 0,
  value TEXT, error TEXT, PRIMARY KEY (task_id, id)
);
CREATE INDEX IF NOT EXISTS items_state ON items (task_id, state);
CREATE TABLE IF NOT EXISTS events (
  task_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (task_id, seq)
);
`;

const COUNTS = `
  (SELECT count(*) FROM items i WHERE i.task_id = t.id) AS total,
  (SELECT count(*) FROM items i WHERE i.task_id = t.id AND i.state = 'done') AS done,
  (SELECT count(*) FROM items i WHERE i.task_id = t.id AND i.state = 'failed') AS failed`;

/**
 * A record's columns, without the task's input, plan and (unless asked) result: those grow with
 * the task, and a status check or a listing must cost the same for 3 resumes as for 1,000.
 */
const RECORD = (result: boolean) =>
  `t.id, t.kind, t.owner, t.state, t.stage, t.created_at, t.started_at, t.finished_at, t.error${result ? ', t.result' : ''}`;

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * The memory backend's records in one SQLite file: tasks, their items and their events. Every
 * write is synchronous and committed when the call returns (WAL), so a crash after it loses nothing.
 */
export class QueueStore {
  readonly db: Database.Database;
  private readonly sql: (sql: string) => Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL under WAL: durable against a process crash, which is what a restart must survive.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.sql = statementCache(this.db);
  }

  insert(task: TaskSubmission, at: string): void {
    this.sql(
      `INSERT INTO tasks (id, kind, owner, state, stage, input, concurrency, created_at)
         VALUES (?, ?, ?, 'queued', 'queued', ?, ?, ?)`,
    ).run(task.id, task.kind, task.owner, JSON.stringify(task.input ?? null), task.concurrency ?? null, at);
  }

  /** Without `result`, the record's result is undefined (not read). */
  get(id: string, result = true): TaskRecord | null {
    const row = this.sql(`SELECT ${RECORD(result)}, ${COUNTS} FROM tasks t WHERE t.id = ?`).get(id) as
      | TaskRow
      | undefined;
    return row ? toRecord(row) : null;
  }

  list(filter: TaskFilter): TaskRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      where.push(clause);
      args.push(value);
    };
    if (filter.owner !== undefined) add('t.owner = ?', filter.owner);
    if (filter.state) add('t.state = ?', filter.state);
    if (filter.kind) add('t.kind = ?', filter.kind);
    if (filter.before) add('t.rowid < (SELECT rowid FROM tasks WHERE id = ?)', filter.before);
    const sql = `SELECT ${RECORD(false)}, ${COUNTS} FROM tasks t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY t.rowid DESC LIMIT ?`;
    return (this.sql(sql).all(...args, filter.limit) as TaskRow[]).map(toRecord);
  }

  counts(): Record<string, number> {
    const rows = this.sql('SELECT state, count(*) AS n FROM tasks GROUP BY state').all() as {
      state: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** Tasks a worker must pick up: queued ones, and running ones a restart interrupted. */
  unfinished(): { id: string; kind: string }[] {
    return this.sql(
      `SELECT id, kind FROM tasks WHERE state IN ('queued', 'running') ORDER BY rowid`,
    ).all() as { id: string; kind: string }[];
  }

  raw(id: string): { input: unknown; plan: unknown; concurrency: number | null; skipped: unknown } | null {
    const row = this.sql('SELECT input, plan, concurrency, skipped FROM tasks WHERE id = ?').get(id) as
      | Pick<TaskRow, 'input' | 'plan' | 'concurrency' | 'skipped'>
      | undefined;
    if (!row) return null;
    return {
      input: json(row.input),
      plan: json(row.plan),
      concurrency: row.concurrency,
      skipped: json(row.skipped),
    };
  }

  /** Moves the task only from one of `from`; false when it was elsewhere (cancelled meanwhile). */
  transition(
    id: string,
    from: TaskState[],
    to: Partial<{
      state: TaskState;
      stage: string;
      startedAt: string;
      finishedAt: string;
      error: string | null;
      result: unknown;
    }>,
  ): boolean {
    const sets: string[] = [];
    const args: unknown[] = [];
    const put = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      args.push(value);
    };
    if (to.state) put('state', to.state);
    if (to.stage) put('stage', to.stage);
    if (to.startedAt) put('started_at', to.startedAt);
    if (to.finishedAt) put('finished_at', to.finishedAt);
    if (to.error !== undefined) put('error', to.error);
    if (to.result !== undefined) put('result', JSON.stringify(to.result));
    const marks = from.map(() => '?').join(', ');
    const info = this.sql(`UPDATE tasks SET ${sets.join(', ')} WHERE id = ? AND state IN (${marks})`).run(
      ...args,
      id,
      ...from,
    );
    return info.changes > 0;
  }

  /** The plan and the items in one transaction: either a task has both or it is prepared again. */
  savePlan(id: string, plan: unknown, items: TaskItem<unknown>[], skipped: unknown): void {
    const insert = this.sql(
      `INSERT OR IGNORE INTO items (task_id, id, pos, label, input, state) VALUES (?, ?, ?, ?, ?, 'pending')`,
    );
    this.db.transaction(() => {
      this.sql('UPDATE tasks SET plan = ?, skipped = ? WHERE id = ?').run(
        JSON.stringify(plan ?? null),
        JSON.stringify(skipped ?? []),
        id,
      );
      for (const [pos, item] of items.entries()) {
        insert.run(id, item.id, pos, item.label, JSON.stringify(item.input ?? null));
      }
    })();
  }

  items(taskId: string): ItemRow[] {
    const rows = this.sql(
      'SELECT id, label, input, state, runs, value, error FROM items WHERE task_id = ? ORDER BY pos',
    ).all(taskId) as {
      id: string;
      label: string;
      input: string;
      state: ItemState;
      runs: number;
      value: string | null;
      error: string | null;
    }[];
    return rows.map((r) => ({
      ...r,
      input: json(r.input),
      value: json(r.value),
      error: json(r.error) as EventError | null,
    }));
  }

  startItem(taskId: string, itemId: string): void {
    this.sql(`UPDATE items SET state = 'running', runs = runs + 1 WHERE task_id = ? AND id = ?`).run(
      taskId,
      itemId,
    );
  }

  endItem(
    taskId: string,
    itemId: string,
    end:
      | { state: 'done'; value: unknown }
      | { state: 'failed' | 'cancelled' | 'pending'; error?: EventError },
  ): void {
    const value = end.state === 'done' ? JSON.stringify(end.value ?? null) : null;
    const error = 'error' in end && end.error ? JSON.stringify(end.error) : null;
    this.sql('UPDATE items SET state = ?, value = ?, error = ? WHERE task_id = ? AND id = ?').run(
      end.state,
      value,
      error,
      taskId,
      itemId,
    );
  }

  appendEvent(taskId: string, event: RunEvent): number {
    return this.db.transaction(() => {
      const row = this.sql('SELECT max(seq) AS seq FROM events WHERE task_id = ?').get(taskId) as {
        seq: number | null;
      };
      const seq = (row.seq ?? 0) + 1;
      this.sql('INSERT INTO events (task_id, seq, event) VALUES (?, ?, ?)').run(
        taskId,
        seq,
        JSON.stringify(event),
      );
      return seq;
    })();
  }

  eventsAfter(taskId: string, afterSeq: number): TaskEventRecord[] {
    const rows = this.sql('SELECT seq, event FROM events WHERE task_id = ? AND seq > ? ORDER BY seq').all(
      taskId,
      afterSeq,
    ) as { seq: number; event: string }[];
    return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.event) as RunEvent }));
  }

  close(): void {
    this.db.close();
  }
}

function toRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    kind: row.kind,
    owner: row.owner,
    state: row.state,
    progress: { done: row.done, failed: row.failed, total: row.total, stage: row.stage },
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    result: row.result === undefined ? undefined : json(row.result),
  };
}
