/**
 * The station's equipment and keys (bicycles, radios, body cameras, keys): kept by the head, counted
 * at every handover; an item takes the state the last received handover found it in.
 */
import type { EntityManager } from 'typeorm';
import { validationError } from '../../shared/errors.js';
import type { EquipmentItem, EquipmentKind } from '../../shared/office/contract.js';
import type { Who } from '../context.js';
import { equipmentTable, type EquipmentRow } from './office.entity.js';

const equipmentView = (r: Pick<EquipmentRow, keyof EquipmentItem>): EquipmentItem => ({
  id: r.id,
  version: r.version,
  kind: r.kind,
  name: r.name,
  code: r.code,
  note: r.note,
  state: r.state,
  stateNote: r.stateNote,
  stateAt: r.stateAt,
});

/** The live items, bicycles first, as the checklist lists them. */
export const equipmentRows = async (manager: EntityManager): Promise<EquipmentRow[]> =>
  manager.query(
    `SELECT * FROM "office_equipment"
     WHERE "cancelledAt" IS NULL ORDER BY CASE "kind" WHEN 'bicycle' THEN 1 WHEN 'radio' THEN 2 WHEN 'bodyCamera' THEN 3 WHEN 'key' THEN 4 ELSE 5 END, "name", "code"`,
  );

export const listEquipment = async (manager: EntityManager): Promise<EquipmentItem[]> => (await equipmentRows(manager)).map(equipmentView);

const equipmentRow = (manager: EntityManager, id: string) => equipmentTable.loadLive(manager, id, 'office.equipment.notFound');

export const saveEquipment = async (
  manager: EntityManager,
  who: Who,
  input: { id?: string; version?: number; kind: EquipmentKind; name: string; code: string | null; note: string | null },
): Promise<EquipmentItem> => {
  const change = { kind: input.kind, name: input.name, code: input.code, note: input.note };
  if (input.id === undefined) return equipmentView(await equipmentTable.insert(manager, who, { ...change, state: 'present', stateNote: null, stateAt: null }));
  if (input.version === undefined) throw validationError('version', 'required');
  const row = await equipmentRow(manager, input.id);
  return equipmentView(await equipmentTable.update(manager, who, row, input.version, change));
};

export const retireEquipment = async (manager: EntityManager, who: Who, id: string, version: number, reason: string): Promise<void> => {
  const row = await equipmentRow(manager, id);
  await equipmentTable.cancel(manager, who, row, version, reason);
};
