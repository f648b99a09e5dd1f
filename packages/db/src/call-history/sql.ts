import { BasePostgreSqlPlatform, type SqlEntityManager } from '@mikro-orm/sql';
import { isLockedOut } from '../orm.js';

/**
 * The call history's raw SQL (its tables are written by hand: see partitions.ts), with real bound
 * parameters, run through the EntityManager's Kysely instance so that it joins the EntityManager's
 * transaction when there is one. The two drivers differ in one place each: `dialectOf` says which.
 */

export type Dialect = 'postgresql' | 'sqlite';

export function dialectOf(em: SqlEntityManager): Dialect {
  return em.getPlatform() instanceof BasePostgreSqlPlatform ? 'postgresql' : 'sqlite';
}

/** A piece of SQL with its parameters; pieces nest (`sql\`… ${otherPiece} …\``). */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

/** SQL with `${value}` as bound parameters (or nested `Sql` pieces, inlined). */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql([...strings], values);
}

/** SQL text inlined as is: identifiers and keywords the code chose, never input. */
export function rawSql(text: string): Sql {
  return new Sql([text], []);
}

export function joinSql(pieces: readonly Sql[], separator: string): Sql {
  if (pieces.length === 0) return rawSql('');
  const strings: string[] = [''];
  const values: unknown[] = [];
  pieces.forEach((piece, i) => {
    if (i > 0) strings[strings.length - 1] += separator;
    values.push(piece);
    strings.push('');
  });
  return new Sql(strings, values);
}

/** The SQL text with the dialect's placeholders (`$1` or `?`), and the parameters in order. */
export function compileSql(query: Sql, dialect: Dialect): { readonly text: string; readonly parameters: unknown[] } {
  const parameters: unknown[] = [];
  const write = (piece: Sql): string => {
    let text = piece.strings[0] ?? '';
    piece.values.forEach((value, i) => {
      if (value instanceof Sql) text += write(value);
      else {
        parameters.push(dialect === 'sqlite' ? sqliteValue(value) : value);
        text += dialect === 'postgresql' ? `$${parameters.length}` : '?';
      }
      text += piece.strings[i + 1] ?? '';
    });
    return text;
  };
  return { text: write(query), parameters };
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null: times are stored as epoch milliseconds. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

interface Result<Row> {
  readonly rows: Row[];
  readonly numAffectedRows?: bigint;
}

async function execute<Row>(em: SqlEntityManager, query: Sql): Promise<Result<Row>> {
  const { text, parameters } = compileSql(query, dialectOf(em));
  const compiled = {
    sql: text,
    parameters,
    query: { kind: 'RawNode', sqlFragments: [text], parameters: [] },
    queryId: { queryId: 'ccp-call-history' },
  };
  const kysely = em.getKysely() as unknown as { executeQuery(query: { compile(): unknown }): Promise<Result<Row>> };
  return kysely.executeQuery({ compile: () => compiled });
}

/** The rows of a query. */
export async function queryRows<Row>(em: SqlEntityManager, query: Sql): Promise<Row[]> {
  return (await execute<Row>(em, query)).rows;
}

/** Runs a statement; returns how many rows it changed. */
export async function runSql(em: SqlEntityManager, query: Sql): Promise<number> {
  return Number((await execute(em, query)).numAffectedRows ?? 0);
}

/** PostgreSQL's "could not serialize" (a row moved to another partition by a concurrent update) and "deadlock detected". */
const RETRYABLE = new Set(['40001', '40P01']);
/** How long a transaction that keeps failing for one of those reasons is tried again (SQLite's busy_timeout). */
const RETRY_FOR_MS = 5_000;

/**
 * Runs `work` in a transaction (a savepoint when `em` is in one already). When it owns the
 * transaction, it is run again from the start, for up to RETRY_FOR_MS, after a failure that a new
 * attempt resolves: on PostgreSQL a serialization failure (an update racing another one that moved
 * the same row to another partition) or a deadlock; on SQLite another process writing in between
 * (see `inTransaction`). `work` must have no effect outside the transaction.
 */
export async function historyTransaction<T>(em: SqlEntityManager, work: (tx: SqlEntityManager) => Promise<T>): Promise<T> {
  const owned = !em.isInTransaction();
  const deadline = Date.now() + RETRY_FOR_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await em.transactional((tx) => work(tx as SqlEntityManager));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const retryable = (typeof code === 'string' && RETRYABLE.has(code)) || isLockedOut(error);
      if (!owned || !retryable || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 5, 50) + Math.random() * 10));
    }
  }
}

/**
 * A time column as epoch milliseconds (a JavaScript number on both drivers). Select it under another
 * name (`started_at` as `started_ms`): an ORDER BY of the column's own name would sort by the
 * expression instead, and no index would give the order.
 */
export function msOf(column: string, dialect: Dialect): Sql {
  return rawSql(dialect === 'postgresql' ? `(extract(epoch from ${column}) * 1000)::float8` : column);
}

export const DAY_MS = 86_400_000;
