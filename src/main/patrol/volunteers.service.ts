/** Volunteers (义巡, no login): a card number of the station's own series, and their balance in lists. */
import type { EntityManager } from 'typeorm';
import { maskPhone } from '../../shared/checks/phone.js';
import { notFound, validationError } from '../../shared/errors.js';
import type { VolunteerLine, VolunteerView } from '../../shared/patrol/contract.js';
import { todayOf, type Who } from '../context.js';
import { ENTRY_SELECT, entryView, type EntryJoined } from './ledger.views.js';
import { volunteerTable, type VolunteerRow } from './patrol.entity.js';

/** A volunteer, cancelled or not. */
export const volunteerRow = async (manager: EntityManager, id: string): Promise<VolunteerRow | undefined> =>
  ((await manager.query(`SELECT * FROM "patrol_volunteer" WHERE "id" = ?`, [id])) as VolunteerRow[])[0];

/** A volunteer who may earn and spend points, or a field error naming why not. */
export const liveVolunteer = async (manager: EntityManager, id: string, field: string): Promise<VolunteerRow> => {
  const v = await volunteerRow(manager, id);
  if (!v) throw validationError(field, 'patrol.volunteer.unknown');
  if (v.cancelledAt) throw validationError(field, 'patrol.volunteer.cancelled', { name: v.name });
  return v;
};

const BALANCE_SQL = `COALESCE((SELECT e."balanceAfter" FROM "patrol_points_entry" e WHERE e."volunteerId" = v."id" ORDER BY e."seq" DESC LIMIT 1), 0)`;

const volunteerLine = (r: VolunteerRow & { balance: number }): VolunteerLine => ({
  id: r.id,
  version: r.version,
  cardNo: r.cardNo,
  name: r.name,
  phone: maskPhone(r.phone),
  joinedOn: r.joinedOn,
  balance: Number(r.balance),
  cancelledAt: r.cancelledAt,
});

export const listVolunteers = async (manager: EntityManager, input: { query?: string; includeCancelled: boolean }): Promise<VolunteerLine[]> => {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!input.includeCancelled) where.push(`v."cancelledAt" IS NULL`);
  const q = input.query?.trim();
  if (q) {
    where.push(`(v."name" LIKE ? ESCAPE '\\' OR v."cardNo" LIKE ? ESCAPE '\\')`);
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like.toUpperCase());
  }
  const rows = (await manager.query(
    `SELECT v.*, ${BALANCE_SQL} AS "balance" FROM "patrol_volunteer" v ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v."cardNo"`,
    params,
  )) as (VolunteerRow & { balance: number })[];
  return rows.map(volunteerLine);
};

export const getVolunteer = async (manager: EntityManager, id: string): Promise<VolunteerView> => {
  const [row] = (await manager.query(`SELECT v.*, ${BALANCE_SQL} AS "balance" FROM "patrol_volunteer" v WHERE v."id" = ?`, [id])) as (VolunteerRow & { balance: number })[];
  if (!row) throw notFound('patrol.volunteer.notFound');
  const entries = ((await manager.query(`${ENTRY_SELECT} WHERE e."volunteerId" = ? ORDER BY e."seq" DESC LIMIT 100`, [id])) as EntryJoined[]).map(entryView);
  const [{ n }] = (await manager.query(`SELECT COUNT(*) AS "n" FROM "patrol_points_entry" WHERE "volunteerId" = ? AND "kind" = 'patrol'`, [id])) as { n: number }[];
  return { ...volunteerLine(row), note: row.note, patrols: Number(n), entries };
};

export const saveVolunteer = async (manager: EntityManager, who: Who, input: { id?: string; version?: number; name: string; phone: string | null; note: string | null }): Promise<string> => {
  if (input.id === undefined) {
    const [{ last }] = (await manager.query(`SELECT MAX(CAST(SUBSTR("cardNo", 3) AS INTEGER)) AS "last" FROM "patrol_volunteer" WHERE "stationId" = ?`, [who.stationId])) as {
      last: number | null;
    }[];
    const row = await volunteerTable.insert(manager, who, {
      cardNo: `ZY${String((last ?? 0) + 1).padStart(4, '0')}`,
      name: input.name,
      phone: input.phone,
      note: input.note,
      joinedOn: todayOf(who),
    });
    return row.id;
  }
  if (input.version === undefined) throw validationError('version', 'required');
  const row = await volunteerTable.loadLive(manager, input.id, 'patrol.volunteer.notFound');
  // an empty phone keeps the one on record: forms only ever see it masked
  await volunteerTable.update(manager, who, row, input.version, { name: input.name, phone: input.phone ?? row.phone, note: input.note });
  return row.id;
};

export const cancelVolunteer = async (manager: EntityManager, who: Who, id: string, version: number, reason: string) =>
  volunteerTable.cancel(manager, who, await volunteerTable.loadLive(manager, id, 'patrol.volunteer.notFound'), version, reason);
