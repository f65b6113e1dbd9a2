import type { EntityManager } from 'typeorm';
import type { Appointment } from '../../shared/collection/contract.js';
import type { AppointmentStatus } from '../../shared/collection/model.js';
import { notFound, validationError } from '../../shared/errors.js';
import { localDate, localDateTime, localTime } from '../../shared/time.js';
import { VISITOR_TITLE_ZH, type Role } from '../../shared/roles.js';
import type { Who } from '../context.js';
import { requireRoom } from './address.service.js';
import { appointmentTable, type AppointmentRow } from './collection.entity.js';

type Joined = AppointmentRow & { addressText: string; buildingId: string | null; collectorName: string; collectorRole: Role };

const SELECT = `SELECT p.*, a."fullText" AS "addressText", a."buildingId", s."name" AS "collectorName", s."role" AS "collectorRole"
  FROM "collection_appointment" p JOIN "address_node" a ON a."id" = p."addressId" JOIN "staff" s ON s."id" = p."collectorId"`;

const toAppointment = async (manager: EntityManager, row: Joined, w: Pick<Who, 'timeZone'>, stationName: string, dutyPhone: string): Promise<Appointment> => {
  const ids: string[] = JSON.parse(row.residentIds);
  const names: { id: string; name: string }[] = ids.length
    ? await manager.query(`SELECT "id", "name" FROM "resident" WHERE "id" IN (${ids.map(() => '?').join(',')})`, ids)
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const window = `${localDateTime(row.startAt, w.timeZone)}–${localTime(row.endAt, w.timeZone)}`;
  const residentNames = ids.map((id) => nameOf.get(id) ?? '').filter(Boolean);
  return {
    id: row.id,
    version: row.version,
    addressId: row.addressId,
    addressText: row.addressText,
    buildingId: row.buildingId,
    residentIds: ids,
    residentNames,
    startAt: row.startAt,
    endAt: row.endAt,
    localDate: row.localDate,
    collector: { id: row.collectorId, name: row.collectorName },
    collectorTitle: VISITOR_TITLE_ZH[row.collectorRole] ?? '工作人员',
    status: row.status,
    note: row.note,
    // a message people read on a phone: who, when, where, and a number to call back
    messageText:
      `【${stationName}】${residentNames.length ? `${residentNames.join('、')}：` : ''}您好！${VISITOR_TITLE_ZH[row.collectorRole] ?? '工作人员'}将于 ${window} 上门采集登记${row.addressText}的实有人口、房屋信息` +
      `（工作人员：${row.collectorName}），请届时在家并备好身份证件。如需改约请致电 ${dutyPhone}。`,
  };
};

export interface StationInfo {
  name: string;
  dutyPhone: string;
}

export const getAppointment = async (manager: EntityManager, w: Who, station: StationInfo, id: string): Promise<Appointment> => {
  const rows: Joined[] = await manager.query(`${SELECT} WHERE p."id" = ? AND p."cancelledAt" IS NULL`, [id]);
  if (rows.length === 0) throw notFound('collection.appointmentNotFound');
  return toAppointment(manager, rows[0], w, station.name, station.dutyPhone);
};

export const createAppointment = async (
  manager: EntityManager,
  w: Who,
  input: { addressId: string; residentIds: string[]; startAt: string; endAt: string; collectorId: string; note: string | null },
): Promise<string> => {
  await requireRoom(manager, input.addressId);
  const [collector] = await manager.query(`SELECT "id" FROM "staff" WHERE "id" = ? AND "active" = 1`, [input.collectorId]);
  if (!collector) throw validationError('collectorId', 'collection.unknownCollector');
  const residentIds = [...new Set(input.residentIds)];
  if (residentIds.length) {
    const found: { id: string }[] = await manager.query(
      `SELECT "id" FROM "resident" WHERE "id" IN (${residentIds.map(() => '?').join(',')}) AND "cancelledAt" IS NULL`,
      residentIds,
    );
    if (found.length !== residentIds.length) throw validationError('residentIds', 'collection.residentNotFound');
  }
  const startAt = new Date(input.startAt).toISOString();
  const { id } = await appointmentTable.insert(manager, w, {
    addressId: input.addressId,
    residentIds: JSON.stringify(residentIds),
    startAt,
    endAt: new Date(input.endAt).toISOString(),
    localDate: localDate(startAt, w.timeZone),
    collectorId: input.collectorId,
    status: 'booked',
    note: input.note,
  });
  return id;
};

export const listAppointments = async (
  manager: EntityManager,
  w: Who,
  station: StationInfo,
  input: { date: string; buildingId?: string },
): Promise<Appointment[]> => {
  const params: unknown[] = [input.date];
  let where = `p."localDate" = ? AND p."cancelledAt" IS NULL`;
  if (input.buildingId) {
    where += ` AND a."buildingId" = ?`;
    params.push(input.buildingId);
  }
  const rows: Joined[] = await manager.query(`${SELECT} WHERE ${where} ORDER BY p."startAt"`, params);
  const out: Appointment[] = [];
  for (const r of rows) out.push(await toAppointment(manager, r, w, station.name, station.dutyPhone));
  return out;
};

export const setAppointmentStatus = async (manager: EntityManager, w: Who, input: { id: string; version: number; status: AppointmentStatus }) => {
  const row = await appointmentTable.loadLive(manager, input.id, 'collection.appointmentNotFound');
  await appointmentTable.update(manager, w, row, input.version, { status: input.status });
};
