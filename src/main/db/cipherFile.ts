/**
 * SQLCipher files handled outside TypeORM: the one-time encryption of a plain database, and the
 * copies (backups) made and checked beside the live one. Each helper opens its own connection, so
 * a long copy reads a snapshot in WAL mode while the desk's connection goes on writing.
 */
import sqlcipher from '@journeyapps/sqlcipher';
import { closeSync, fsyncSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { DatabaseKeyError, rawKeyLiteral } from './key.js';

export type RawDb = InstanceType<typeof sqlcipher.Database>;

export const SQLITE_HEADER = 'SQLite format 3\u0000';

/** True when the file starts like a plain SQLite database (an encrypted one starts with its salt). */
export const isPlainSqlite = (file: string): boolean => {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
};

export const all = <T = Record<string, unknown>>(db: RawDb, sql: string, params: unknown[] = []): Promise<T[]> =>
  new Promise((resolve, reject) => db.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));

export const closeRaw = (db: RawDb): Promise<void> => new Promise((resolve, reject) => db.close((err: Error | null) => (err ? reject(err) : resolve())));

const isNotADatabase = (err: unknown) => /SQLITE_NOTADB|file is not a database/i.test(String((err as Error)?.message ?? err));

/**
 * Opens a file with its key (null: a plain file) and proves the key by reading the schema: a
 * wrong key is a DatabaseKeyError, with nothing written.
 */
export const openRaw = async (file: string, key: Buffer | null, { readOnly = false } = {}): Promise<RawDb> => {
  const mode = readOnly ? sqlcipher.OPEN_READONLY : sqlcipher.OPEN_READWRITE | sqlcipher.OPEN_CREATE;
  const db = await new Promise<RawDb>((resolve, reject) => {
    const d: RawDb = new sqlcipher.Database(file, mode, (err: Error | null) => (err ? reject(err) : resolve(d)));
  });
  try {
    if (key) await all(db, `PRAGMA key = "${rawKeyLiteral(key)}"`);
    await all(db, 'PRAGMA busy_timeout = 5000');
    await all(db, 'SELECT count(*) FROM sqlite_master');
  } catch (err) {
    await closeRaw(db).catch(() => undefined);
    if (isNotADatabase(err)) throw new DatabaseKeyError('wrongKey', file);
    throw err;
  }
  return db;
};

/** Rows per table (the tables SQLite keeps for itself aside), the measure a copy is checked by. */
export const tableCounts = async (db: RawDb, schema = 'main'): Promise<Record<string, number>> => {
  const tables = await all<{ name: string }>(
    db,
    `SELECT "name" FROM "${schema}"."sqlite_master" WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%' ORDER BY "name"`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await all<{ n: number }>(db, `SELECT count(*) AS "n" FROM "${schema}"."${name.replaceAll('"', '""')}"`);
    counts[name] = Number(row.n);
  }
  return counts;
};

/** What `PRAGMA integrity_check` says: 'ok' or its first complaints. */
export const integrity = async (db: RawDb): Promise<string> => {
  const rows = await all<{ integrity_check: string }>(db, 'PRAGMA integrity_check(5)');
  return rows.map((r) => r.integrity_check).join('; ');
};

export const sameCounts = (a: Record<string, number>, b: Record<string, number>): boolean => {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
};

/**
 * Copies the database `db` reads into a new encrypted file with `sqlcipher_export`, inside one
 * read transaction: the copy is one consistent moment, and the counts taken in the same
 * transaction are what it must hold. In WAL mode the desk's writer is not held up meanwhile.
 */
export const exportTo = async (db: RawDb, target: string, key: Buffer | null): Promise<Record<string, number>> => {
  // an empty key makes a plain copy (only ever of a plain database)
  await all(db, `ATTACH DATABASE ? AS "copy" KEY "${key ? rawKeyLiteral(key) : ''}"`, [target]);
  try {
    await all(db, 'BEGIN');
    try {
      const counts = await tableCounts(db);
      await all(db, `SELECT sqlcipher_export('copy')`);
      const [{ user_version: version }] = await all<{ user_version: number }>(db, 'PRAGMA main.user_version');
      await all(db, `PRAGMA "copy".user_version = ${Number(version)}`);
      await all(db, 'COMMIT');
      return counts;
    } catch (err) {
      await all(db, 'ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    await all(db, 'DETACH DATABASE "copy"');
  }
};

/** A copy is good when it opens with the key, passes integrity_check and holds the counts it should. */
export const verifyCopy = async (
  file: string,
  key: Buffer | null,
  expected: Record<string, number>,
): Promise<{ ok: true } | { ok: false; reason: string }> => {
  let db: RawDb;
  try {
    db = await openRaw(file, key, { readOnly: true });
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  try {
    const check = await integrity(db);
    if (check !== 'ok') return { ok: false, reason: `integrity_check: ${check}` };
    const counts = await tableCounts(db);
    if (!sameCounts(counts, expected)) return { ok: false, reason: `row counts differ: ${JSON.stringify(counts)} ≠ ${JSON.stringify(expected)}` };
    return { ok: true };
  } finally {
    await closeRaw(db);
  }
};

/** Makes a file's content and its folder entry durable (a rename is only durable once the folder is). */
export const fsyncFile = async (path: string): Promise<void> => {
  const f = await open(path, 'r');
  try {
    await f.sync();
  } finally {
    await f.close();
  }
};

export const fsyncFolder = async (path: string): Promise<void> => {
  if (process.platform === 'win32') return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};
