import { auditDetail, causeOf } from '../../shared/audit/details.js';
import { AppError } from '../../shared/errors.js';
import {
  officeEntryAdd,
  officeEntryClose,
  officeEquipmentList,
  officeEquipmentRetire,
  officeEquipmentSave,
  officeHandoverGet,
  officeHandoverSave,
  officeHandoverSign,
  officeNow,
  officePending,
  officeShiftGet,
  officeShiftList,
  officeShiftOpen,
} from '../../shared/office/contract.js';
import { checkPassword } from '../auth/handlers.js';
import { CommitThenFail, currentStation, handle, whoOf } from '../context.js';
import { StaffEntity } from '../staff/staff.entity.js';
import { listEquipment, retireEquipment, saveEquipment } from './equipment.service.js';
import { getHandover, handoverRow, pending, recordSignature, saveHandover, signatureCheck } from './handover.service.js';
import { addEntry, closeEntry, currentShiftId, dutyStaff, getEntry, listShifts, openManualShift, openRosterShift, openShifts, rosterNow, shiftLog, usualShiftsNow } from './office.service.js';
import { routineHandlers } from './routine.handlers.js';

export const officeHandlers = [
  handle(officeNow, async (ctx) => {
    const who = whoOf(ctx);
    const id = await currentShiftId(ctx.manager, ctx.now);
    const roster = await rosterNow(ctx.manager, ctx.now, who.timeZone);
    const usual = (await usualShiftsNow(ctx.manager, ctx.now, who.timeZone)).current;
    return {
      current: id ? await shiftLog(ctx.manager, id, who.timeZone) : null,
      openShifts: await openShifts(ctx.manager, ctx.now),
      roster: roster.current,
      next: roster.next?.people ?? [],
      usualShift: usual && { name: usual.name, startsAt: usual.startsAt, endsAt: usual.endsAt },
      dutyStaff: await dutyStaff(ctx.manager),
    };
  }),

  handle(officeShiftOpen, async (ctx, input) => {
    const who = whoOf(ctx);
    const id = input.source === 'roster' ? await openRosterShift(ctx.manager, who) : await openManualShift(ctx.manager, who, input);
    ctx.audit.recordId = id;
    ctx.audit.detail = auditDetail('shiftOpened', { source: input.source });
    return shiftLog(ctx.manager, id, who.timeZone);
  }),

  handle(officeShiftGet, async (ctx, input) => shiftLog(ctx.manager, input.id, whoOf(ctx).timeZone)),

  handle(officeShiftList, async (ctx, input) => listShifts(ctx.manager, input.limit)),

  handle(officeEntryAdd, async (ctx, input) => {
    const id = await addEntry(ctx.manager, whoOf(ctx), input);
    ctx.audit.detail = auditDetail('logEntryAdded', { type: input.type });
    return getEntry(ctx.manager, id);
  }),

  handle(officeEntryClose, async (ctx, input) => {
    await closeEntry(ctx.manager, whoOf(ctx), input.id, input.version, input.note);
    return getEntry(ctx.manager, input.id);
  }),

  handle(officeHandoverSave, async (ctx, input) => {
    const id = await saveHandover(ctx.manager, whoOf(ctx), input);
    return getHandover(ctx.manager, id);
  }),

  handle(officeHandoverSign, async (ctx, input) => {
    const who = whoOf(ctx);
    const row = await handoverRow(ctx.manager, input.id);
    const { signerId, signerName } = signatureCheck(row, input.side, input.version);
    const signer = await ctx.manager.findOneBy(StaffEntity, { id: signerId });
    ctx.audit.recordId = row.id;
    if (!signer || !signer.active || signer.cancelledAt) throw new AppError({ code: 'CONFLICT', key: 'office.handover.signerInactive', params: { name: signerName } });
    // the signer's own password, counted as a login attempt would be: a wrong one is committed as
    // a failure (five lock the account), so guessing at a colleague's password here gains nothing
    const problem = await checkPassword(ctx, signer, input.password);
    if (problem) {
      ctx.audit.detail = auditDetail('handoverRefused', { side: input.side, cause: causeOf(ctx.audit.detail) });
      const key = problem.key === 'auth.lockedOut' ? 'office.handover.signerLocked' : 'office.handover.wrongPassword';
      const params = { name: signerName, ...(problem.params ?? {}) };
      // VALIDATION on the password field, not UNAUTHENTICATED: the session at the desk is fine
      return new CommitThenFail(new AppError({ code: 'VALIDATION', key, field: 'password', params, fields: [{ field: 'password', key, params }] }));
    }
    await recordSignature(ctx.manager, who, row, input.side);
    ctx.audit.detail = auditDetail('handoverSigned', { side: input.side, name: signerName });
    return getHandover(ctx.manager, row.id);
  }),

  handle(officeHandoverGet, async (ctx, input) => {
    const station = currentStation(ctx);
    const h = await getHandover(ctx.manager, input.id);
    const shift = await shiftLog(ctx.manager, h.shiftId, station.timeZone);
    return { ...h, stationName: station.name, shiftPeople: shift.shift.people };
  }),

  handle(officePending, async (ctx) => pending(ctx.manager, ctx.now)),

  handle(officeEquipmentList, async (ctx) => listEquipment(ctx.manager)),

  handle(officeEquipmentSave, async (ctx, input) => saveEquipment(ctx.manager, whoOf(ctx), input)),

  handle(officeEquipmentRetire, async (ctx, input) => {
    await retireEquipment(ctx.manager, whoOf(ctx), input.id, input.version, input.reason);
    ctx.audit.detail = input.reason;
    return { ok: true as const };
  }),

  ...routineHandlers,
];
