import type Database from 'better-sqlite3';

/**
 * Prepared statements kept per SQL text: preparing one costs more than running it, and the
 * status endpoint runs the same few on every poll.
 */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
