// Kysely over better-sqlite3 for a database file that other processes share
// (a second server process, the CLI). Two connections: a writer that our
// transactions and writes take in turn, and a reader beside it (WAL mode lets
// a reader see the last commit while another connection writes). So a write
// waiting for another process's lock (busy.ts), or one of our transactions,
// never holds up a page that only reads. An in-memory database has one
// connection (a second would be another, empty database), shared as before.
import { SelectQueryNode, SqliteAdapter, SqliteDialect, SqliteDriver } from "kysely";
import type { CompiledQuery, DatabaseConnection, DialectAdapter, Driver, QueryResult } from "kysely";
import type SqliteDatabase from "better-sqlite3";
import { DatabaseBusyError, isSqliteBusy, retryWhileBusy, type BusyPolicy } from "./busy.ts";
import { withStatementCache, type StatementSource } from "./statement-cache.ts";

type Connection = SqliteDatabase.Database;
type Statement = SqliteDatabase.Statement;

/** A connection and its prepared statements (each SQL text is compiled once per connection). */
interface Side {
  readonly connection: Connection;
  readonly statements: StatementSource<Statement>;
}

const sideOf = (connection: Connection): Side => ({ connection, statements: withStatementCache<Statement>(connection) });

export interface SqliteConnections {
  readonly writer: Connection;
  /** Absent for an in-memory database: reads then take the writer in turn. */
  readonly reader?: Connection;
  readonly busy: BusyPolicy;
}

export class ConcurrentSqliteDialect extends SqliteDialect {
  readonly #connections: SqliteConnections;

  constructor(connections: SqliteConnections) {
    super({ database: connections.writer });
    this.#connections = connections;
  }

  override createDriver(): Driver {
    return new ConcurrentSqliteDriver(this.#connections);
  }

  override createAdapter(): DialectAdapter {
    return new MultiConnectionSqliteAdapter();
  }
}

/** Kysely would serialise every query behind one mutex; the driver below coordinates the writer itself. */
class MultiConnectionSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

class ConcurrentSqliteDriver extends SqliteDriver {
  readonly #writer: Side;
  readonly #reader: Side | undefined;
  readonly #busy: BusyPolicy;
  readonly #writerTurn = new Turns();

  constructor(connections: SqliteConnections) {
    super({ database: connections.writer });
    this.#writer = sideOf(connections.writer);
    this.#reader = connections.reader && sideOf(connections.reader);
    this.#busy = connections.busy;
  }

  override async init(): Promise<void> {}

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new SqliteSession(this.#writer, this.#reader, this.#busy, this.#writerTurn);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as SqliteSession).begin();
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as SqliteSession).commit();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as SqliteSession).rollback();
  }

  override async destroy(): Promise<void> {
    this.#reader?.statements.close();
    this.#writer.statements.close();
  }
}

/** What Kysely sees as a connection: one per query or transaction, routing to the reader or the writer. */
class SqliteSession implements DatabaseConnection {
  readonly #writer: Side;
  readonly #reader: Side | undefined;
  readonly #busy: BusyPolicy;
  readonly #writerTurn: Turns;
  /** Set while this session's transaction is open: it holds the writer. */
  #endTurn: (() => void) | null = null;

  constructor(writer: Side, reader: Side | undefined, busy: BusyPolicy, writerTurn: Turns) {
    this.#writer = writer;
    this.#reader = reader;
    this.#busy = busy;
    this.#writerTurn = writerTurn;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#endTurn) return this.#inTransaction<R>(query);
    const startedAt = Date.now();
    if (this.#reader && !isBuiltWrite(query)) {
      const reader = this.#reader;
      const read = await retryWhileBusy(() => readOnly<R>(reader, query), this.#busy, startedAt);
      if (read) return read;
    }
    const endTurn = await this.#writerTurn.take();
    try {
      return await retryWhileBusy(() => run<R>(this.#writer.statements.prepare(query.sql), query), this.#busy, startedAt);
    } finally {
      endTurn();
    }
  }

  /** Rows are read at once: an open iterator would keep the shared connection from any other query. */
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(query);
    for (const row of rows) yield { rows: [row] };
  }

  /**
   * Our transactions all write, so they take the write lock when they begin
   * (BEGIN IMMEDIATE): a deferred transaction that read first would fail at
   * its first write, at once, if another process wrote in between. Waiting
   * for that lock happens here, before anything of the transaction ran.
   */
  async begin(): Promise<void> {
    const startedAt = Date.now();
    const endTurn = await this.#writerTurn.take();
    try {
      await retryWhileBusy(() => this.#writer.connection.exec("begin immediate"), this.#busy, startedAt);
    } catch (error) {
      endTurn();
      throw error;
    }
    this.#endTurn = endTurn;
  }

  /** A COMMIT that meets SQLITE_BUSY leaves the transaction open, to be tried again (or rolled back by Kysely). */
  async commit(): Promise<void> {
    await retryWhileBusy(() => this.#writer.connection.exec("commit"), this.#busy);
    this.#end();
  }

  /** Some failures (a full disk, an interrupt) end the transaction already; then there is nothing to undo. */
  async rollback(): Promise<void> {
    try {
      if (this.#writer.connection.inTransaction) this.#writer.connection.exec("rollback");
    } finally {
      this.#end();
    }
  }

  #end(): void {
    const endTurn = this.#endTurn;
    this.#endTurn = null;
    endTurn?.();
  }

  async #inTransaction<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return run<R>(this.#writer.statements.prepare(query.sql), query);
    } catch (error) {
      // Not expected once BEGIN IMMEDIATE holds the lock in WAL mode; SQLite
      // says to roll back rather than retry a statement inside a transaction.
      if (isSqliteBusy(error)) throw new DatabaseBusyError(0, { cause: error });
      throw error;
    }
  }
}

/** Inserts, updates, deletes and schema changes built with Kysely go straight to the writer. */
function isBuiltWrite(query: CompiledQuery): boolean {
  return !SelectQueryNode.is(query.query) && query.query.kind !== "RawNode";
}

/** Runs `query` on the reader if it only reads (raw SQL included); undefined if it would write. */
function readOnly<R>(reader: Side, query: CompiledQuery): QueryResult<R> | undefined {
  const statement = reader.statements.prepare(query.sql);
  if (!statement.reader || !statement.readonly) return undefined;
  return run<R>(statement, query);
}

function run<R>(statement: Statement, query: CompiledQuery): QueryResult<R> {
  const parameters = query.parameters as unknown[];
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
}

/** One holder at a time, served in arrival order: whoever holds the writer. */
class Turns {
  #taken = false;
  readonly #waiting: (() => void)[] = [];

  take(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.#taken = true;
        let ended = false;
        resolve(() => {
          if (ended) return;
          ended = true;
          this.#passOn();
        });
      };
      if (this.#taken) this.#waiting.push(grant);
      else grant();
    });
  }

  #passOn(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#taken = false;
  }
}
