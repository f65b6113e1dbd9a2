/** Patrol routes: ordered checkpoints, each a free place or a standard address of the collection zone. */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { notFound, validationError } from '../../shared/errors.js';
import type { CheckpointDef, RouteView } from '../../shared/patrol/contract.js';
import type { Who } from '../context.js';
import { routeTable, type RouteRow } from './patrol.entity.js';

const routeView = (r: RouteRow): RouteView => ({ id: r.id, version: r.version, name: r.name, note: r.note, checkpoints: JSON.parse(r.checkpoints) as CheckpointDef[] });

export const listRoutes = async (manager: EntityManager): Promise<RouteView[]> =>
  ((await manager.query(`SELECT * FROM "patrol_route" WHERE "cancelledAt" IS NULL ORDER BY "name"`)) as RouteRow[]).map(routeView);

/** A live route, or nothing: the caller says which field named it. */
export const routeRow = async (manager: EntityManager, id: string): Promise<RouteRow | undefined> =>
  ((await manager.query(`SELECT * FROM "patrol_route" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id])) as RouteRow[])[0];

/** The standard address's text, or a field error when there is no such address. */
export const addressText = async (manager: EntityManager, id: string, field: string): Promise<string> => {
  const [row] = (await manager.query(`SELECT "fullText" FROM "address_node" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id])) as { fullText: string }[];
  if (!row) throw validationError(field, 'patrol.addressUnknown');
  return row.fullText;
};

export const saveRoute = async (
  manager: EntityManager,
  who: Who,
  input: { id?: string; version?: number; name: string; note: string | null; checkpoints: { key?: string; addressId: string | null; place: string | null }[] },
): Promise<string> => {
  const existing = input.id === undefined ? undefined : await routeRow(manager, input.id);
  if (input.id !== undefined && !existing) throw notFound('patrol.route.notFound');
  const oldKeys = new Set(existing ? (JSON.parse(existing.checkpoints) as CheckpointDef[]).map((c) => c.key) : []);
  const checkpoints: CheckpointDef[] = [];
  for (const [i, c] of input.checkpoints.entries()) {
    // an address's own text names it unless a place is typed as well (a gate, a corner)
    const place = c.place ?? (c.addressId ? await addressText(manager, c.addressId, `checkpoints.${i}.addressId`) : '');
    if (c.addressId && c.place) await addressText(manager, c.addressId, `checkpoints.${i}.addressId`);
    checkpoints.push({ key: c.key && oldKeys.has(c.key) ? c.key : uuidv7(), addressId: c.addressId, place });
  }
  const values = { name: input.name, note: input.note, checkpoints: JSON.stringify(checkpoints) };
  if (!existing) return (await routeTable.insert(manager, who, values)).id;
  if (input.version === undefined) throw validationError('version', 'required');
  await routeTable.update(manager, who, existing, input.version, values);
  return existing.id;
};

export const getRoute = async (manager: EntityManager, id: string): Promise<RouteView> => routeView(await routeTable.loadLive(manager, id, 'patrol.route.notFound'));

export const retireRoute = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) =>
  routeTable.cancel(manager, who, await routeTable.loadLive(manager, id, 'patrol.route.notFound'), version, reason);
