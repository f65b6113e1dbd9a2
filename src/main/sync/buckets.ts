/**
 * Where HQ's reference data lands in the station's own tables, bucket by bucket. Every item is
 * also kept whole in sync_reference; a bucket without an applier is read from there (directives). Giving a zone's table HQ's items is one entry here: a function that puts the item
 * into that table, through the zone's own service where the zone has one for it.
 */
import type { EntityManager } from 'typeorm';
import type { RiskRules } from '../../shared/mediation/risk.js';
import type { NoticeTemplateFields } from '../../shared/office/notices.js';
import type { Bucket } from '../../shared/sync/protocol.js';
import type { Who } from '../context.js';
import { MediatorEntity, mediatorTable } from '../mediation/mediation.entity.js';
import { rescoreOpenCases } from '../mediation/mediation.service.js';
import { getSettings, saveSettings } from '../mediation/settings.service.js';
import { applyHqTemplate } from '../office/notices.service.js';
import { applyStandard } from '../office/tasks.service.js';
import { holidayYear, saveHolidayYear } from '../roster/settings.service.js';
import { applyCaseTransferItem } from './transfer.js';

export type ReferenceItem = { id: string; version: number; payload: Record<string, unknown> };
export interface StationOf {
  id: string;
  code: string;
  timeZone: string;
}
export type BucketApplier = (m: EntityManager, station: StationOf, item: ReferenceItem, now: Date) => Promise<void>;

/**
 * HQ's pool entry in the station's pool: HQ's fields are HQ's; availability and the note stay as
 * the station set them. The station's copy is its own row (its station id), so its changes
 * upload like any other.
 */
const applyMediator: BucketApplier = async (m, station, item, now) => {
  const p = item.payload;
  const fields = {
    name: String(p.name ?? ''),
    specialties: JSON.stringify(Array.isArray(p.specialties) ? p.specialties : []),
    organisation: typeof p.organisation === 'string' ? p.organisation : null,
    phone: typeof p.phone === 'string' ? p.phone : null,
    active: p.active !== false,
  };
  const row = await m.findOneBy(MediatorEntity, { id: item.id });
  // no one at the station made this change: created and updated by no one
  const hq = { stationId: station.id, staffId: null, now };
  if (!row) await mediatorTable.insert(m, hq, { ...fields, availability: 'available', note: null, origin: 'hq', staffId: null }, item.id);
  else await mediatorTable.update(m, hq, row, null, { ...fields, origin: 'hq' });
};

/**
 * HQ's early-warning rule set replaces the station's, as if the head had saved it: the same
 * shape (checked before this runs), the same settings row, open cases re-scored in the same
 * transaction. The start limit stays the station's. A head's edit after this stays until HQ
 * publishes a new version: each version is applied once, when it arrives.
 */
const applyRiskRules: BucketApplier = async (m, station, item, now) => {
  // no one at the station made this change: updatedBy stays empty, as for HQ's mediators
  const hq = { stationId: station.id, staffId: null, timeZone: station.timeZone, now } as unknown as Who;
  const current = await getSettings(m, station.id);
  await saveSettings(m, hq, { version: current.version, startLimitHours: current.startLimitHours, riskRules: item.payload as unknown as RiskRules });
  await rescoreOpenCases(m, hq);
};

/**
 * HQ's standard task list becomes the station's, through the service the head's "apply a list"
 * runs (which checks it again and retires the list before, with the reason). The latest version
 * HQ publishes is the live one; a list the head applies by hand afterwards stays until HQ
 * publishes again. Tasks already assigned keep their titles.
 */
const applyTaskList: BucketApplier = async (m, station, item, now) => {
  await applyStandard(m, { stationId: station.id, staffId: null, now }, item.payload);
};

/** HQ's notice template into the library under HQ's id (what happens to a head's edit: applyHqTemplate). */
const applyNoticeTemplate: BucketApplier = async (m, station, item, now) => {
  await applyHqTemplate(m, { stationId: station.id, now }, item.id, item.payload as NoticeTemplateFields);
};

/**
 * HQ's holiday calendar, one date per item, into the roster's calendar of that year: HQ's entry
 * for a date replaces the station's, a withdrawn date is taken out; the other dates, and whether
 * the year is marked provisional, stay as the station has them.
 */
const applyHoliday: BucketApplier = async (m, station, item, now) => {
  const p = item.payload as { date: string; name: string; workday?: boolean; withdrawn?: true };
  const year = Number(p.date.slice(0, 4));
  const current = await holidayYear(m, year);
  const days = current.days.filter((d) => d.date !== p.date);
  if (!p.withdrawn) days.push({ date: p.date, kind: p.workday ? 'workday' : 'holiday', name: p.name });
  // no one at the station made this change: updatedBy stays empty, as for HQ's mediators
  await saveHolidayYear(m, { stationId: station.id, staffId: null, now }, { year, provisional: current.provisional, days });
};

export const BUCKET_APPLIERS: Partial<Record<Bucket, BucketApplier>> = {
  holidays: applyHoliday,
  mediators: applyMediator,
  riskRules: applyRiskRules,
  taskList: applyTaskList,
  noticeTemplates: applyNoticeTemplate,
  caseTransfers: applyCaseTransferItem,
};
