import type { EntityManager } from 'typeorm';
import { auditDetail } from '../../shared/audit/details.js';
import { notFound } from '../../shared/errors.js';
import { can } from '../../shared/permissions.js';
import {
  syncDirectives,
  syncEnrol,
  syncNow,
  syncReadDirective,
  syncReceiveTransfer,
  syncSetCa,
  syncSettings,
  syncStatus,
  syncTransferCase,
  syncTransfers,
  type Directive,
  type SyncNotice,
  type SyncStatus,
} from '../../shared/sync/contract.js';
import { actor, currentStation, handle, type Ctx, whoOf } from '../context.js';
import { readState } from './client.js';
import { recordReceipt } from './reference.js';
import { listTransfers, receiveTransfer, requestTransfer } from './transfer.js';

/** How long the page explains a repair sync made (HQ had it all along; everything queued again). */
const NOTICE_MS = 86400_000;

const status = async (ctx: Ctx, manager: EntityManager = ctx.manager): Promise<SyncStatus> => {
  const s = await readState(manager);
  const notice: SyncNotice | null = s.notice ? JSON.parse(s.notice) : null;
  const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "sync_outbox" WHERE "seq" > ?`, [s.ackedSeq]);
  const rejects = await manager.query(`SELECT "seq", "tableName", "rowId", "reason", "at" FROM "sync_reject" ORDER BY "seq" DESC LIMIT 50`);
  const control = ctx.core.sync;
  return {
    enrolled: s.hqKey !== null,
    hqUrl: s.hqUrl ?? s.pendingUrl,
    hqCode: s.hqCode,
    enrolling: s.pendingCode !== null,
    enabled: Boolean(s.enabled),
    online: Boolean(s.online) && s.hqKey !== null,
    running: control?.isRunning() ?? false,
    backlog: Number(n),
    lastAttemptAt: s.lastAttemptAt,
    lastSuccessAt: s.lastSuccessAt,
    lastError: s.lastError ? JSON.parse(s.lastError) : null,
    lastErrorAt: s.lastErrorAt,
    clockSkewMs: s.clockSkewMs,
    retentionDays: s.retentionDays,
    caPinned: s.hqCa !== null,
    rejects,
    nextAttemptAt: control?.nextAt ? new Date(control.nextAt).toISOString() : null,
    notice: notice && ctx.now.getTime() - Date.parse(notice.at) < NOTICE_MS ? notice : null,
    update: can(ctx.session?.role, 'updates.view') ? ctx.core.updates.report : null,
  };
};

export const syncHandlers = [
  handle(syncStatus, async (ctx) => status(ctx)),

  handle(syncEnrol, async (ctx, input) => {
    currentStation(ctx);
    // the exchange itself happens in the background: the desk does not wait on the network
    await ctx.manager.query(`UPDATE "sync_state" SET "pendingUrl" = ?, "pendingCode" = ?, "lastError" = NULL WHERE "id" = 1`, [input.hqUrl, input.code]);
    ctx.audit.detail = auditDetail('syncEnrolled', { hqUrl: input.hqUrl });
    ctx.core.sync?.now();
    return status(ctx);
  }),

  handle(syncNow, async (ctx) => {
    ctx.core.sync?.now();
    return status(ctx);
  }),

  handle(syncSettings, async (ctx, input) => {
    await ctx.manager.query(`UPDATE "sync_state" SET "enabled" = ?, "retentionDays" = ? WHERE "id" = 1`, [input.enabled ? 1 : 0, input.retentionDays]);
    ctx.audit.detail = auditDetail('syncSettings', { enabled: input.enabled, retentionDays: input.retentionDays });
    return status(ctx);
  }),

  handle(syncDirectives, async (ctx) => {
    const me = actor(ctx);
    const rows: { id: string; version: number; payload: string; receivedAt: string }[] = await ctx.manager.query(
      `SELECT "id", "version", "payload", "receivedAt" FROM "sync_reference" WHERE "bucket" = 'directives' ORDER BY "receivedAt" DESC, "id" DESC`,
    );
    const receipts: { directiveId: string; staffId: string; name: string; readAt: string }[] = await ctx.manager.query(
      `SELECT r."directiveId", r."staffId", s."name", r."readAt" FROM "directive_receipt" r JOIN "staff" s ON s."id" = r."staffId" ORDER BY r."readAt"`,
    );
    const code = currentStation(ctx).code;
    const directives: Directive[] = rows
      .map((r) => ({ r, p: JSON.parse(r.payload) as { title?: string; body?: string; issuedAt?: string; stations?: string[] } }))
      // a directive for named stations is shown only there
      .filter(({ p }) => !p.stations || p.stations.includes(code))
      .map(({ r, p }) => {
        const readers = receipts.filter((x) => x.directiveId === r.id).map(({ staffId, name, readAt }) => ({ staffId, name, readAt }));
        return {
          id: r.id,
          version: Number(r.version),
          title: String(p.title ?? ''),
          body: String(p.body ?? ''),
          issuedAt: p.issuedAt ?? null,
          receivedAt: r.receivedAt,
          read: readers.some((x) => x.staffId === me.staffId),
          readers,
        };
      });
    return { directives, unread: directives.filter((d) => !d.read).length };
  }),

  handle(syncReadDirective, async (ctx, input) => {
    const me = actor(ctx);
    const [d] = await ctx.manager.query(`SELECT 1 FROM "sync_reference" WHERE "bucket" = 'directives' AND "id" = ?`, [input.id]);
    if (!d) throw notFound('sync.directiveNotFound');
    const recorded = await recordReceipt(ctx.manager, currentStation(ctx).id, input.id, me.staffId, ctx.now);
    ctx.audit.recordId = input.id;
    return { recorded };
  }),

  handle(syncTransfers, async (ctx) => listTransfers(ctx.manager)),

  handle(syncTransferCase, async (ctx, input) => {
    const station = currentStation(ctx);
    // stations know each other by the codes HQ enrolled them with
    const { hqCode } = await readState(ctx.manager);
    const transfer = await requestTransfer(ctx.manager, whoOf(ctx), { code: hqCode ?? station.code, name: station.name }, input);
    ctx.audit = { recordId: input.caseId, detail: auditDetail('caseTransferRequested', { toStationCode: input.toStationCode }) };
    return transfer;
  }),

  handle(syncReceiveTransfer, async (ctx, input) => {
    const transfer = await receiveTransfer(ctx.manager, whoOf(ctx), input.id);
    ctx.audit = { recordId: transfer.newCaseId, detail: auditDetail('caseTransferReceived', { fromStationCode: transfer.fromStationCode, caseNo: transfer.caseNo }) };
    return transfer;
  }),

  handle(syncSetCa, async (ctx, input) => {
    await ctx.manager.query(`UPDATE "sync_state" SET "hqCa" = ? WHERE "id" = 1`, [input.pem]);
    ctx.audit.detail = auditDetail(input.pem ? 'hqCaPinned' : 'hqCaSystem');
    return status(ctx);
  }),
];
