// Kysely's SQLite driver prepares every statement again on each query: 14 % of
// the CPU of a list page went to `prepare`. The same SQL text is the same
// statement, so the connection keeps the most recently used ones (better-sqlite3
// statements are reusable; queries on one connection never overlap, and SQLite
// recompiles a statement by itself after a schema change).

/** A connection, as far as the cache needs one (a better-sqlite3 database, or Kysely's view of it). */
export interface StatementSource<S> {
  prepare(sql: string): S;
  close(): void;
}

/** The SQL texts a process runs are a few hundred shapes (`in (…)` lists add some): keep more than that. */
const CAPACITY = 2000;

export function withStatementCache<S>(database: StatementSource<S>, capacity = CAPACITY): StatementSource<S> {
  const statements = new Map<string, S>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql: string): S {
      let statement = statements.get(sql);
      if (statement) {
        // Map keeps insertion order: re-inserting makes it the most recent.
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
