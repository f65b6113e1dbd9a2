import type { EntityManager } from 'typeorm';
import { maskIdNumber } from '../../shared/checks/idNumber.js';
import { maskPhone } from '../../shared/checks/phone.js';
import type { House, Unit } from '../../shared/collection/contract.js';
import type { UnitCategory } from '../../shared/collection/model.js';
import { AppError, conflict } from '../../shared/errors.js';
import type { Who } from '../context.js';
import { loadNode, requireRoom } from './address.service.js';
import type { SyncedRow } from '../db/baseColumns.js';
import { houseTable, unitTable, type HouseRow, type UnitRow } from './collection.entity.js';
import { prefixEnd } from './common.js';
import { listResidents } from './resident.service.js';

/** What a form gives for a house: its row without the sync columns, and the version it was read at. */
export type HouseFields = Omit<HouseRow, keyof SyncedRow> & { version?: number | null };

const liveHouse = async (manager: EntityManager, addressId: string): Promise<HouseRow | undefined> =>
  (await manager.query(`SELECT * FROM "house" WHERE "addressId" = ? AND "cancelledAt" IS NULL`, [addressId]))[0];

/** One house record per room: created the first time, changed (with its version) after that. */
export const saveHouse = async (manager: EntityManager, w: Who, input: HouseFields): Promise<void> => {
  await requireRoom(manager, input.addressId);
  const existing = await liveHouse(manager, input.addressId);
  const { version, ...fields } = input;
  if (existing) {
    // a house already recorded is changed only by someone who saw its current state
    if (version === null || version === undefined) throw conflict('staleVersion');
    // masked in the form: an empty number keeps the one on record
    const kept = {
      ownerIdNumber: fields.ownerIdNumber ?? existing.ownerIdNumber,
      ownerPhone: fields.ownerPhone ?? existing.ownerPhone,
      landlordPhone: fields.landlordPhone ?? existing.landlordPhone,
    };
    await houseTable.update(manager, w, existing, version, { ...fields, ...kept });
    return;
  }
  await houseTable.insert(manager, w, fields);
};

export const getHouse = async (manager: EntityManager, w: Who, addressId: string): Promise<House | null> => {
  const node = await loadNode(manager, addressId);
  const row = await liveHouse(manager, addressId);
  if (!row) return null;
  const occupants = await listResidents(manager, w, { addressId, includeMovedOut: false, limit: 100 });
  return {
    id: row.id,
    version: row.version,
    addressId,
    addressText: node.fullText,
    use: row.use,
    ownerName: row.ownerName,
    ownerIdType: row.ownerIdType,
    ownerIdNumberMasked: maskIdNumber(row.ownerIdNumber),
    ownerPhoneMasked: maskPhone(row.ownerPhone),
    rented: Boolean(row.rented),
    landlordName: row.landlordName,
    landlordPhoneMasked: maskPhone(row.landlordPhone),
    rentFrom: row.rentFrom,
    rentTo: row.rentTo,
    vacant: Boolean(row.vacant),
    areaM2: row.areaM2,
    note: row.note,
    occupants,
    tenants: occupants.filter((o) => o.tenancy === 'tenant'),
  };
};

export interface UnitFields {
  id: string | null;
  version?: number | null;
  name: string;
  creditCode: string;
  category: UnitCategory;
  legalRepresentative: string;
  legalRepresentativePhone: string | null;
  securityOfficer: string | null;
  securityOfficerPhone: string | null;
  addressId: string | null;
  employees: number | null;
  note: string | null;
}

const toUnit = (row: UnitRow & { addressText: string | null }): Unit => ({
  id: row.id,
  version: row.version,
  name: row.name,
  creditCode: row.creditCode,
  category: row.category,
  legalRepresentative: row.legalRepresentative,
  legalRepresentativePhoneMasked: maskPhone(row.legalRepresentativePhone),
  securityOfficer: row.securityOfficer,
  securityOfficerPhoneMasked: maskPhone(row.securityOfficerPhone),
  addressId: row.addressId,
  addressText: row.addressText,
  employees: row.employees,
  note: row.note,
});

export const saveUnit = async (manager: EntityManager, w: Who, input: UnitFields): Promise<string> => {
  if (input.addressId) await loadNode(manager, input.addressId);
  const same: { id: string; name: string }[] = await manager.query(
    `SELECT "id", "name" FROM "collection_unit" WHERE "creditCode" = ? AND "cancelledAt" IS NULL`,
    [input.creditCode],
  );
  const other = same.find((u) => u.id !== input.id);
  if (other)
    throw new AppError({
      code: 'CONFLICT', key: 'collection.duplicateCreditCode', field: 'creditCode', params: { name: other.name },
      fields: [{ field: 'creditCode', key: 'collection.duplicateCreditCode', params: { name: other.name } }],
    });
  const { id, version, ...fields } = input;
  if (id) {
    const row = await unitTable.loadLive(manager, id, 'collection.unitNotFound');
    const kept = {
      legalRepresentativePhone: fields.legalRepresentativePhone ?? row.legalRepresentativePhone,
      securityOfficerPhone: fields.securityOfficerPhone ?? row.securityOfficerPhone,
    };
    await unitTable.update(manager, w, row, version ?? -1, { ...fields, ...kept });
    return id;
  }
  return (await unitTable.insert(manager, w, fields)).id;
};

export const listUnits = async (manager: EntityManager, input: { addressId: string | null; id?: string; limit: number }): Promise<Unit[]> => {
  const where = ['u."cancelledAt" IS NULL'];
  const params: unknown[] = [];
  if (input.id) {
    where.push('u."id" = ?');
    params.push(input.id);
  }
  if (input.addressId) {
    const [node] = await manager.query(`SELECT "path" FROM "address_node" WHERE "id" = ?`, [input.addressId]);
    if (!node) return [];
    where.push('a."path" >= ? AND a."path" < ?');
    params.push(node.path, prefixEnd(node.path));
  }
  const rows: (UnitRow & { addressText: string | null })[] = await manager.query(
    `SELECT u.*, a."fullText" AS "addressText" FROM "collection_unit" u LEFT JOIN "address_node" a ON a."id" = u."addressId"
     WHERE ${where.join(' AND ')} ORDER BY u."name" LIMIT ?`,
    [...params, input.limit],
  );
  return rows.map(toUnit);
};

