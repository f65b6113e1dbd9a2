import { auditDetail } from '../../shared/audit/details.js';
import {
  patrolAttendanceAdd,
  patrolAttendanceCancel,
  patrolCameraAdd,
  patrolCameraRetire,
  patrolCameraRound,
  patrolCameraRounds,
  patrolCamerasList,
  patrolCameraUpdate,
  patrolCompounds,
  patrolFeedbackSheet,
  patrolGuardCancel,
  patrolGuardReveal,
  patrolGuardSave,
  patrolMonthlyScores,
  patrolNightCheckAdd,
  patrolNightCheckCancel,
  patrolNightChecks,
  patrolPropertiesList,
  patrolPropertyCancel,
  patrolPropertySave,
  patrolSchoolCancel,
  patrolSchoolPosts,
  patrolSchoolSave,
  patrolSchoolsList,
  patrolTermSave,
  patrolTermsList,
  patrolTermView,
} from '../../shared/patrol/prevention.contract.js';
import type { z } from 'zod';
import type { MethodDef } from '../../shared/method.js';
import { currentStation, handle, whoOf } from '../context.js';
import type { GuardRow } from './prevention.entity.js';
import { dutyStaff } from '../office/office.service.js';
import { addCamera, listCameras, listRounds, recordRound, updateCamera } from './cameras.service.js';
import { cancelRecord, compounds, type CancellableKind } from './prevention.common.js';
import { addNightCheck, feedback, getNightCheck, getProperty, listNightChecks, listProperties, monthlyScores, revealGuard, saveGuard, saveProperty } from './properties.service.js';
import { addAttendance, listSchools, listTerms, postDay, saveSchool, saveTerm, termReport } from './schools.service.js';

const OK = { ok: true as const };

type CancelMethod = MethodDef<z.ZodType<{ id: string; version: number; reason: string }>, { ok: true }>;

/** Cancelling (a camera: retiring) one record: the reason goes on the record and into the audit entry. */
const cancelling = (method: CancelMethod, kind: CancellableKind) =>
  handle(method, async (ctx, input) => {
    await cancelRecord(ctx.manager, whoOf(ctx), kind, input);
    ctx.audit.recordId = input.id;
    ctx.audit.detail = input.reason;
    return OK;
  });

export const preventionHandlers = [
  // ── properties and night checks ──
  handle(patrolPropertiesList, async (ctx) => listProperties(ctx.manager)),

  handle(patrolPropertySave, async (ctx, input) => {
    const id = await saveProperty(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = id;
    return getProperty(ctx.manager, id);
  }),

  cancelling(patrolPropertyCancel, 'property'),

  handle(patrolGuardSave, async (ctx, input) => {
    await saveGuard(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = input.propertyId;
    return getProperty(ctx.manager, input.propertyId);
  }),

  handle(patrolGuardCancel, async (ctx, input) => {
    const guard = await cancelRecord<GuardRow>(ctx.manager, whoOf(ctx), 'guard', input);
    ctx.audit.recordId = input.id;
    ctx.audit.detail = input.reason;
    return getProperty(ctx.manager, guard.propertyId);
  }),

  handle(patrolGuardReveal, async (ctx, input) => {
    const guard = await revealGuard(ctx.manager, input.id);
    ctx.audit.recordId = guard.id;
    ctx.audit.detail = input.reason;
    return { phone: guard.phone };
  }),

  handle(patrolCompounds, async (ctx, input) => compounds(ctx.manager, input.q)),

  handle(patrolNightCheckAdd, async (ctx, input) => {
    const id = await addNightCheck(ctx.manager, whoOf(ctx), input);
    const check = await getNightCheck(ctx.manager, id);
    ctx.audit.recordId = id;
    ctx.audit.detail = auditDetail('nightCheck', { property: check.propertyName, score: check.score });
    return check;
  }),

  cancelling(patrolNightCheckCancel, 'nightCheck'),

  handle(patrolNightChecks, async (ctx, input) => listNightChecks(ctx.manager, input.month, input.propertyId)),

  handle(patrolMonthlyScores, async (ctx, input) => monthlyScores(ctx.manager, input.month)),

  handle(patrolFeedbackSheet, async (ctx, input) => {
    const station = currentStation(ctx);
    const phones = JSON.parse(station.dutyPhones) as { number: string }[];
    return { stationName: station.name, dutyPhone: phones[0]?.number ?? null, ...(await feedback(ctx.manager, input.propertyId, input.month)) };
  }),

  // ── schools, terms and posts ──
  handle(patrolSchoolsList, async (ctx) => listSchools(ctx.manager)),

  handle(patrolSchoolSave, async (ctx, input) => {
    const school = await saveSchool(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = school.id;
    return school;
  }),

  cancelling(patrolSchoolCancel, 'school'),

  handle(patrolTermsList, async (ctx) => listTerms(ctx.manager)),

  handle(patrolTermSave, async (ctx, input) => {
    const term = await saveTerm(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = term.id;
    return term;
  }),

  handle(patrolSchoolPosts, async (ctx, input) => ({ ...(await postDay(ctx.manager, whoOf(ctx), input.date)), dutyStaff: await dutyStaff(ctx.manager) })),

  handle(patrolTermView, async (ctx, input) => termReport(ctx.manager, whoOf(ctx), input.termId)),

  handle(patrolAttendanceAdd, async (ctx, input) => {
    const post = await addAttendance(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = input.schoolId;
    ctx.audit.detail = auditDetail('schoolPost', { date: input.date, period: input.period, absent: Boolean(input.absent) });
    return post;
  }),

  cancelling(patrolAttendanceCancel, 'attendance'),

  // ── video channels ──
  handle(patrolCamerasList, async (ctx) => listCameras(ctx.manager)),

  handle(patrolCameraAdd, async (ctx, input) => {
    const camera = await addCamera(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = camera.id;
    ctx.audit.detail = camera.code;
    return camera;
  }),

  handle(patrolCameraUpdate, async (ctx, input) => {
    const camera = await updateCamera(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = camera.id;
    return camera;
  }),

  cancelling(patrolCameraRetire, 'camera'),

  handle(patrolCameraRound, async (ctx, input) => {
    const id = await recordRound(ctx.manager, whoOf(ctx), input);
    const [round] = await listRounds(ctx.manager, 1, id);
    ctx.audit.recordId = id;
    ctx.audit.detail = auditDetail('cameraRound', { checked: round.results.length, faults: round.faults });
    return round;
  }),

  handle(patrolCameraRounds, async (ctx, input) => listRounds(ctx.manager, input.limit)),
];
