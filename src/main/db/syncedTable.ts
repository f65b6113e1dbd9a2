/**
 * A synced table declared once: its own columns give the row type, the TypeORM schema, the outbox
 * trigger SQL a new migration installs, and the writes every zone repeats — insert with the base
 * columns, update with the version check and bump, cancel with a reason, load a live row.
 *
 * Migrations already shipped keep their frozen SQL (they are history). A new migration takes its
 * trigger SQL from here `through` the last column it adds: columns are only ever appended, so
 * that list is as frozen as a hand-written one.
 */
import { EntitySchema, type EntityManager, type EntitySchemaColumnOptions } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { notFound, type ErrorKey } from '../../shared/errors.js';
import type { Who } from '../context.js';
import { checkVersion, newRowBase, syncedColumns, touch, type SyncedRow } from './baseColumns.js';
import { insertRow } from './insert.js';
import { SYNCED_BASE_COLUMNS, outboxDeleteSql, outboxTriggerSql } from './outbox.js';

/** A column as declared: its SQLite type, whether it may be NULL, and (for the type checker) its value. */
export interface Column<V> {
  readonly type: 'text' | 'integer' | 'real' | 'boolean';
  readonly nullable: boolean;
  /** never set: carries the value type */
  readonly value?: V;
}

const column =
  <V>(type: Column<V>['type'], nullable: boolean) =>
  (): Column<V> => ({ type, nullable });

/** Column kinds; `text<T>()` narrows a text column to a union of codes. */
export const col = {
  text: <T extends string = string>() => column<T>('text', false)(),
  textOrNull: <T extends string = string>() => column<T | null>('text', true)(),
  integer: column<number>('integer', false),
  integerOrNull: column<number | null>('integer', true),
  real: column<number>('real', false),
  realOrNull: column<number | null>('real', true),
  boolean: column<boolean>('boolean', false),
};

export type Columns = Record<string, Column<unknown>>;
/** The values of a table's own columns. */
export type ValuesOf<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer V> ? V : never };
/** A whole row: the sync-ready base columns and the table's own. */
export type RowOf<T extends { readonly own: Columns }> = SyncedRow & ValuesOf<T['own']>;

/** Who writes: the writer's station, id (none for what HQ sent) and clock. */
export type Writer = Pick<Who, 'stationId' | 'now'> & { staffId: string | null };

export interface SyncedTable<C extends Columns> {
  readonly name: string;
  readonly own: C;
  /** base and own columns, in the order the outbox payload lists them */
  readonly columnNames: readonly string[];
  readonly entity: EntitySchema<SyncedRow & ValuesOf<C>>;
  /** the outbox triggers over the columns up to and including `through` (all when absent) */
  triggerSql(through?: keyof C & string): string[];
  /**
   * Inserts a new row stamped by the writer; answers it as stored. A row may be stored cancelled
   * from the start (a shipped default retired before the station ever changed it).
   */
  insert(manager: EntityManager, w: Writer, values: ValuesOf<C> & Partial<Pick<SyncedRow, 'cancelledAt' | 'cancelReason'>>, id?: string): Promise<SyncedRow & ValuesOf<C>>;
  /**
   * Inserts many new rows stamped by one writer, `ids[i]` the id of `rows[i]` (the caller links
   * rows it writes together), with multi-row INSERTs: a spreadsheet of 50,000 people is 250
   * statements, not 50,000 (each statement costs more than the row it writes). Each row must
   * carry every own column; the base columns are the writer's and are not built per row.
   */
  insertMany(manager: EntityManager, w: Writer, rows: readonly ValuesOf<C>[], ids: readonly string[]): Promise<void>;
  /**
   * Writes `change` over a row whose version the caller saw (`version`; null when the caller read
   * the row in the same call), bumping the version; answers the row as it now is. A change may
   * take a cancellation back (a year's holidays saved again).
   */
  update(
    manager: EntityManager,
    w: Writer,
    row: SyncedRow & ValuesOf<C>,
    version: number | null,
    change: Partial<ValuesOf<C> & Pick<SyncedRow, 'cancelledAt' | 'cancelReason'>>,
  ): Promise<SyncedRow & ValuesOf<C>>;
  /**
   * Cancels (注销) a row with a reason; rows about people are never deleted. `also` is what changes
   * with it in the same write (a patrol's status, its bicycle back).
   */
  cancel(manager: EntityManager, w: Writer, row: SyncedRow & ValuesOf<C>, version: number | null, reason: string, also?: Partial<ValuesOf<C>>): Promise<void>;
  /**
   * Cancels every live row `where` (SQL over the table's columns, from code) matches, in one
   * statement: a subtree of addresses with the houses on it. Each row's version goes up by one.
   */
  cancelWhere(manager: EntityManager, w: Writer, where: string, params: unknown[], reason: string): Promise<void>;
  /**
   * Deletes the rows `where` (SQL over the table's columns, from code) matches, purged past
   * retention: every outbox entry of theirs goes (pending ones never reach HQ, kept ones no longer
   * hold the data) and one `delete` entry per row is queued so HQ removes its copy.
   */
  purgeWhere(manager: EntityManager, where: string, params: unknown[], purgedAt: string): Promise<void>;
  /** One live (not cancelled) row by id, or NOT_FOUND with the zone's key. */
  loadLive(manager: EntityManager, id: string, notFoundKey: ErrorKey): Promise<SyncedRow & ValuesOf<C>>;
}

const statements = new Map<string, string>();
const updateSql = (table: string, columns: string[]) => {
  const key = `${table}(${columns.join(',')})`;
  let sql = statements.get(key);
  if (!sql) {
    sql = `UPDATE "${table}" SET ${columns.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`;
    statements.set(key, sql);
  }
  return sql;
};

const stored = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);

/** Rows per multi-row INSERT: well under SQLite's limit of bound values for the widest table. */
const ROWS_PER_INSERT = 200;

const declared = new Map<string, SyncedTable<Columns>>();

/**
 * The declaration of a synced table by its name, for code that works over tables a zone names
 * (a retention purge). Every declaration is loaded with its zone, so a missing one is a bug.
 */
export const syncedTableNamed = (name: string): SyncedTable<Columns> => {
  const table = declared.get(name);
  if (!table) throw new Error(`no synced table is declared as ${name}`);
  return table;
};

export const defineSyncedTable = <C extends Columns>(name: string, own: C): SyncedTable<C> => {
  type Row = SyncedRow & ValuesOf<C>;
  const ownNames = Object.keys(own);
  const typeormColumns: Record<string, EntitySchemaColumnOptions> = { ...syncedColumns };
  for (const [key, c] of Object.entries(own)) typeormColumns[key] = c.nullable ? { type: c.type, nullable: true } : { type: c.type };
  const columnNames = [...SYNCED_BASE_COLUMNS, ...ownNames];
  const insertSql = new Map<number, string>();
  const insertManySql = (rows: number) => {
    let sql = insertSql.get(rows);
    if (!sql) {
      const tuple = `(${columnNames.map(() => '?').join(', ')})`;
      sql = `INSERT INTO "${name}" (${columnNames.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
      insertSql.set(rows, sql);
    }
    return sql;
  };
  const write = async (manager: EntityManager, row: Row, change: Record<string, unknown>): Promise<Row> => {
    const columns = Object.keys(change);
    await manager.query(updateSql(name, columns), [...columns.map((c) => stored(change[c])), row.id]);
    return { ...row, ...change };
  };
  if (declared.has(name)) throw new Error(`synced table ${name} is declared twice`);
  const table: SyncedTable<C> = {
    name,
    own,
    columnNames,
    entity: new EntitySchema<Row>({ name, columns: typeormColumns as EntitySchema<Row>['options']['columns'] }),
    triggerSql(through) {
      const upTo = through === undefined ? ownNames.length : ownNames.indexOf(through) + 1;
      if (upTo === 0) throw new Error(`${name} has no column ${through}`);
      return outboxTriggerSql(name, [...SYNCED_BASE_COLUMNS, ...ownNames.slice(0, upTo)]);
    },
    async insert(manager, w, values, id = uuidv7()) {
      const row = { ...newRowBase(id, w.stationId, w.staffId, w.now), ...values } as Row;
      await insertRow(manager, name, row);
      return row;
    },
    async insertMany(manager, w, rows, ids) {
      if (ids.length !== rows.length) throw new Error(`${name}: ${rows.length} rows, ${ids.length} ids`);
      // the base columns after the id are the same for every row this writer inserts now
      const base = newRowBase('', w.stationId, w.staffId, w.now);
      const [, ...afterId] = SYNCED_BASE_COLUMNS;
      const shared = afterId.map((c) => base[c]);
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const end = Math.min(rows.length, start + ROWS_PER_INSERT);
        const values: unknown[] = [];
        for (let i = start; i < end; i++) {
          values.push(ids[i], ...shared);
          const row = rows[i] as Record<string, unknown>;
          for (const c of ownNames) values.push(stored(row[c]));
        }
        await manager.query(insertManySql(end - start), values);
      }
    },
    async update(manager, w, row, version, change) {
      if (version !== null) checkVersion(row, version);
      return write(manager, row, { ...change, ...touch(row, w.staffId, w.now) });
    },
    async cancel(manager, w, row, version, reason, also = {}) {
      if (version !== null) checkVersion(row, version);
      await write(manager, row, { ...also, cancelledAt: w.now.toISOString(), cancelReason: reason, ...touch(row, w.staffId, w.now) });
    },
    async cancelWhere(manager, w, where, params, reason) {
      const at = w.now.toISOString();
      await manager.query(
        `UPDATE "${name}" SET "cancelledAt" = ?, "cancelReason" = ?, "version" = "version" + 1, "updatedAt" = ?, "updatedBy" = ?
         WHERE "cancelledAt" IS NULL AND (${where})`,
        [at, reason, at, w.staffId, ...params],
      );
    },
    async purgeWhere(manager, where, params, purgedAt) {
      const { forget, queue } = outboxDeleteSql(name, where);
      await manager.query(forget, params);
      await manager.query(queue, [purgedAt, ...params]);
      await manager.query(`DELETE FROM "${name}" WHERE ${where}`, params);
    },
    async loadLive(manager, id, notFoundKey) {
      const rows: Row[] = await manager.query(`SELECT * FROM "${name}" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id]);
      if (rows.length === 0) throw notFound(notFoundKey);
      return rows[0];
    },
  };
  declared.set(name, table as unknown as SyncedTable<Columns>);
  return table;
};
