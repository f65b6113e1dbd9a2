import { auditDetail } from '../../../shared/audit/details.js';
import { notFound } from '../../../shared/errors.js';
import {
  intakeCardNext,
  intakeCardReaderPorts,
  intakeCardReaderSet,
  intakeCardReaderTest,
  intakeCardVisitor,
} from '../../../shared/intake/cardReader.js';
import type { Purpose, Route } from '../../../shared/intake/zones.js';
import { localDate } from '../../../shared/time.js';
import { currentStation, handle, type Ctx } from '../../context.js';
import { listPorts } from './link.js';
import type { CardReaderMonitor } from './monitor.js';

const monitorOf = (ctx: Ctx): CardReaderMonitor => {
  if (!ctx.core.cardReader) throw new Error('the card reader is not wired into this core');
  return ctx.core.cardReader;
};

export const cardReaderHandlers = [
  handle(intakeCardNext, async (ctx, input) => monitorOf(ctx).next(input.after, input.waitMs)),

  handle(intakeCardVisitor, async (ctx, input) => {
    const idNumber = monitorOf(ctx).idNumberOf(input.readingId);
    if (!idNumber) throw notFound('intake.notFound');
    const [last]: { id: string; visitorName: string; phone: string | null; purpose: Purpose; route: Route; arrivedAt: string; visits: number }[] =
      await ctx.manager.query(
        `SELECT w."id", w."visitorName", w."phone", w."purpose", w."route", w."arrivedAt",
           (SELECT COUNT(*) FROM "walk_in" c WHERE c."idNumber" = w."idNumber" AND c."cancelledAt" IS NULL) AS "visits"
         FROM "walk_in" w WHERE w."idNumber" = ? AND w."cancelledAt" IS NULL ORDER BY w."arrivedAt" DESC LIMIT 1`,
        [idNumber],
      );
    const today = localDate(ctx.now, currentStation(ctx).timeZone);
    const [waiting]: { queueNo: string; route: Route; status: 'waiting' | 'serving' }[] = await ctx.manager.query(
      `SELECT "queueNo", "route", "status" FROM "walk_in"
       WHERE "idNumber" = ? AND "localDate" = ? AND "status" IN ('waiting', 'serving') AND "cancelledAt" IS NULL
       ORDER BY "arrivedAt" DESC LIMIT 1`,
      [idNumber, today],
    );
    ctx.audit = { recordId: last?.id ?? null, detail: auditDetail(last ? 'cardReturning' : 'cardFirstVisit') };
    return {
      last: last
        ? { visitorName: last.visitorName, phone: last.phone, purpose: last.purpose, route: last.route, arrivedAt: last.arrivedAt, visits: Number(last.visits) }
        : null,
      waitingToday: waiting ? { queueNo: waiting.queueNo, route: waiting.route, status: waiting.status } : null,
    };
  }),

  handle(intakeCardReaderPorts, async (ctx) => ({ ports: await listPorts(), status: monitorOf(ctx).currentStatus() })),

  handle(intakeCardReaderSet, async (ctx, input) => {
    ctx.audit.detail = auditDetail('cardReaderSet', { path: input.path ?? null });
    return monitorOf(ctx).setPath(input.path);
  }),

  handle(intakeCardReaderTest, async (ctx, input) => {
    const result = await monitorOf(ctx).testRead(input.path);
    ctx.audit.detail = auditDetail('cardReaderTest', { path: input.path, outcome: result.ok ? (result.card ? 'cardRead' : 'noCard') : result.problem });
    return result;
  }),
];
