import { auditDetail } from '../../shared/audit/details.js';
import { collectionAppointmentCreate } from '../../shared/collection/contract.js';
import { forbidden } from '../../shared/errors.js';
import { mayOpenCaseFrom } from '../../shared/mediation/contract.js';
import {
  patrolBoard,
  patrolCancel,
  patrolCheckpoint,
  patrolEnd,
  patrolFindingAdd,
  patrolFindingToAppointment,
  patrolFindingToLog,
  patrolFindingToMediation,
  patrolGet,
  patrolGoods,
  patrolGoodsRestock,
  patrolGoodsRetire,
  patrolGoodsSave,
  patrolPointsAward,
  patrolPointsCorrect,
  patrolRedeem,
  patrolRouteRetire,
  patrolRouteSave,
  patrolRules,
  patrolRulesSave,
  patrolStart,
  patrolStatement,
  patrolVolunteerCancel,
  patrolVolunteerGet,
  patrolVolunteerSave,
  patrolVolunteers,
} from '../../shared/patrol/contract.js';
import type { MethodDef } from '../../shared/method.js';
import { canCall } from '../../shared/roles.js';
import { actor, currentStation, handle, type Ctx, whoOf } from '../context.js';
import { currentShiftId, dutyStaff } from '../office/office.service.js';
import { findingToAppointment, findingToLog, findingToMediation } from './findings.service.js';
import { awardPoints, balanceOf, correctEntry, getEntry, redeem, statement } from './ledger.service.js';
import { getGoods, listGoods, loadRules, restockGoods, retireGoods, saveGoods, saveRules } from './market.service.js';
import { addFinding, cancelPatrol, endPatrol, recordCheckpoint, startPatrol } from './patrol.service.js';
import { getPatrol, listBicycles, recentPatrols, underwayPatrols } from './patrol.views.js';
import { getRoute, listRoutes, retireRoute, saveRoute } from './routes.service.js';
import { cancelVolunteer, getVolunteer, listVolunteers, saveVolunteer } from './volunteers.service.js';

/** A finding becomes another zone's record only for a role that zone lets open one. */
const mayAlso = (ctx: Ctx, method: MethodDef) => {
  if (!canCall(method.access, actor(ctx).role)) throw forbidden('patrol.finding.role');
};

export const patrolHandlers = [
  handle(patrolBoard, async (ctx) => {
    const who = whoOf(ctx);
    const rules = await loadRules(ctx.manager);
    const volunteers = await listVolunteers(ctx.manager, { includeCancelled: false });
    return {
      underway: await underwayPatrols(ctx.manager, who.timeZone),
      recent: await recentPatrols(ctx.manager, 30),
      routes: await listRoutes(ctx.manager),
      bicycles: await listBicycles(ctx.manager),
      staff: await dutyStaff(ctx.manager),
      volunteers: volunteers.map((v) => ({ volunteerId: v.id, name: v.name, cardNo: v.cardNo })),
      rules,
      shiftOpen: (await currentShiftId(ctx.manager, ctx.now)) !== null,
    };
  }),

  handle(patrolGet, async (ctx, input) => getPatrol(ctx.manager, input.id, whoOf(ctx).timeZone)),

  handle(patrolRouteSave, async (ctx, input) => getRoute(ctx.manager, await saveRoute(ctx.manager, whoOf(ctx), input))),

  handle(patrolRouteRetire, async (ctx, input) => {
    await retireRoute(ctx.manager, whoOf(ctx), input.id, input.version, input.reason);
    ctx.audit.detail = input.reason;
    return { ok: true as const };
  }),

  handle(patrolStart, async (ctx, input) => {
    const who = whoOf(ctx);
    const id = await startPatrol(ctx.manager, who, input);
    ctx.audit.recordId = id;
    return getPatrol(ctx.manager, id, who.timeZone);
  }),

  handle(patrolCheckpoint, async (ctx, input) => {
    const who = whoOf(ctx);
    await recordCheckpoint(ctx.manager, who, input);
    return getPatrol(ctx.manager, input.id, who.timeZone);
  }),

  handle(patrolFindingAdd, async (ctx, input) => {
    const who = whoOf(ctx);
    await addFinding(ctx.manager, who, input);
    ctx.audit.recordId = input.patrolId;
    return getPatrol(ctx.manager, input.patrolId, who.timeZone);
  }),

  handle(patrolEnd, async (ctx, input) => {
    const who = whoOf(ctx);
    await endPatrol(ctx.manager, who, input);
    const view = await getPatrol(ctx.manager, input.id, who.timeZone);
    ctx.audit.detail = view.points.length ? auditDetail('patrolEnded', { awards: view.points.map((p) => ({ name: p.name, points: p.points })) }) : null;
    return view;
  }),

  handle(patrolCancel, async (ctx, input) => {
    await cancelPatrol(ctx.manager, whoOf(ctx), input.id, input.version, input.reason);
    ctx.audit.detail = input.reason;
    return { ok: true as const };
  }),

  handle(patrolFindingToLog, async (ctx, input) => {
    const who = whoOf(ctx);
    return getPatrol(ctx.manager, await findingToLog(ctx.manager, who, input), who.timeZone);
  }),

  handle(patrolFindingToAppointment, async (ctx, input) => {
    mayAlso(ctx, collectionAppointmentCreate);
    const who = whoOf(ctx);
    return getPatrol(ctx.manager, await findingToAppointment(ctx.manager, who, input), who.timeZone);
  }),

  handle(patrolFindingToMediation, async (ctx, input) => {
    // a finding is referred to mediation, which an auxiliary does not open (only from a walk-in)
    if (!mayOpenCaseFrom(actor(ctx).role, 'referral')) throw forbidden('patrol.finding.role');
    const who = whoOf(ctx);
    return getPatrol(ctx.manager, await findingToMediation(ctx.manager, who, input), who.timeZone);
  }),

  handle(patrolVolunteers, async (ctx, input) => listVolunteers(ctx.manager, input)),

  handle(patrolVolunteerGet, async (ctx, input) => getVolunteer(ctx.manager, input.id)),

  handle(patrolVolunteerSave, async (ctx, input) => getVolunteer(ctx.manager, await saveVolunteer(ctx.manager, whoOf(ctx), input))),

  handle(patrolVolunteerCancel, async (ctx, input) => {
    await cancelVolunteer(ctx.manager, whoOf(ctx), input.id, input.version, input.reason);
    ctx.audit.detail = input.reason;
    return { ok: true as const };
  }),

  handle(patrolRules, async (ctx) => loadRules(ctx.manager)),

  handle(patrolRulesSave, async (ctx, input) => {
    await saveRules(ctx.manager, whoOf(ctx), input);
    ctx.audit.detail = auditDetail('pointsRules', { perHour: input.perHour, perPatrol: input.perPatrol, perFinding: input.perFinding });
    return loadRules(ctx.manager);
  }),

  handle(patrolPointsAward, async (ctx, input) => {
    const id = await awardPoints(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = input.volunteerId;
    ctx.audit.detail = auditDetail('pointsAwarded', { points: input.points, reason: input.reason });
    return getEntry(ctx.manager, id);
  }),

  handle(patrolPointsCorrect, async (ctx, input) => {
    const id = await correctEntry(ctx.manager, whoOf(ctx), input);
    const entry = await getEntry(ctx.manager, id);
    ctx.audit.recordId = input.entryId;
    ctx.audit.detail = auditDetail('pointsCorrected', { points: entry.points, reason: input.reason });
    return entry;
  }),

  handle(patrolStatement, async (ctx, input) => {
    const station = currentStation(ctx);
    return { stationName: station.name, ...(await statement(ctx.manager, input.volunteerId, input.month, station.timeZone)) };
  }),

  handle(patrolGoods, async (ctx) => listGoods(ctx.manager)),

  handle(patrolGoodsSave, async (ctx, input) => getGoods(ctx.manager, await saveGoods(ctx.manager, whoOf(ctx), input))),

  handle(patrolGoodsRestock, async (ctx, input) => {
    await restockGoods(ctx.manager, whoOf(ctx), input.id, input.quantity);
    ctx.audit.detail = auditDetail('goodsRestocked', { quantity: input.quantity });
    return getGoods(ctx.manager, input.id);
  }),

  handle(patrolGoodsRetire, async (ctx, input) => {
    await retireGoods(ctx.manager, whoOf(ctx), input.id, input.version, input.reason);
    ctx.audit.detail = input.reason;
    return { ok: true as const };
  }),

  handle(patrolRedeem, async (ctx, input) => {
    const id = await redeem(ctx.manager, whoOf(ctx), input);
    const entry = await getEntry(ctx.manager, id);
    const goods = await getGoods(ctx.manager, input.goodsId);
    ctx.audit.recordId = input.volunteerId;
    ctx.audit.detail = auditDetail('goodsRedeemed', { goods: goods.name, quantity: input.quantity, points: entry.points });
    return { entry, balance: (await balanceOf(ctx.manager, input.volunteerId)).balance, stock: goods.stock };
  }),
];
