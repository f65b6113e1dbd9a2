import { auditDetail } from '../../shared/audit/details.js';
import { AppError, conflict, forbidden, notFound } from '../../shared/errors.js';
import {
  rosterAbsenceAdd,
  rosterAbsenceRemove,
  rosterAbsencesList,
  rosterChange,
  rosterExportIcs,
  rosterExportXlsx,
  rosterGenerate,
  rosterHolidaysGet,
  rosterHolidaysSave,
  rosterJob,
  rosterMonth,
  rosterOnDuty,
  rosterReroster,
  rosterSettingsGet,
  rosterSettingsSave,
  rosterStop,
  rosterSwapDecide,
  rosterSwapRequest,
  rosterSwapsList,
  type OnDutyPerson,
  type SwapRequest,
} from '../../shared/roster/contract.js';
import { localDate } from '../../shared/time.js';
import { actor, currentStation, handle, type Ctx, whoOf } from '../context.js';
import { runningShift } from '../office/office.service.js';
import { monthIcs, monthWorkbook, workbookFileName } from './export.js';
import { swapTable, type SwapRow } from './roster.entity.js';
import { jobOf, startJob, stopJob } from './jobs.js';
import { listChanges, repairFrom } from './reroster.service.js';
import { applyChanges, loadMonth, monthOf, monthView, quarterMonths, validateSettings, writeMonth } from './roster.service.js';
import { dutySlots } from './shiftClock.js';
import {
  absencesBetween,
  addAbsence,
  dutyStaff,
  holidayYear,
  loadSettings,
  peopleView,
  removeAbsence,
  saveHolidayYear,
  saveSettings,
} from './settings.service.js';

const settingsView = async (ctx: Ctx) => {
  const stored = await loadSettings(ctx.manager);
  return { settings: stored.settings, people: peopleView(await dutyStaff(ctx.manager), stored.people), version: stored.version };
};

const monthNow = async (ctx: Ctx, month: string) => monthView(await loadMonth(ctx.manager, whoOf(ctx), month));

const SELECT_SWAPS = `SELECT w.*, r."name" AS "requesterName", c."name" AS "counterpartName" FROM "roster_swap" w
  JOIN "staff" r ON r."id" = w."requesterId" JOIN "staff" c ON c."id" = w."counterpartId"`;

/** The whole stored row (SELECT w.*) with the names: what the list shows and what a decision updates. */
const swapById = async (ctx: Ctx, id: string): Promise<SwapRequest & SwapRow> => {
  const [row]: (SwapRequest & SwapRow)[] = await ctx.manager.query(`${SELECT_SWAPS} WHERE w."id" = ?`, [id]);
  if (!row) throw notFound('roster.swapNotFound');
  return row;
};

export const rosterHandlers = [
  handle(rosterSettingsGet, async (ctx) => settingsView(ctx)),

  handle(rosterSettingsSave, async (ctx, input) => {
    const w = whoOf(ctx);
    const m = await loadMonth(ctx.manager, w, localDate(ctx.now, w.timeZone).slice(0, 7));
    await saveSettings(ctx.manager, w, input, async (settings, people) => validateSettings(m, settings, people));
    return settingsView(ctx);
  }),

  handle(rosterHolidaysGet, async (ctx, input) => holidayYear(ctx.manager, input.year)),

  handle(rosterHolidaysSave, async (ctx, input) => {
    await saveHolidayYear(ctx.manager, whoOf(ctx), input);
    ctx.audit.detail = auditDetail('holidayYearSaved', { year: input.year });
    return holidayYear(ctx.manager, input.year);
  }),

  // `-31` closes every month: dates compare as text
  handle(rosterAbsencesList, async (ctx, input) => absencesBetween(ctx.manager, `${input.month}-01`, `${input.month}-31`)),

  handle(rosterAbsenceAdd, async (ctx, input) => {
    const stored = await loadSettings(ctx.manager);
    return addAbsence(ctx.manager, whoOf(ctx), input, stored.settings.shiftTypes.map((s) => s.id));
  }),

  handle(rosterAbsenceRemove, async (ctx, input) => {
    await removeAbsence(ctx.manager, whoOf(ctx), input.id);
    return null;
  }),

  handle(rosterMonth, async (ctx, input) => monthNow(ctx, input.month)),

  handle(rosterGenerate, async (ctx, input) => {
    const months = input.span === 'quarter' ? quarterMonths(input.month) : [input.month];
    const job = await startJob(ctx.core, whoOf(ctx), ctx.manager, { month: months[0], months, timeLimitSeconds: input.timeLimitSeconds });
    ctx.audit = { recordId: null, detail: auditDetail('rosterGenerateStarted', { months: months.join(', ') }) };
    return job;
  }),

  handle(rosterJob, async (ctx, input) => jobOf(ctx.core, input.month)),

  handle(rosterStop, async (ctx, input) => stopJob(ctx.core, input.month)),

  handle(rosterChange, async (ctx, input) => {
    const w = whoOf(ctx);
    const m = await loadMonth(ctx.manager, w, input.month);
    await applyChanges(ctx.manager, w, m, input.version, input.changes);
    const cells = input.changes.map((c) => `${c.date} ${c.staffId.slice(-6)} → ${c.shiftId ?? '-'}`).join('; ');
    ctx.audit = { recordId: m.roster?.id ?? null, detail: auditDetail('rosterCellsChanged', { n: input.changes.length, cells }) };
    return monthNow(ctx, input.month);
  }),

  handle(rosterReroster, async (ctx, input) => {
    const w = whoOf(ctx);
    const m = await loadMonth(ctx.manager, w, input.month);
    if (!m.roster) throw notFound('roster.notGenerated');
    if (m.roster.version !== input.version) throw conflict('roster.changedElsewhere');
    if (input.fromDate < m.today) throw new AppError({ code: 'CONFLICT', key: 'roster.pastLocked', field: 'fromDate', params: { date: input.fromDate } });
    if (monthOf(input.fromDate) !== input.month) throw new AppError({ code: 'VALIDATION', key: 'roster.dateOutsideMonth', field: 'fromDate', params: { date: input.fromDate, month: input.month } });
    const { repair } = repairFrom(m, input.fromDate);
    const open = (date: string) => date >= input.fromDate && date.startsWith(input.month);
    if (repair.remaining.length === 0) {
      await writeMonth(ctx.manager, w, m, repair.cells, { fromDate: input.fromDate });
      const counted = listChanges(m.cells, repair.cells, open);
      ctx.audit = { recordId: m.roster.id, detail: auditDetail('rerosterRepaired', { from: input.fromDate, changed: counted.changed, remaining: counted.remaining }) };
      return { month: await monthNow(ctx, input.month), ...counted, job: null };
    }
    // no small repair meets every rule: the engine, asked to keep what it can
    const job = await startJob(ctx.core, w, ctx.manager, { month: input.month, fromDate: input.fromDate, keep: true });
    ctx.audit = { recordId: m.roster.id, detail: auditDetail('rerosterEngineStarted', { from: input.fromDate }) };
    return { month: await monthNow(ctx, input.month), changed: 0, changes: [], remaining: listChanges(m.cells, m.cells, open).remaining, job };
  }),

  handle(rosterSwapsList, async (ctx, input) => {
    const rows: SwapRequest[] = await ctx.manager.query(`${SELECT_SWAPS} WHERE w."month" = ? ORDER BY w."createdAt" DESC`, [input.month]);
    return rows;
  }),

  handle(rosterSwapRequest, async (ctx, input) => {
    const w = whoOf(ctx);
    for (const [field, date] of [['requesterDate', input.requesterDate], ['counterpartDate', input.counterpartDate]] as const) {
      if (monthOf(date) !== input.month) throw new AppError({ code: 'VALIDATION', key: 'roster.dateOutsideMonth', field, params: { date, month: input.month } });
      if (date < localDate(ctx.now, w.timeZone)) throw new AppError({ code: 'CONFLICT', key: 'roster.pastLocked', field, params: { date } });
    }
    if (input.counterpartId === w.staffId) throw new AppError({ code: 'VALIDATION', key: 'roster.swapWithSelf', field: 'counterpartId' });
    const m = await loadMonth(ctx.manager, w, input.month);
    if (!m.roster) throw notFound('roster.notGenerated');
    const mine = m.cells.find((c) => c.staffId === w.staffId && c.date === input.requesterDate);
    if (!mine) throw new AppError({ code: 'VALIDATION', key: 'roster.swapNoShift', field: 'requesterDate', params: { date: input.requesterDate } });
    const staff = (await dutyStaff(ctx.manager)).find((s) => s.id === input.counterpartId && s.active);
    if (!staff) throw new AppError({ code: 'VALIDATION', key: 'roster.staffUnknown', field: 'counterpartId', params: { id: input.counterpartId } });
    const row = await swapTable.insert(ctx.manager, w, {
      month: input.month,
      requesterId: w.staffId,
      requesterDate: input.requesterDate,
      counterpartId: input.counterpartId,
      counterpartDate: input.counterpartDate,
      note: input.note,
      state: 'requested',
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    });
    return swapById(ctx, row.id);
  }),

  handle(rosterSwapDecide, async (ctx, input) => {
    const w = whoOf(ctx);
    const swap = await swapById(ctx, input.id);
    if (swap.version !== input.version) throw conflict('roster.changedElsewhere');
    if (swap.state !== 'requested') throw conflict('roster.swapDecided', { state: swap.state });
    if (input.decision === 'withdrawn' ? swap.requesterId !== w.staffId : w.role !== 'head') throw forbidden(input.decision === 'withdrawn' ? 'roster.ownWishesOnly' : 'role');
    if (input.decision === 'approved') {
      // the exchange itself is an edit of the grid: checked against every rule like any other
      const m = await loadMonth(ctx.manager, w, swap.month);
      if (!m.roster) throw notFound('roster.notGenerated');
      const at = (staffId: string, date: string) => m.cells.find((c) => c.staffId === staffId && c.date === date)?.shiftId ?? null;
      const a = { staffId: swap.requesterId, date: swap.requesterDate };
      const b = { staffId: swap.counterpartId, date: swap.counterpartDate };
      const changes =
        a.date === b.date
          ? [
              { ...a, shiftId: at(b.staffId, b.date) },
              { ...b, shiftId: at(a.staffId, a.date) },
            ]
          : [
              { ...a, shiftId: at(b.staffId, a.date) },
              { staffId: b.staffId, date: a.date, shiftId: at(a.staffId, a.date) },
              { ...b, shiftId: at(a.staffId, b.date) },
              { staffId: a.staffId, date: b.date, shiftId: at(b.staffId, b.date) },
            ];
      await applyChanges(ctx.manager, w, m, m.roster.version, changes);
    }
    await swapTable.update(ctx.manager, w, swap, null, { state: input.decision, decidedBy: w.staffId, decidedAt: ctx.now.toISOString(), decisionNote: input.note });
    ctx.audit.detail = auditDetail('swapDecided', { decision: input.decision });
    return swapById(ctx, swap.id);
  }),

  handle(rosterOnDuty, async (ctx) => {
    const station = currentStation(ctx);
    const stored = await loadSettings(ctx.manager);
    const slots = await dutySlots(ctx.manager, ctx.now, station.timeZone, stored.settings);
    const staff = new Map((await dutyStaff(ctx.manager)).map((s) => [s.id, s]));
    const shiftName = new Map(stored.settings.shiftTypes.map((s) => [s.id, s.name ?? s.id]));
    const t = ctx.now.getTime();
    const person = (s: (typeof slots)[number]): OnDutyPerson[] => {
      const p = staff.get(s.staffId);
      return p
        ? [{ staffId: p.id, name: p.name, role: p.role, phone: p.phone, shiftId: s.shiftId, shiftName: shiftName.get(s.shiftId) ?? s.shiftId, from: s.from.toISOString(), to: s.to.toISOString() }]
        : [];
    };
    // a shift running in the duty log (opened from the roster or by hand) is who is on duty until
    // it is handed over, whatever the roster says
    const running = await runningShift(ctx.manager, ctx.now);
    const now = running
      ? running.people.flatMap((d) => {
          const p = staff.get(d.staffId);
          return p ? [{ staffId: p.id, name: p.name, role: p.role, phone: p.phone, shiftId: running.shiftKey ?? running.id, shiftName: running.name, from: running.startsAt, to: running.endsAt }] : [];
        })
      : slots.filter((s) => s.from.getTime() <= t && t < s.to.getTime()).flatMap(person);
    const upcoming = slots.filter((s) => s.from.getTime() > t);
    const nextStart = Math.min(...upcoming.map((s) => s.from.getTime()));
    const next = upcoming.filter((s) => s.from.getTime() === nextStart).flatMap(person);
    const order = (a: OnDutyPerson, b: OnDutyPerson) => (a.role === b.role ? a.name.localeCompare(b.name, 'zh-CN') : a.role === 'officer' ? -1 : 1);
    return { now: now.sort(order), next: next.sort(order), rostered: slots.length > 0 };
  }),

  handle(rosterExportXlsx, async (ctx, input) => {
    const station = currentStation(ctx);
    const view = await monthNow(ctx, input.month);
    const buffer = await monthWorkbook(view, station.name, input.lang);
    return { fileName: workbookFileName(station.name, input.month, input.lang), base64: buffer.toString('base64') };
  }),

  handle(rosterExportIcs, async (ctx, input) => {
    const station = currentStation(ctx);
    const me = actor(ctx);
    // a person's own calendar; the head may export anyone's
    if (me.role !== 'head' && input.staffId !== me.staffId) throw forbidden('roster.ownWishesOnly');
    const view = await monthNow(ctx, input.month);
    const person = view.people.find((p) => p.staffId === input.staffId);
    if (!person) throw notFound('roster.staffNotOnDuty');
    return { fileName: `${person.name}-${input.month}.ics`, text: monthIcs(view, input.staffId, station.name, station.timeZone, ctx.now) };
  }),
];
