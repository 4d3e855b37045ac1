import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UsageError } from '../errors.js';
import { statementCache } from '../infra/sqlite-statements.js';

export interface User {
  name: string;
  admin: boolean;
  /** The token's id (not the secret): the rate limit's key. */
  tokenId: string;
}

export interface TokenInfo {
  id: string;
  name: string;
  admin: boolean;
  createdAt: string;
  revokedAt: string | null;
}

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'same'; taskId: string }
  | { kind: 'in-progress' }
  | { kind: 'other-body' };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, admin INTEGER NOT NULL, hash BLOB NOT NULL,
  created_at TEXT NOT NULL, revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS idempotency (
  owner TEXT NOT NULL, key TEXT NOT NULL, body_hash TEXT NOT NULL, task_id TEXT,
  created_at TEXT NOT NULL, PRIMARY KEY (owner, key)
);
CREATE TABLE IF NOT EXISTS result_cache (
  owner TEXT NOT NULL, key TEXT NOT NULL, task_id TEXT NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (owner, key)
);
`;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The server's own records in SQLite (beside the queue's): API tokens (only a hash of each
 * secret is kept), Idempotency-Key claims and the result cache's index.
 */
export class ServerDb {
  readonly db: Database.Database;
  private readonly sql: (sql: string) => Database.Statement;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'server.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.sql = statementCache(this.db);
  }

  /** Returns the token, shown once: `jm_<id>_<secret>`. */
  createToken(name: string, admin: boolean, now = new Date()): { id: string; token: string } {
    if (!/^[\w.@-]{1,64}$/.test(name)) {
      throw new UsageError(`token name "${name}": use letters, digits, . _ @ - (at most 64)`);
    }
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    this.sql('INSERT INTO tokens (id, name, admin, hash, created_at) VALUES (?, ?, ?, ?, ?)').run(
      id,
      name,
      admin ? 1 : 0,
      sha256(secret),
      now.toISOString(),
    );
    return { id, token: `jm_${id}_${secret}` };
  }

  listTokens(): TokenInfo[] {
    const rows = this.sql('SELECT * FROM tokens ORDER BY created_at').all() as {
      id: string;
      name: string;
      admin: number;
      created_at: string;
      revoked_at: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      admin: r.admin === 1,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
  }

  /** Revokes by token id or by name (every token of that name); the number revoked. */
  revokeToken(idOrName: string, now = new Date()): number {
    return this.sql('UPDATE tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL').run(
      now.toISOString(),
      idOrName,
      idOrName,
    ).changes;
  }

  /** The token's user, or null; the secret's hash is compared in constant time. */
  verify(token: string): User | null {
    const match = /^jm_([0-9a-f]{12})_([\w-]{20,64})$/.exec(token);
    if (!match) return null;
    const row = this.sql('SELECT name, admin, hash FROM tokens WHERE id = ? AND revoked_at IS NULL').get(
      match[1],
    ) as { name: string; admin: number; hash: Buffer } | undefined;
    const expected = row?.hash ?? Buffer.alloc(32);
    const ok = timingSafeEqual(expected, sha256(match[2] as string)) && row !== undefined;
    return ok && row ? { name: row.name, admin: row.admin === 1, tokenId: match[1] as string } : null;
  }

  /** Claims an Idempotency-Key for a body; `new` means this request goes on and later calls `bind`. */
  claim(owner: string, key: string, bodyHash: string, now = new Date()): IdempotencyClaim {
    return this.db.transaction((): IdempotencyClaim => {
      const row = this.sql('SELECT body_hash, task_id FROM idempotency WHERE owner = ? AND key = ?').get(
        owner,
        key,
      ) as { body_hash: string; task_id: string | null } | undefined;
      if (!row) {
        this.sql('INSERT INTO idempotency (owner, key, body_hash, created_at) VALUES (?, ?, ?, ?)').run(
          owner,
          key,
          bodyHash,
          now.toISOString(),
        );
        return { kind: 'new' };
      }
      if (row.body_hash !== bodyHash) return { kind: 'other-body' };
      return row.task_id ? { kind: 'same', taskId: row.task_id } : { kind: 'in-progress' };
    })();
  }

  bind(owner: string, key: string, taskId: string): void {
    this.sql('UPDATE idempotency SET task_id = ? WHERE owner = ? AND key = ?').run(taskId, owner, key);
  }

  /** A request that failed before a task existed frees its key for another try. */
  release(owner: string, key: string): void {
    this.sql('DELETE FROM idempotency WHERE owner = ? AND key = ? AND task_id IS NULL').run(owner, key);
  }

  cached(owner: string, key: string): string | null {
    const row = this.sql('SELECT task_id FROM result_cache WHERE owner = ? AND key = ?').get(owner, key) as
      | { task_id: string }
      | undefined;
    return row?.task_id ?? null;
  }

  remember(owner: string, key: string, taskId: string, now = new Date()): void {
    this.sql('INSERT OR REPLACE INTO result_cache (owner, key, task_id, created_at) VALUES (?, ?, ?, ?)').run(
      owner,
      key,
      taskId,
      now.toISOString(),
    );
  }

  close(): void {
    this.db.close();
  }
}
