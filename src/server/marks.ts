import type Database from 'better-sqlite3';
import { statementCache } from '../infra/sqlite-statements.js';

export const MARKS = ['applied', 'not_interested'] as const;
export type Mark = (typeof MARKS)[number];

export interface MarkRecord {
  candidate: string;
  jobId: string;
  mark: Mark;
  at: string;
}

/**
 * A reviewer's marks on a match run's applications, per user and candidate, in the server's
 * SQLite file: they outlive the task and its files. A job marked not interested is handed to the
 * next match run for that candidate as declined, so it is never proposed again.
 */
export class MarkStore {
  private readonly sql: (sql: string) => Database.Statement;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS marks (
      owner TEXT NOT NULL, candidate TEXT NOT NULL, job_id TEXT NOT NULL, mark TEXT NOT NULL,
      at TEXT NOT NULL, PRIMARY KEY (owner, candidate, job_id)
    )`);
    this.sql = statementCache(db);
  }

  set(owner: string, candidate: string, jobId: string, mark: Mark, now = new Date()): MarkRecord {
    const at = now.toISOString();
    this.sql('INSERT OR REPLACE INTO marks (owner, candidate, job_id, mark, at) VALUES (?, ?, ?, ?, ?)').run(
      owner,
      candidate,
      jobId,
      mark,
      at,
    );
    return { candidate, jobId, mark, at };
  }

  clear(owner: string, candidate: string, jobId: string): boolean {
    return (
      this.sql('DELETE FROM marks WHERE owner = ? AND candidate = ? AND job_id = ?').run(
        owner,
        candidate,
        jobId,
      ).changes > 0
    );
  }

  list(owner: string, candidate: string): MarkRecord[] {
    const rows = this.sql(
      'SELECT candidate, job_id, mark, at FROM marks WHERE owner = ? AND candidate = ? ORDER BY at',
    ).all(owner, candidate) as { candidate: string; job_id: string; mark: Mark; at: string }[];
    return rows.map((r) => ({ candidate: r.candidate, jobId: r.job_id, mark: r.mark, at: r.at }));
  }

  /** The jobs this user's candidate declined: the next run skips them. */
  declined(owner: string, candidate: string): string[] {
    return this.list(owner, candidate)
      .filter((m) => m.mark === 'not_interested')
      .map((m) => m.jobId);
  }
}
