import type { EntityManager } from 'typeorm';
import type { Chart, ChartFloor, ChartRoom, Completeness, CompletenessRow, FaultItem } from '../../shared/collection/contract.js';
import { FAULTS, ROOM_STATES, type Fault, type RoomState } from '../../shared/collection/model.js';
import { validationError } from '../../shared/errors.js';
import { loadNode } from './address.service.js';
import type { AddressNodeRow } from './collection.entity.js';

const roomState = (residents: number, verified: number, house: { rented: number; vacant: number } | undefined): RoomState => {
  if (residents === 0 && !house) return 'notCollected';
  if (house?.vacant) return 'vacant';
  if (house?.rented) return 'rented';
  if (residents > 0 && verified === residents) return 'verified';
  return 'collected';
};

/** The building as its grid of units × floors × rooms, each room with its state and who lives there. */
export const buildingChart = async (manager: EntityManager, buildingId: string): Promise<Chart> => {
  const building = await loadNode(manager, buildingId);
  if (building.kind !== 'building') throw validationError('buildingId', 'collection.notBuilding');
  const nodes: Pick<AddressNodeRow, 'id' | 'parentId' | 'kind' | 'name' | 'floorNo' | 'sortNo'>[] = await manager.query(
    `SELECT "id", "parentId", "kind", "name", "floorNo", "sortNo" FROM "address_node"
     WHERE "buildingId" = ? AND "kind" IN ('unit', 'floor', 'room') AND "cancelledAt" IS NULL ORDER BY "sortNo", "name"`,
    [buildingId],
  );
  const people: { addressId: string; name: string; verification: string }[] = await manager.query(
    `SELECT r."addressId", r."name", r."verification" FROM "address_node" a JOIN "resident" r ON r."addressId" = a."id"
     WHERE a."buildingId" = ? AND a."kind" = 'room' AND a."cancelledAt" IS NULL AND r."movedOutOn" IS NULL AND r."cancelledAt" IS NULL
     ORDER BY r."householdHeadId" IS NOT NULL, r."name"`,
    [buildingId],
  );
  const houses: { addressId: string; rented: number; vacant: number }[] = await manager.query(
    `SELECT h."addressId", h."rented", h."vacant" FROM "address_node" a JOIN "house" h ON h."addressId" = a."id"
     WHERE a."buildingId" = ? AND a."kind" = 'room' AND a."cancelledAt" IS NULL AND h."cancelledAt" IS NULL`,
    [buildingId],
  );
  const visits: { addressId: string; n: number }[] = await manager.query(
    `SELECT p."addressId", COUNT(*) AS "n" FROM "address_node" a JOIN "collection_appointment" p ON p."addressId" = a."id"
     WHERE a."buildingId" = ? AND p."status" = 'booked' AND p."cancelledAt" IS NULL GROUP BY p."addressId"`,
    [buildingId],
  );
  const byRoom = new Map<string, { names: string[]; verified: number }>();
  for (const p of people) {
    const entry = byRoom.get(p.addressId) ?? { names: [], verified: 0 };
    entry.names.push(p.name);
    if (p.verification === 'verified') entry.verified += 1;
    byRoom.set(p.addressId, entry);
  }
  const houseOf = new Map(houses.map((h) => [h.addressId, h]));
  const visitsOf = new Map(visits.map((v) => [v.addressId, v.n]));
  const counts = Object.fromEntries(ROOM_STATES.map((s) => [s, 0])) as Record<RoomState, number>;

  const floorsOf = new Map<string, ChartFloor>();
  const roomsByFloor = new Map<string, ChartRoom[]>();
  let rooms = 0;
  for (const n of nodes) {
    if (n.kind === 'floor') floorsOf.set(n.id, { id: n.id, floorNo: n.floorNo ?? 0, name: n.name, rooms: [] });
    if (n.kind !== 'room' || !n.parentId) continue;
    const who = byRoom.get(n.id);
    const state = roomState(who?.names.length ?? 0, who?.verified ?? 0, houseOf.get(n.id));
    counts[state] += 1;
    rooms += 1;
    const list = roomsByFloor.get(n.parentId) ?? [];
    list.push({ id: n.id, name: n.name, state, residents: who?.names.length ?? 0, verified: who?.verified ?? 0, names: who?.names ?? [], appointments: visitsOf.get(n.id) ?? 0 });
    roomsByFloor.set(n.parentId, list);
  }
  for (const [floorId, list] of roomsByFloor) floorsOf.get(floorId)?.rooms.push(...list);
  const unitNodes = nodes.filter((n) => n.kind === 'unit');
  const floorsUnder = (parentId: string) =>
    nodes
      .filter((n) => n.kind === 'floor' && n.parentId === parentId)
      .map((n) => floorsOf.get(n.id)!)
      // the top floor first, as the building stands
      .sort((a, b) => b.floorNo - a.floorNo);
  const units: Chart['units'] = unitNodes.map((u) => ({ id: u.id, name: u.name, floors: floorsUnder(u.id) }));
  const direct = floorsUnder(building.id);
  if (direct.length > 0 || units.length === 0) units.unshift({ id: null, name: null, floors: direct });
  return {
    building: { id: building.id, name: building.name, fullText: building.fullText, grid: building.effGrid, policeArea: building.effPoliceArea },
    units,
    counts,
    rooms,
  };
};

export const PERSON_MISSING = `(r."phone" IS NULL OR r."ethnicity" IS NULL OR r."hukouPlace" IS NULL OR r."idNumber" IS NULL)`;
// The checksum is enforced wherever a number enters (forms, import); rows that arrive otherwise
// (synced from elsewhere, older data) are caught here by their shape.
export const PERSON_INVALID_ID = `(r."idType" = 'resident' AND r."idNumber" IS NOT NULL AND (length(r."idNumber") <> 18 OR substr(r."idNumber", 1, 17) GLOB '*[^0-9]*' OR substr(r."idNumber", 18) GLOB '[^0-9X]'))`;
const LIVING = `r."cancelledAt" IS NULL AND r."movedOutOn" IS NULL`;
const RENTED_WITHOUT_TENANTS = `h."rented" = 1 AND h."cancelledAt" IS NULL AND NOT EXISTS (SELECT 1 FROM "resident" t WHERE t."addressId" = h."addressId" AND t."tenancy" = 'tenant' AND t."cancelledAt" IS NULL AND t."movedOutOn" IS NULL)`;

/**
 * The last figures, with the outbox sequence they were computed at: every write to a synced table
 * appends to the outbox, so while its sequence stands still the figures are still true. At a large
 * station they take seconds to count; opening the page again then costs nothing.
 */
let lastFigures: { key: string; result: Completeness } | null = null;

export const completeness = async (manager: EntityManager, worklistLimit: number): Promise<Completeness> => {
  const [seq] = await manager.query(`SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'sync_outbox'`);
  const key = `${String((manager.connection.options as { database?: unknown }).database)}|${seq?.seq ?? 0}|${worklistLimit}`;
  if (lastFigures?.key === key) return lastFigures.result;
  const result = await countCompleteness(manager, worklistLimit);
  lastFigures = { key, result };
  return result;
};

/**
 * Rooms collected vs known, people verified, and data-quality faults, per grid and per building,
 * with the faults as a worklist: what the assessment deducts points for.
 */
const countCompleteness = async (manager: EntityManager, worklistLimit: number): Promise<Completeness> => {
  // collected rooms as one set (rooms with a house record or someone living there), joined once,
  // rather than two lookups for each of a large station's 100,000 rooms
  const roomRows: { grid: string | null; buildingId: string | null; rooms: number; collected: number }[] = await manager.query(
    `SELECT a."effGrid" AS "grid", a."buildingId", COUNT(*) AS "rooms", COUNT(c."addressId") AS "collected"
     FROM "address_node" a
     LEFT JOIN (SELECT "addressId" FROM "house" WHERE "cancelledAt" IS NULL
                UNION SELECT r."addressId" FROM "resident" r WHERE ${LIVING} AND r."addressId" IS NOT NULL) c ON c."addressId" = a."id"
     WHERE a."kind" = 'room' AND a."cancelledAt" IS NULL GROUP BY a."effGrid", a."buildingId"`,
  );
  // one pass over the people gives the figures per grid and building and the fault counts
  const peopleRows: {
    grid: string | null; buildingId: string | null; people: number; verified: number; faults: number; missing: number; invalid: number; noAddress: number;
  }[] = await manager.query(
    `SELECT a."effGrid" AS "grid", a."buildingId", COUNT(*) AS "people", SUM(r."verification" = 'verified') AS "verified",
       SUM(${PERSON_MISSING} OR ${PERSON_INVALID_ID} OR r."addressId" IS NULL) AS "faults", SUM(${PERSON_MISSING}) AS "missing",
       SUM(${PERSON_INVALID_ID}) AS "invalid", SUM(r."addressId" IS NULL) AS "noAddress"
     FROM "resident" r LEFT JOIN "address_node" a ON a."id" = r."addressId"
     WHERE ${LIVING} GROUP BY a."effGrid", a."buildingId"`,
  );
  const houseFaultRows: { grid: string | null; buildingId: string | null; n: number }[] = await manager.query(
    `SELECT a."effGrid" AS "grid", a."buildingId", COUNT(*) AS "n" FROM "house" h JOIN "address_node" a ON a."id" = h."addressId"
     WHERE ${RENTED_WITHOUT_TENANTS} GROUP BY a."effGrid", a."buildingId"`,
  );
  const buildingNames: { id: string; fullText: string }[] = await manager.query(
    `SELECT "id", "fullText" FROM "address_node" WHERE "kind" = 'building' AND "cancelledAt" IS NULL`,
  );
  const nameOf = new Map(buildingNames.map((b) => [b.id, b.fullText]));

  const empty = (key: string, label: string): CompletenessRow => ({ key, label, rooms: 0, roomsCollected: 0, people: 0, peopleVerified: 0, faults: 0 });
  const grids = new Map<string, CompletenessRow>();
  const buildings = new Map<string, CompletenessRow>();
  const totals = empty('', '');
  const rowsFor = (grid: string | null, buildingId: string | null) => {
    const g = grid ?? '';
    if (!grids.has(g)) grids.set(g, empty(g, grid ?? ''));
    const b = buildingId ?? '';
    if (!buildings.has(b)) buildings.set(b, empty(b, buildingId ? (nameOf.get(buildingId) ?? '') : ''));
    return [grids.get(g)!, buildings.get(b)!, totals];
  };
  for (const r of roomRows) for (const t of rowsFor(r.grid, r.buildingId)) {
    t.rooms += r.rooms;
    t.roomsCollected += r.collected;
  }
  for (const r of peopleRows) for (const t of rowsFor(r.grid, r.buildingId)) {
    t.people += r.people;
    t.peopleVerified += r.verified;
    t.faults += r.faults;
  }
  for (const r of houseFaultRows) for (const t of rowsFor(r.grid, r.buildingId)) t.faults += r.n;

  const faultCounts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  for (const r of peopleRows) {
    faultCounts.missingFields += r.missing;
    faultCounts.invalidId += r.invalid;
    faultCounts.noAddress += r.noAddress;
  }
  faultCounts.rentedWithoutTenants = houseFaultRows.reduce((s, r) => s + r.n, 0);
  const [{ n: unitFaults }] = await manager.query(
    `SELECT COUNT(*) AS "n" FROM "collection_unit" WHERE "cancelledAt" IS NULL AND "securityOfficer" IS NULL`,
  );
  faultCounts.unitMissingSecurity = unitFaults;

  const worklist: FaultItem[] = [];
  if (worklistLimit > 0) {
    const people: {
      id: string; name: string; addressId: string | null; addressText: string | null; phone: string | null; ethnicity: string | null;
      hukouPlace: string | null; idNumber: string | null; invalidId: number;
    }[] = await manager.query(
      `SELECT r."id", r."name", r."addressId", a."fullText" AS "addressText", r."phone", r."ethnicity", r."hukouPlace", r."idNumber",
         ${PERSON_INVALID_ID} AS "invalidId"
       FROM "resident" r LEFT JOIN "address_node" a ON a."id" = r."addressId"
       WHERE ${LIVING} AND (${PERSON_MISSING} OR ${PERSON_INVALID_ID} OR r."addressId" IS NULL) LIMIT ?`,
      [worklistLimit],
    );
    for (const p of people) {
      const base = { type: 'person' as const, id: p.id, title: p.name, addressId: p.addressId, addressText: p.addressText };
      if (p.invalidId) worklist.push({ ...base, fault: 'invalidId', detail: [] });
      if (!p.addressId) worklist.push({ ...base, fault: 'noAddress', detail: [] });
      const missing = (['idNumber', 'phone', 'ethnicity', 'hukouPlace'] as const).filter((f) => p[f] === null);
      if (missing.length) worklist.push({ ...base, fault: 'missingFields', detail: missing });
    }
    const houses: { id: string; addressId: string; addressText: string }[] = await manager.query(
      `SELECT h."id", h."addressId", a."fullText" AS "addressText" FROM "house" h JOIN "address_node" a ON a."id" = h."addressId"
       WHERE ${RENTED_WITHOUT_TENANTS} ORDER BY a."sortNo" LIMIT ?`,
      [worklistLimit],
    );
    for (const h of houses) worklist.push({ fault: 'rentedWithoutTenants', type: 'house', id: h.id, title: h.addressText, addressId: h.addressId, addressText: h.addressText, detail: [] });
    const units: { id: string; name: string; addressId: string | null; addressText: string | null }[] = await manager.query(
      `SELECT u."id", u."name", u."addressId", a."fullText" AS "addressText" FROM "collection_unit" u LEFT JOIN "address_node" a ON a."id" = u."addressId"
       WHERE u."cancelledAt" IS NULL AND u."securityOfficer" IS NULL ORDER BY u."name" LIMIT ?`,
      [worklistLimit],
    );
    for (const u of units) worklist.push({ fault: 'unitMissingSecurity', type: 'unit', id: u.id, title: u.name, addressId: u.addressId, addressText: u.addressText, detail: [] });
  }
  const sorted = (m: Map<string, CompletenessRow>) => [...m.values()].sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  const { key: _k, label: _l, ...totalFigures } = totals;
  return { byGrid: sorted(grids), byBuilding: sorted(buildings).filter((b) => b.key !== ''), totals: totalFigures, faultCounts, worklist: worklist.slice(0, worklistLimit) };
};
