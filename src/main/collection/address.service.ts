import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { AddressDetail, AddressNode, BatchResult } from '../../shared/collection/contract.js';
import { CHILD_KINDS, roomNumber, type NodeKind } from '../../shared/collection/model.js';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import type { Who } from '../context.js';
import { checkVersion } from '../db/baseColumns.js';
import { addressTable, houseTable, type AddressNodeRow } from './collection.entity.js';
import { prefixEnd } from './common.js';

export const loadNode = (manager: EntityManager, id: string) => addressTable.loadLive(manager, id, 'collection.nodeNotFound');

/** A node's part of the one-line address: floors are implied by the room number, rooms read "1801室". */
const piece = (kind: NodeKind, name: string) => {
  if (kind === 'floor') return '';
  if (kind === 'room' && /^\d+$/.test(name)) return `${name}室`;
  return name;
};

const searchTextOf = (fullText: string) => fullText.replace(/\s+/g, '').toLowerCase();

/** The leading number of a name ("18号" → 18, "B座" → null): siblings sort by it. */
const leadingNumber = (name: string): number | null => {
  const m = /^-?\d+/.exec(name.replace(/^负/, '-'));
  return m ? Number(m[0]) : null;
};

/** What a node inherits from its parent: path, depth, text, effective grid and area, building. */
const derived = (
  node: Pick<AddressNodeRow, 'id' | 'kind' | 'name' | 'grid' | 'policeArea'>,
  parent: AddressNodeRow | null,
): Pick<AddressNodeRow, 'path' | 'depth' | 'fullText' | 'searchText' | 'effGrid' | 'effPoliceArea' | 'buildingId'> => {
  const fullText = (parent?.fullText ?? '') + piece(node.kind, node.name);
  return {
    path: `${parent?.path ?? '/'}${node.id}/`,
    depth: (parent?.depth ?? -1) + 1,
    fullText,
    searchText: searchTextOf(fullText),
    effGrid: node.grid ?? parent?.effGrid ?? null,
    effPoliceArea: node.policeArea ?? parent?.effPoliceArea ?? null,
    buildingId: node.kind === 'building' ? node.id : (parent?.buildingId ?? null),
  };
};

const checkChildKind = (parentKind: NodeKind | 'root', kind: NodeKind) => {
  if (!CHILD_KINDS[parentKind].includes(kind)) throw validationError('kind', 'collection.kindNotAllowed', { parent: parentKind, kind });
};

const checkDivisionCode = (kind: NodeKind, code: string | null) => {
  // a division's code is its 6-digit GB/T 2260 code; an unknown one is allowed (codes change yearly)
  if (kind === 'division' && code !== null && !/^\d{6}$/.test(code)) throw validationError('code', 'collection.divisionCode');
};

const siblingTaken = async (manager: EntityManager, parentId: string | null, kind: NodeKind, name: string, exceptId?: string) => {
  const rows: { id: string }[] = await manager.query(
    `SELECT "id" FROM "address_node" WHERE COALESCE("parentId", '') = ? AND "kind" = ? AND "name" = ? AND "cancelledAt" IS NULL`,
    [parentId ?? '', kind, name],
  );
  return rows.some((r) => r.id !== exceptId);
};

export const toNode = (row: AddressNodeRow & { childCount?: number; residentCount?: number }): AddressNode => ({
  id: row.id,
  version: row.version,
  parentId: row.parentId,
  kind: row.kind,
  name: row.name,
  code: row.code,
  grid: row.grid,
  policeArea: row.policeArea,
  effectiveGrid: row.effGrid,
  effectivePoliceArea: row.effPoliceArea,
  fullText: row.fullText,
  floorNo: row.floorNo,
  childCount: row.childCount ?? 0,
  residentCount: row.residentCount ?? 0,
});

/** Children of a node (or the roots), each with its number of children and of people living below it. */
export const childrenOf = async (manager: EntityManager, parentId: string | null): Promise<AddressNode[]> => {
  const rows: (AddressNodeRow & { childCount: number })[] = await manager.query(
    `SELECT n.*, (SELECT COUNT(*) FROM "address_node" c WHERE c."parentId" = n."id" AND c."cancelledAt" IS NULL) AS "childCount"
     FROM "address_node" n
     WHERE ${parentId ? 'n."parentId" = ?' : 'n."parentId" IS NULL'} AND n."cancelledAt" IS NULL
     ORDER BY n."sortNo", n."name"`,
    parentId ? [parentId] : [],
  );
  const out: AddressNode[] = [];
  for (const row of rows) out.push(toNode({ ...row, residentCount: await residentsBelow(manager, row.path) }));
  return out;
};

/** People living at an address or anywhere below it (moved-out and cancelled records do not count). */
export const residentsBelow = async (manager: EntityManager, path: string): Promise<number> => {
  const [{ n }] = await manager.query(
    `SELECT COUNT(*) AS "n" FROM "resident" r JOIN "address_node" a ON a."id" = r."addressId"
     WHERE a."path" >= ? AND a."path" < ? AND r."movedOutOn" IS NULL AND r."cancelledAt" IS NULL`,
    [path, prefixEnd(path)],
  );
  return n;
};

export const nodeDetail = async (manager: EntityManager, id: string): Promise<AddressDetail> => {
  const row = await loadNode(manager, id);
  const ids = row.path.split('/').filter(Boolean).slice(0, -1);
  const ancestors: { id: string; kind: NodeKind; name: string; depth: number }[] = ids.length
    ? await manager.query(`SELECT "id", "kind", "name", "depth" FROM "address_node" WHERE "id" IN (${ids.map(() => '?').join(',')}) ORDER BY "depth"`, ids)
    : [];
  const [{ childCount }] = await manager.query(
    `SELECT COUNT(*) AS "childCount" FROM "address_node" WHERE "parentId" = ? AND "cancelledAt" IS NULL`,
    [id],
  );
  return {
    ...toNode({ ...row, childCount, residentCount: await residentsBelow(manager, row.path) }),
    ancestors: ancestors.map(({ id: aid, kind, name }) => ({ id: aid, kind, name })),
    buildingId: row.buildingId,
  };
};

export interface NewNode {
  parentId: string | null;
  kind: NodeKind;
  name: string;
  code: string | null;
  grid: string | null;
  policeArea: string | null;
  floorNo?: number | null;
}

/** Inserts one node under a loaded parent; the caller has checked kind and name. */
const insertNode = async (manager: EntityManager, w: Who, parent: AddressNodeRow | null, input: NewNode, sortNo: number): Promise<AddressNodeRow> => {
  const id = uuidv7();
  const base = { id, kind: input.kind, name: input.name, grid: input.grid, policeArea: input.policeArea };
  return addressTable.insert(
    manager,
    w,
    {
      parentId: parent?.id ?? null,
    kind: input.kind,
    name: input.name,
    code: input.code,
    grid: input.grid,
    policeArea: input.policeArea,
      floorNo: input.floorNo ?? null,
      sortNo,
      ...derived(base, parent),
    },
    id,
  );
};

export const addNode = async (manager: EntityManager, w: Who, input: NewNode): Promise<AddressNodeRow> => {
  const parent = input.parentId ? await loadNode(manager, input.parentId) : null;
  checkChildKind(parent?.kind ?? 'root', input.kind);
  checkDivisionCode(input.kind, input.code);
  if (await siblingTaken(manager, parent?.id ?? null, input.kind, input.name)) throw validationError('name', 'collection.nameTaken');
  let floorNo: number | null = null;
  if (input.kind === 'floor') floorNo = input.floorNo ?? leadingNumber(input.name);
  if (input.kind === 'room') floorNo = parent?.floorNo ?? null;
  let sortNo = leadingNumber(input.name);
  if (input.kind === 'floor') sortNo = floorNo;
  if (sortNo === null) {
    // names without a number ("B座", "幸福里") come after the numbered ones, in the order they were added
    const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "address_node" WHERE COALESCE("parentId", '') = ?`, [parent?.id ?? '']);
    sortNo = 100_000 + Number(n);
  }
  return insertNode(manager, w, parent, { ...input, floorNo }, sortNo ?? 0);
};

/**
 * Recomputes what every node below `root` inherits (path, text, grid, area, building), top down,
 * and writes only the rows that changed. The ids never change.
 */
const refreshBelow = async (manager: EntityManager, w: Who, root: AddressNodeRow, oldPath = root.path) => {
  // found by the path they still have: after a move, the root's path is already the new one
  const rows: AddressNodeRow[] = await manager.query(
    `SELECT * FROM "address_node" WHERE "path" > ? AND "path" < ? AND "cancelledAt" IS NULL ORDER BY "depth"`,
    [oldPath, prefixEnd(oldPath)],
  );
  const byId = new Map<string, AddressNodeRow>([[root.id, root]]);
  for (const row of rows) {
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    if (!parent) continue;
    const next = derived(row, parent);
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== row[k]);
    const updated = { ...row, ...next };
    byId.set(row.id, updated);
    if (changed) await addressTable.update(manager, w, row, null, next);
  }
};

export const updateNode = async (
  manager: EntityManager,
  w: Who,
  input: { id: string; version: number; name: string; code: string | null; grid: string | null; policeArea: string | null },
): Promise<AddressNodeRow> => {
  const row = await loadNode(manager, input.id);
  checkVersion(row, input.version);
  checkDivisionCode(row.kind, input.code);
  if (input.name !== row.name && (await siblingTaken(manager, row.parentId, row.kind, input.name, row.id)))
    throw validationError('name', 'collection.nameTaken');
  const parent = row.parentId ? await loadNode(manager, row.parentId) : null;
  const own = { name: input.name, code: input.code, grid: input.grid, policeArea: input.policeArea };
  const leading = leadingNumber(input.name);
  const sortNo = row.kind !== 'room' && row.kind !== 'floor' && leading !== null ? leading : row.sortNo;
  const updated = await addressTable.update(manager, w, row, null, { ...own, ...derived({ ...row, ...own }, parent), sortNo });
  await refreshBelow(manager, w, updated);
  return updated;
};

export const moveNode = async (manager: EntityManager, w: Who, input: { id: string; version: number; parentId: string }): Promise<AddressNodeRow> => {
  const row = await loadNode(manager, input.id);
  checkVersion(row, input.version);
  const parent = await loadNode(manager, input.parentId);
  // under itself or under one of its own descendants, the tree would become a loop
  if (parent.path.startsWith(row.path)) throw conflict('collection.addressLoop');
  checkChildKind(parent.kind, row.kind);
  if (await siblingTaken(manager, parent.id, row.kind, row.name, row.id)) throw validationError('name', 'collection.nameTaken');
  const floorNo = row.kind === 'room' ? parent.floorNo : row.floorNo;
  const updated = await addressTable.update(manager, w, row, null, { parentId: parent.id, ...derived(row, parent), floorNo });
  await refreshBelow(manager, w, updated, row.path);
  return updated;
};

/** Cancels a node and its subtree (and the houses on it); refused while anyone lives there. */
export const cancelNode = async (manager: EntityManager, w: Who, input: { id: string; version: number; reason: string }): Promise<number> => {
  const row = await loadNode(manager, input.id);
  checkVersion(row, input.version);
  const living = await residentsBelow(manager, row.path);
  if (living > 0) throw conflict('collection.nodeHasResidents', { n: living });
  const range = [row.path, prefixEnd(row.path)];
  await houseTable.cancelWhere(manager, w, `"addressId" IN (SELECT "id" FROM "address_node" WHERE "path" >= ? AND "path" < ?)`, range, input.reason);
  const [{ n }] = await manager.query(
    `SELECT COUNT(*) AS "n" FROM "address_node" WHERE "path" >= ? AND "path" < ? AND "cancelledAt" IS NULL`,
    range,
  );
  await addressTable.cancelWhere(manager, w, `"path" >= ? AND "path" < ?`, range, input.reason);
  return n;
};

/**
 * Units × floors × rooms of a building in one go. Existing units, floors and rooms (by name) are
 * reused, so running it again, or after adding a few rooms by hand, creates only what is missing.
 */
export const batchRooms = async (
  manager: EntityManager,
  w: Who,
  input: { buildingId: string; units: number; floors: number; roomsPerFloor: number; firstFloor: number },
): Promise<BatchResult> => {
  const building = await loadNode(manager, input.buildingId);
  if (building.kind !== 'building') throw validationError('buildingId', 'collection.notBuilding');
  const existingRows: AddressNodeRow[] = await manager.query(
    `SELECT * FROM "address_node" WHERE "path" > ? AND "path" < ? AND "cancelledAt" IS NULL`,
    [building.path, prefixEnd(building.path)],
  );
  const existing = new Map(existingRows.map((r) => [`${r.parentId}|${r.kind}|${r.name}`, r]));
  const result: BatchResult = { buildingId: building.id, units: 0, floors: 0, rooms: 0, existing: 0 };
  const ensure = async (parent: AddressNodeRow, kind: NodeKind, name: string, sortNo: number, floorNo: number | null) => {
    const found = existing.get(`${parent.id}|${kind}|${name}`);
    if (found) {
      if (kind === 'room') result.existing += 1;
      return found;
    }
    const row = await insertNode(manager, w, parent, { parentId: parent.id, kind, name, code: null, grid: null, policeArea: null, floorNo }, sortNo);
    if (kind === 'unit') result.units += 1;
    else if (kind === 'floor') result.floors += 1;
    else result.rooms += 1;
    return row;
  };
  const parents: AddressNodeRow[] = [];
  if (input.units === 0) parents.push(building);
  for (let u = 1; u <= input.units; u++) parents.push(await ensure(building, 'unit', `${u}单元`, u, null));
  // there is no floor 0: counting up from a basement, -1 is followed by 1
  const floorNos: number[] = [];
  for (let f = input.firstFloor; floorNos.length < input.floors; f++) if (f !== 0) floorNos.push(f);
  for (const parent of parents) {
    for (const f of floorNos) {
      const floor = await ensure(parent, 'floor', f < 0 ? `负${-f}层` : `${f}层`, f, f);
      for (let r = 1; r <= input.roomsPerFloor; r++) {
        const name = f < 0 ? `B${-f}${String(r).padStart(2, '0')}` : roomNumber(f, r);
        await ensure(floor, 'room', name, f * 1000 + r, f);
      }
    }
  }
  return result;
};

export const requireRoom = async (manager: EntityManager, addressId: string, field = 'addressId'): Promise<AddressNodeRow> => {
  const row = await loadNode(manager, addressId).catch(() => {
    throw notFound('collection.nodeNotFound');
  });
  if (row.kind !== 'room') throw validationError(field, 'collection.notRoom');
  return row;
};
