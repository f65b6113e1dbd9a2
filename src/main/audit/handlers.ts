import { auditList, auditUnmaskings, auditUnmaskingsCsv } from '../../shared/audit/contract.js';
import { auditDetail, readDetail } from '../../shared/audit/details.js';
import { addDays, localDate, localDateTime, startOfLocalDate } from '../../shared/time.js';
import { currentStation, handle } from '../context.js';
import type { AuditRow } from './audit.entity.js';
import { unmaskings, unmaskingsCsv } from './unmasking.service.js';

/** The CSV holds at most this many entries; narrow the filters for more. */
const CSV_MAX_ROWS = 50_000;

export const auditHandlers = [
  handle(auditList, async (ctx, input) => {
    const tz = currentStation(ctx).timeZone;
    const where: string[] = [];
    const params: unknown[] = [];
    if (input.from) {
      where.push('"at" >= ?');
      params.push(startOfLocalDate(input.from, tz).toISOString());
    }
    if (input.to) {
      // up to the end of that local day
      where.push('"at" < ?');
      params.push(startOfLocalDate(addDays(input.to, 1), tz).toISOString());
    }
    if (input.staffId) {
      where.push('"staffId" = ?');
      params.push(input.staffId);
    }
    if (input.method) {
      where.push('"method" LIKE ? ESCAPE \'\\\'');
      params.push(`${input.method.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (input.recordId) {
      where.push('"recordId" = ?');
      params.push(input.recordId);
    }
    if (input.before) {
      where.push('"id" < ?');
      params.push(input.before);
    }
    params.push(input.limit + 1);
    const rows: AuditRow[] = await ctx.manager.query(
      `SELECT * FROM "audit_log" ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY "id" DESC LIMIT ?`,
      params,
    );
    const entries = rows.slice(0, input.limit).map((r) => ({ ...r, detail: readDetail(r.detail) }));
    return { entries, nextBefore: rows.length > input.limit ? (entries[entries.length - 1]?.id ?? null) : null };
  }),

  handle(auditUnmaskings, async (ctx, input) => {
    const rows = await unmaskings(ctx.manager, input, currentStation(ctx).timeZone, input.limit + 1);
    const entries = rows.slice(0, input.limit);
    return { entries, nextBefore: rows.length > input.limit ? (entries[entries.length - 1]?.id ?? null) : null };
  }),

  handle(auditUnmaskingsCsv, async (ctx, input) => {
    const tz = currentStation(ctx).timeZone;
    const entries = await unmaskings(ctx.manager, input, tz, CSV_MAX_ROWS);
    ctx.audit = { recordId: null, detail: auditDetail('unmaskingReport', { n: entries.length }) };
    const csv = unmaskingsCsv(entries, input.lang, (iso) => localDateTime(iso, tz));
    const day = localDate(ctx.now, tz);
    return { fileName: `${input.lang === 'zh' ? '查看身份证号记录' : 'unmasking-report'}-${day}.csv`, data: Buffer.from(csv, 'utf8').toString('base64') };
  }),
];
