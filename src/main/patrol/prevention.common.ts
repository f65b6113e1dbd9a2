/** What the prevention services share: the writer, times not ahead of now, versions given, cancelling with a reason, addresses. */
import type { EntityManager } from 'typeorm';
import { validationError, type ErrorKey } from '../../shared/errors.js';
import type { CompoundOption } from '../../shared/patrol/prevention.contract.js';
import type { Role } from '../../shared/roles.js';
import { CLOCK_SKEW_MS } from '../../shared/time.js';
import type { SyncedRow } from '../db/baseColumns.js';
import type { SyncedTable } from '../db/syncedTable.js';
import { attendanceTable, cameraTable, guardTable, nightCheckTable, propertyTable, schoolTable } from './prevention.entity.js';

export interface Who {
  stationId: string;
  staffId: string;
  role: Role;
  timeZone: string;
  now: Date;
}

/** An instant may not lie ahead of the core's clock (a little skew between PCs is allowed). */
export const notInFuture = (who: Who, at: string, field: string) => {
  if (Date.parse(at) > who.now.getTime() + CLOCK_SKEW_MS) throw validationError(field, 'prevention.future');
};

/** An edit names the version it saw; a form that sent none is refused as incomplete. */
export const givenVersion = (version: number | undefined): number => {
  if (version === undefined) throw validationError('version', 'required');
  return version;
};

export type CancellableKind = 'property' | 'guard' | 'nightCheck' | 'school' | 'attendance' | 'camera';

/** The records cancelled (or, for a camera, retired) with a reason: their table and what a missing one is called. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has a table of its own columns
const CANCELLABLE: Record<CancellableKind, { table: SyncedTable<any>; notFound: ErrorKey }> = {
  property: { table: propertyTable, notFound: 'prevention.property.notFound' },
  guard: { table: guardTable, notFound: 'prevention.guard.notFound' },
  nightCheck: { table: nightCheckTable, notFound: 'prevention.check.notFound' },
  school: { table: schoolTable, notFound: 'prevention.school.notFound' },
  attendance: { table: attendanceTable, notFound: 'prevention.attendance.notFound' },
  camera: { table: cameraTable, notFound: 'prevention.camera.notFound' },
};

/**
 * Cancels one live record with the reason, who and when: records are never deleted. A stale
 * version is refused. The row as it was comes back, for what the caller needs of it.
 */
export const cancelRecord = async <T extends SyncedRow>(
  manager: EntityManager,
  who: Who,
  kind: CancellableKind,
  input: { id: string; version: number; reason: string },
): Promise<T> => {
  const { table, notFound } = CANCELLABLE[kind];
  const row = await table.loadLive(manager, input.id, notFound);
  await table.cancel(manager, who, row, givenVersion(input.version), input.reason);
  return row as T;
};

/** A standard address to link to: a live node of the collection zone's tree. */
export const checkAddress = async (manager: EntityManager, addressId: string | null) => {
  if (addressId === null) return;
  const [node] = await manager.query(`SELECT "id" FROM "address_node" WHERE "id" = ? AND "cancelledAt" IS NULL`, [addressId]);
  if (!node) throw validationError('addressId', 'prevention.addressUnknown');
};

/**
 * Refuses a name (or code) a live row of `table` other than `exceptId` already has: a property,
 * a school or a camera is picked by it. Answers the other row, for a message that names it.
 */
export const refuseTaken = async <R extends Record<string, unknown>>(
  manager: EntityManager,
  table: string,
  column: string,
  value: string,
  exceptId: string | undefined,
  key: ErrorKey,
  params: (other: R) => Record<string, string> = () => ({ [column]: value }),
) => {
  const [same] = (await manager.query(`SELECT * FROM "${table}" WHERE "${column}" = ? AND "cancelledAt" IS NULL AND "id" <> ?`, [value, exceptId ?? ''])) as R[];
  if (same) throw validationError(column, key, params(same));
};

export const addressTexts = async (manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> => {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows: { id: string; fullText: string }[] = await manager.query(
    `SELECT "id", "fullText" FROM "address_node" WHERE "id" IN (${wanted.map(() => '?').join(', ')})`,
    wanted,
  );
  return new Map(rows.map((r) => [r.id, r.fullText]));
};

export const compounds = async (manager: EntityManager, q: string): Promise<CompoundOption[]> => {
  const needle = `%${q.replace(/\s+/g, '').toLowerCase().replace(/[%_]/g, '')}%`;
  return manager.query(
    `SELECT "id", "name", "fullText" FROM "address_node" WHERE "kind" = 'compound' AND "cancelledAt" IS NULL AND "searchText" LIKE ? ORDER BY "fullText" LIMIT 30`,
    [needle],
  );
};
