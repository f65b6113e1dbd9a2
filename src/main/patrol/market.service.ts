/** The points supermarket's shelf (goods with a price in points and stock) and the head's points rules. */
import type { EntityManager } from 'typeorm';
import { notFound, validationError } from '../../shared/errors.js';
import { DEFAULT_RULES, type GoodsView, type PointsRules } from '../../shared/patrol/contract.js';
import type { Who } from '../context.js';
import { checkVersion } from '../db/baseColumns.js';
import { goodsTable, rulesTable, type GoodsRow, type RulesRow } from './patrol.entity.js';

// ───────────────────────────── rules ─────────────────────────────

export const loadRules = async (manager: EntityManager): Promise<PointsRules> => {
  const [row] = (await manager.query(
    `SELECT r.*, s."name" AS "updatedByName" FROM "patrol_points_rules" r LEFT JOIN "staff" s ON s."id" = r."updatedBy" LIMIT 1`,
  )) as (RulesRow & { updatedByName: string | null })[];
  if (!row) return { version: 0, ...DEFAULT_RULES, updatedAt: null, updatedBy: null };
  return { version: row.version, perHour: row.perHour, perPatrol: row.perPatrol, perFinding: row.perFinding, updatedAt: row.updatedAt, updatedBy: row.updatedByName };
};

/** The station's one rules row: written the first time (version 0 means none yet), then changed. */
export const saveRules = async (manager: EntityManager, who: Who, input: { version: number; perHour: number; perPatrol: number; perFinding: number }) => {
  const [row] = (await manager.query(`SELECT * FROM "patrol_points_rules" LIMIT 1`)) as RulesRow[];
  const values = { perHour: input.perHour, perPatrol: input.perPatrol, perFinding: input.perFinding };
  if (row) {
    await rulesTable.update(manager, who, row, input.version, values);
    return;
  }
  checkVersion({ version: 0 }, input.version);
  await rulesTable.insert(manager, who, values);
};

// ───────────────────────────── goods ─────────────────────────────

/** Goods on the shelf, or nothing. */
export const goodsRow = async (manager: EntityManager, id: string): Promise<GoodsRow | undefined> =>
  ((await manager.query(`SELECT * FROM "patrol_goods" WHERE "id" = ? AND "cancelledAt" IS NULL`, [id])) as GoodsRow[])[0];

const goodsView = (r: GoodsRow): GoodsView => ({ id: r.id, version: r.version, name: r.name, unit: r.unit, price: r.price, stock: r.stock, note: r.note });

export const listGoods = async (manager: EntityManager): Promise<GoodsView[]> =>
  ((await manager.query(`SELECT * FROM "patrol_goods" WHERE "cancelledAt" IS NULL ORDER BY "price", "name"`)) as GoodsRow[]).map(goodsView);

export const getGoods = async (manager: EntityManager, id: string): Promise<GoodsView> => goodsView(await goodsTable.loadLive(manager, id, 'patrol.goods.notFound'));

export const saveGoods = async (manager: EntityManager, who: Who, input: { id?: string; version?: number; name: string; unit: string; price: number; note: string | null }): Promise<string> => {
  const values = { name: input.name, unit: input.unit, price: input.price, note: input.note };
  if (input.id === undefined) return (await goodsTable.insert(manager, who, { ...values, stock: 0 })).id;
  if (input.version === undefined) throw validationError('version', 'required');
  const row = await goodsTable.loadLive(manager, input.id, 'patrol.goods.notFound');
  await goodsTable.update(manager, who, row, input.version, values);
  return row.id;
};

/** Stock moves by `change` (a restock, a redemption, a redemption reversed), retired goods too. */
export const moveStock = async (manager: EntityManager, who: Who, id: string, change: number) => {
  const [row] = (await manager.query(`SELECT * FROM "patrol_goods" WHERE "id" = ?`, [id])) as GoodsRow[];
  if (!row) throw notFound('patrol.goods.notFound');
  await goodsTable.update(manager, who, row, null, { stock: row.stock + change });
};

export const restockGoods = async (manager: EntityManager, who: Who, id: string, quantity: number) => {
  await goodsTable.loadLive(manager, id, 'patrol.goods.notFound');
  await moveStock(manager, who, id, quantity);
};

export const retireGoods = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) =>
  goodsTable.cancel(manager, who, await goodsTable.loadLive(manager, id, 'patrol.goods.notFound'), version, reason);
