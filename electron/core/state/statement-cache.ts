import type Database from 'better-sqlite3';

/** How many compiled statements one connection keeps (the engine's stores use about a hundred distinct ones). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * Makes `db.prepare(sql)` return the statement already compiled for that SQL text, so the stores can keep writing
 * `this.db.prepare('…').run(…)` where they use it. Without it every call compiles the SQL again and leaves a native
 * statement (several kB of malloc'd memory V8 cannot see) until a full garbage collection finalises its wrapper:
 * at 1,000 repositories the engine's native heap grew by more than 10 MB an hour that way (issue #16), and the
 * compiling cost CPU. The cache is per connection, bounded (least recently used goes first), and safe because the
 * stores never switch a statement's mode (`pluck`, `raw`, `expand`, `safeIntegers`) nor iterate one: a statement
 * is run to completion before the next call, so sharing it is invisible. Statements of a closed connection go with
 * it.
 */
export function cacheStatements<D extends Database.Database>(db: D, size = STATEMENT_CACHE_SIZE): D {
  const compile = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement) {
      // Most recently used last.
      statements.delete(sql);
    } else {
      statement = compile(sql);
      if (statements.size >= size) statements.delete(statements.keys().next().value as string);
    }
    statements.set(sql, statement);
    return statement;
  };
  db.prepare = prepare as D['prepare'];
  return db;
}
