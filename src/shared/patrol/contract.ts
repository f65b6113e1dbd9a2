/**
 * The patrol zone's contract: routes with their checkpoints, patrols (who went, the bicycle taken
 * from the office inventory, checkpoint times, findings), and the volunteers' points supermarket
 * (积分超市): the points ledger, the rules that earn points, the goods and their redemption.
 *
 * Access. Those who stand duty (head, officer, auxiliary) patrol, keep the volunteers' register
 * and redeem at the desk. The station head sets the points rules, keeps the goods catalogue and
 * its stock, awards points by hand and corrects the ledger. A finding becomes a collection visit or
 * a mediation case only for a role those zones let open them (checked in the core).
 *
 * The points ledger is append-only: an entry is never changed or removed; a wrong one is undone by
 * a reversing entry. A balance never goes below zero, and a redemption takes the points and the
 * stock in one transaction.
 */
import { z } from 'zod';
import { optionalMobile, optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { partyInput } from '../mediation/contract.js';
import { DISPUTE_TYPES } from '../mediation/model.js';
export { PATROL_STATUSES, LEDGER_KINDS, FINDING_OUTCOMES, MAX_PATROL_HOURS, MAX_POINTS } from './contract.common.js';
export type { PatrolStatus, LedgerKind, FindingOutcome } from './contract.common.js';
export { DEFAULT_RULES } from './contract.views.js';
export type { CheckpointDef, RouteView, PatrolStaff, PatrolVolunteer, PatrolCheckpoint, Finding, PatrolView, PatrolLine, BicycleView, PointsRules, PatrolBoard, VolunteerLine, LedgerEntry, VolunteerView, GoodsView, Redemption, Statement } from './contract.views.js';
import type { GoodsView, LedgerEntry, PatrolBoard, PatrolView, PointsRules, Redemption, RouteView, Statement, VolunteerLine, VolunteerView } from './contract.views.js';
import { MAX_POINTS, choice, instant, month, version, whole } from './contract.common.js';

// ───────────────────────────── board and routes ─────────────────────────────

export const patrolBoard = defineMethod<PatrolBoard>()({
  name: 'patrol.board',
  input: z.strictObject({}),
  access: 'patrol.record',
  kind: 'read',
});

export const patrolGet = defineMethod<PatrolView>()({
  name: 'patrol.get',
  input: z.strictObject({ id: uuid }),
  access: 'patrol.record',
  kind: 'read',
});

const checkpointInput = z
  .strictObject({
    key: z.string().regex(/^[0-9a-f-]{36}$/i, { message: 'invalidId' }).optional(),
    addressId: uuid.nullish().transform((v) => v ?? null),
    place: optionalText(100),
  })
  .refine((c) => c.addressId !== null || c.place !== null, { message: 'patrol.route.placeRequired', path: ['place'] });

export const patrolRouteSave = defineMethod<RouteView>()({
  name: 'patrol.routeSave',
  input: z.strictObject({
    id: uuid.optional(),
    version: version.optional(),
    name: text(40),
    note: optionalText(200),
    checkpoints: z
      .array(checkpointInput, { error: 'required' })
      .min(1, { message: 'patrol.route.noCheckpoints' })
      .max(50, { message: 'tooLong' }),
  }),
  access: 'patrol.routes',
  kind: 'write',
});

export const patrolRouteRetire = defineMethod<{ ok: true }>()({
  name: 'patrol.routeRetire',
  input: z.strictObject({ id: uuid, version, reason: text(200) }),
  access: 'patrol.routes',
  kind: 'write',
});

// ───────────────────────────── patrols ─────────────────────────────

export const patrolStart = defineMethod<PatrolView>()({
  name: 'patrol.start',
  input: z
    .strictObject({
      routeId: uuid,
      /** now when absent */
      startedAt: instant.optional(),
      staffIds: z.array(uuid, { error: 'required' }).min(1, { message: 'patrol.noStaff' }).max(10, { message: 'tooLong' }),
      volunteerIds: z.array(uuid, { error: 'invalidType' }).max(30, { message: 'tooLong' }).default([]),
      guards: z.array(text(20), { error: 'invalidType' }).max(20, { message: 'tooLong' }).default([]),
      bicycleId: uuid.nullish().transform((v) => v ?? null),
      note: optionalText(200),
    })
    .superRefine((v, ctx) => {
      const twice = (list: string[], path: string) =>
        list.forEach((x, i) => {
          if (list.indexOf(x) !== i) ctx.addIssue({ code: 'custom', message: 'patrol.twice', path: [path, i] });
        });
      twice(v.staffIds, 'staffIds');
      twice(v.volunteerIds, 'volunteerIds');
    }),
  access: 'patrol.record',
  kind: 'write',
});

export const patrolCheckpoint = defineMethod<PatrolView>()({
  name: 'patrol.checkpoint',
  input: z.strictObject({ id: uuid, version, key: z.string({ error: 'required' }).max(36), at: instant, note: optionalText(200) }),
  access: 'patrol.record',
  kind: 'write',
});

export const patrolFindingAdd = defineMethod<PatrolView>()({
  name: 'patrol.findingAdd',
  input: z.strictObject({
    patrolId: uuid,
    at: instant.optional(),
    /** the checkpoint it was found at, or a place of its own */
    checkpointKey: z.string().max(36).optional(),
    place: optionalText(100),
    addressId: uuid.nullish().transform((v) => v ?? null),
    text: text(500),
  }),
  access: 'patrol.record',
  kind: 'write',
});

export const patrolEnd = defineMethod<PatrolView>()({
  name: 'patrol.end',
  input: z.strictObject({ id: uuid, version, endedAt: instant.optional(), note: optionalText(200) }),
  access: 'patrol.record',
  kind: 'write',
});

/** Started by mistake: the bicycle goes back, nobody earns points; kept with the reason. */
export const patrolCancel = defineMethod<{ ok: true }>()({
  name: 'patrol.cancel',
  input: z.strictObject({ id: uuid, version, reason: text(200) }),
  access: 'patrol.record',
  kind: 'write',
});

export const patrolFindingToLog = defineMethod<PatrolView>()({
  name: 'patrol.findingToLog',
  input: z.strictObject({
    id: uuid,
    version,
    /** a follow-up is pending: the entry stays open and is carried over to the next shift */
    followUp: z.boolean({ error: 'invalidType' }).default(false),
    followUpOwnerId: uuid.nullish().transform((v) => v ?? null),
  }),
  access: 'patrol.record',
  kind: 'write',
});

export const patrolFindingToAppointment = defineMethod<PatrolView>()({
  name: 'patrol.findingToAppointment',
  input: z
    .strictObject({
      id: uuid,
      version,
      addressId: uuid,
      startAt: instant,
      endAt: instant,
      collectorId: uuid,
      note: optionalText(200),
    })
    .refine((v) => v.startAt < v.endAt, { message: 'dateRange', path: ['endAt'] }),
  access: 'patrol.record',
  kind: 'write',
});

export const patrolFindingToMediation = defineMethod<PatrolView>()({
  name: 'patrol.findingToMediation',
  input: z.strictObject({
    id: uuid,
    version,
    type: choice(DISPUTE_TYPES),
    parties: z.array(partyInput, { error: 'invalidType' }).min(1, { message: 'mediation.partiesRequired' }).max(20, { message: 'tooMany' }),
  }),
  access: 'patrol.record',
  kind: 'write',
});

// ───────────────────────────── volunteers and points ─────────────────────────────

export const patrolVolunteers = defineMethod<VolunteerLine[]>()({
  name: 'patrol.volunteers',
  input: z.strictObject({ query: z.string().max(50).optional(), includeCancelled: z.boolean().default(false) }),
  access: 'patrol.volunteers',
  kind: 'read',
});

export const patrolVolunteerGet = defineMethod<VolunteerView>()({
  name: 'patrol.volunteerGet',
  input: z.strictObject({ id: uuid }),
  access: 'patrol.volunteers',
  kind: 'read',
});

export const patrolVolunteerSave = defineMethod<VolunteerView>()({
  name: 'patrol.volunteerSave',
  input: z.strictObject({
    id: uuid.optional(),
    version: version.optional(),
    name: text(50),
    /** on a change, empty keeps the number on file (lists only ever show it masked) */
    phone: optionalMobile,
    note: optionalText(200),
  }),
  access: 'patrol.volunteers',
  kind: 'write',
});

export const patrolVolunteerCancel = defineMethod<{ ok: true }>()({
  name: 'patrol.volunteerCancel',
  input: z.strictObject({ id: uuid, version, reason: text(200) }),
  access: 'patrol.manage',
  kind: 'write',
});

export const patrolRules = defineMethod<PointsRules>()({
  name: 'patrol.rules',
  input: z.strictObject({}),
  access: 'patrol.points',
  kind: 'read',
});

export const patrolRulesSave = defineMethod<PointsRules>()({
  name: 'patrol.rulesSave',
  input: z.strictObject({
    /** 0 the first time */
    version: z.number({ error: 'required' }).int({ message: 'integer' }).min(0, { message: 'invalid' }),
    perHour: whole(0, 1000, 'patrol.points.negative'),
    perPatrol: whole(0, 1000, 'patrol.points.negative'),
    perFinding: whole(0, 1000, 'patrol.points.negative'),
  }),
  access: 'patrol.manage',
  kind: 'write',
});

export const patrolPointsAward = defineMethod<LedgerEntry>()({
  name: 'patrol.pointsAward',
  input: z.strictObject({ volunteerId: uuid, points: whole(1, MAX_POINTS, 'patrol.points.positive'), reason: text(200) }),
  access: 'patrol.manage',
  kind: 'write',
});

/** Undoes one entry with a reversing entry (a redemption's goods go back into stock). */
export const patrolPointsCorrect = defineMethod<LedgerEntry>()({
  name: 'patrol.pointsCorrect',
  input: z.strictObject({ entryId: uuid, reason: text(200) }),
  access: 'patrol.manage',
  kind: 'write',
});

export const patrolStatement = defineMethod<Statement>()({
  name: 'patrol.statement',
  input: z.strictObject({ volunteerId: uuid, month }),
  access: 'patrol.points',
  kind: 'read',
});

// ───────────────────────────── the points supermarket ─────────────────────────────

export const patrolGoods = defineMethod<GoodsView[]>()({
  name: 'patrol.goods',
  input: z.strictObject({}),
  access: 'patrol.points',
  kind: 'read',
});

export const patrolGoodsSave = defineMethod<GoodsView>()({
  name: 'patrol.goodsSave',
  input: z.strictObject({
    id: uuid.optional(),
    version: version.optional(),
    name: text(40),
    unit: text(6),
    price: whole(1, 100_000, 'patrol.points.positive'),
    note: optionalText(200),
  }),
  access: 'patrol.manage',
  kind: 'write',
});

export const patrolGoodsRestock = defineMethod<GoodsView>()({
  name: 'patrol.goodsRestock',
  input: z.strictObject({ id: uuid, quantity: whole(1, 10_000, 'patrol.quantity.positive') }),
  access: 'patrol.manage',
  kind: 'write',
});

export const patrolGoodsRetire = defineMethod<{ ok: true }>()({
  name: 'patrol.goodsRetire',
  input: z.strictObject({ id: uuid, version, reason: text(200) }),
  access: 'patrol.manage',
  kind: 'write',
});

/** At the desk: the points and the stock go in one transaction, or neither. */
export const patrolRedeem = defineMethod<Redemption>()({
  name: 'patrol.redeem',
  input: z.strictObject({ volunteerId: uuid, goodsId: uuid, quantity: whole(1, 100, 'patrol.quantity.positive') }),
  access: 'patrol.points',
  kind: 'write',
});

export const patrolMethods = [
  patrolBoard,
  patrolGet,
  patrolRouteSave,
  patrolRouteRetire,
  patrolStart,
  patrolCheckpoint,
  patrolFindingAdd,
  patrolEnd,
  patrolCancel,
  patrolFindingToLog,
  patrolFindingToAppointment,
  patrolFindingToMediation,
  patrolVolunteers,
  patrolVolunteerGet,
  patrolVolunteerSave,
  patrolVolunteerCancel,
  patrolRules,
  patrolRulesSave,
  patrolPointsAward,
  patrolPointsCorrect,
  patrolStatement,
  patrolGoods,
  patrolGoodsSave,
  patrolGoodsRestock,
  patrolGoodsRetire,
  patrolRedeem,
] as const;
