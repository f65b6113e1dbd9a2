/** Case transfers between stations as HQ carries them: the request to the receiver with the case's rows, the receipt back to the sender. */
import type { OutboxEntry } from '../shared/sync/protocol.js';
import { forUpdate, type Sql } from './db.js';
import { publishIn, type HqContext } from './publish.js';
import type { AuthedStation } from './service.js';

/**
 * A station's transfer rows, in the batch's transaction. A request ('out', requested) becomes
 * an item in the receiving station's caseTransfers bucket carrying the case as HQ holds it
 * (the case's rows came earlier in the sender's sequence, so they are stored by now); an
 * unknown receiver is answered to the sender. A receipt ('in', accepted) is recorded and
 * answered to the sender. Each transfer is acted on once, however often its rows arrive.
 */
export const onTransfers = async (ctx: HqContext, sql: Sql, st: AuthedStation, entries: OutboxEntry[]): Promise<void> => {
  for (const e of entries) {
    const p = e.payload;
    if (p.direction === 'out' && p.status === 'requested') await transferRequested(ctx, sql, st, e.rowId, p);
    else if (p.direction === 'in' && p.status === 'accepted') await transferAccepted(ctx, sql, st, e.rowId, p);
  }
};

const transferRequested = async (ctx: HqContext, sql: Sql, st: AuthedStation, id: string, p: Record<string, unknown>): Promise<void> => {
  const [had] = await sql.rows(`SELECT 1 FROM "hq_transfer" WHERE "id" = ?`, [id]);
  if (had) return;
  const caseId = String(p.caseId ?? '');
  const toCode = String(p.toStationCode ?? '');
  const now = ctx.clock().toISOString();
  const [to] = await sql.rows<{ id: string; name: string }>(
    `SELECT "id", "name" FROM "hq_station" WHERE "code" = ? AND "stationUuid" IS NOT NULL`,
    [toCode],
  );
  let refusal: string | null = null;
  let bundle: Record<string, Record<string, unknown>[]> = {};
  if (!to) refusal = 'unknownStation';
  else if (to.id === st.id) refusal = 'sameStation';
  else if (!/^[0-9a-f-]{36}$/.test(caseId)) refusal = 'caseNotAtHq';
  else {
    bundle = await caseBundle(ctx, sql, st.stationUuid, caseId);
    if (bundle.mediation_case.length === 0) refusal = 'caseNotAtHq';
  }
  await sql.run(
    `INSERT INTO "hq_transfer" ("id", "caseId", "caseNo", "fromStation", "toStationCode", "toStation", "reason", "requestedAt", "recordedAt", "status", "statusNote")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, caseId, String(p.caseNo ?? ''), st.id, toCode, to?.id ?? null, ctx.db.vault.seal(String(p.reason ?? '')), String(p.requestedAt ?? now), now, refusal ? 'refused' : 'published', refusal],
  );
  if (refusal) {
    await publishIn(ctx, sql, 'caseTransfers', undefined, { kind: 'refused', transferId: id, note: refusal }, 'hq', st.id);
    return;
  }
  await publishIn(ctx, 
    sql,
    'caseTransfers',
    id,
    {
      kind: 'transfer',
      transferId: id,
      caseId,
      caseNo: String(p.caseNo ?? ''),
      fromStationCode: st.code,
      fromStationName: st.name,
      toStationCode: toCode,
      reason: String(p.reason ?? ''),
      requestedAt: String(p.requestedAt ?? now),
      requestedBy: String(p.requestedBy ?? ''),
      rows: bundle,
    },
    'hq',
    to!.id,
  );
};

const transferAccepted = async (ctx: HqContext, sql: Sql, st: AuthedStation, id: string, p: Record<string, unknown>): Promise<void> => {
  const [t] = await sql.rows<{ fromStation: string; status: string }>(
    `SELECT "fromStation", "status" FROM "hq_transfer" WHERE "id" = ? AND "toStation" = ?${forUpdate(sql)}`,
    [id, st.id],
  );
  if (!t || t.status !== 'published') return;
  const at = String(p.statusAt ?? ctx.clock().toISOString());
  await sql.run(`UPDATE "hq_transfer" SET "status" = 'accepted', "acceptedAt" = ?, "newCaseNo" = ? WHERE "id" = ?`, [at, p.newCaseNo ?? null, id]);
  await publishIn(ctx, 
    sql,
    'caseTransfers',
    undefined,
    { kind: 'accepted', transferId: id, at, newCaseNo: p.newCaseNo ?? null, stationCode: st.code, stationName: st.name },
    'hq',
    t.fromStation,
  );
};

/** The case's rows at HQ as the sender last uploaded them, with the names of the sender's staff they mention. */
const caseBundle = async (ctx: HqContext, sql: Sql, stationUuid: string, caseId: string): Promise<Record<string, Record<string, unknown>[]>> => {
  const rows = await sql.rows<{ tableName: string; rowId: string; payload: string }>(
    `SELECT "tableName", "rowId", "payload" FROM "hq_row" WHERE "stationId" = ? AND (("tableName" = 'mediation_case' AND "rowId" = ?)
       OR ("tableName" IN ('mediation_party', 'mediation_assignment', 'mediation_session', 'mediation_agreement', 'mediation_follow_up', 'mediation_file')
           AND "caseId" = ?))`,
    [stationUuid, caseId, caseId],
  );
  const bundle: Record<string, Record<string, unknown>[]> = { mediation_case: [], staff: [], mediator: [] };
  for (const r of rows) {
    const p = ctx.db.vault.openJson(r.payload);
    if (r.tableName !== 'mediation_case' && p.caseId !== caseId) continue;
    (bundle[r.tableName] ??= []).push(p);
  }
  // who did what at the sender: names only, the receiver has its own staff
  const staffIds = new Set<string>();
  const mediatorIds = new Set<string>();
  for (const list of Object.values(bundle)) {
    for (const p of list) {
      for (const [k, v] of Object.entries(p)) if (/ById$/.test(k) && typeof v === 'string') staffIds.add(v);
      if (typeof p.mediatorId === 'string') mediatorIds.add(p.mediatorId);
    }
  }
  const named = async (table: string, ids: Set<string>) => {
    if (ids.size === 0) return [];
    const list = [...ids];
    const found = await sql.rows<{ payload: string }>(
      `SELECT "payload" FROM "hq_row" WHERE "stationId" = ? AND "tableName" = ? AND "rowId" IN (${list.map(() => '?').join(', ')})`,
      [stationUuid, table, ...list],
    );
    return found.map((f) => {
      const p = ctx.db.vault.openJson(f.payload);
      return { id: p.id, name: p.name, ...(table === 'mediator' ? { origin: p.origin, organisation: p.organisation ?? null } : {}) };
    });
  };
  bundle.staff = await named('staff', staffIds);
  bundle.mediator = await named('mediator', mediatorIds);
  return bundle;
};

export const transferRecords = async (ctx: HqContext): Promise<TransferRecord[]> => {
  const rows = await ctx.db.rows<Record<string, unknown>>(
    `SELECT t.*, f."code" AS "fromCode", f."name" AS "fromName", d."name" AS "toName" FROM "hq_transfer" t
     JOIN "hq_station" f ON f."id" = t."fromStation" LEFT JOIN "hq_station" d ON d."id" = t."toStation" ORDER BY t."recordedAt" DESC`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    caseNo: r.caseNo as string,
    fromCode: r.fromCode as string,
    fromName: r.fromName as string,
    toCode: r.toStationCode as string,
    toName: (r.toName as string | null) ?? null,
    reason: ctx.db.vault.open(r.reason as string),
    requestedAt: r.requestedAt as string,
    status: r.status as TransferRecord['status'],
    statusNote: (r.statusNote as string | null) ?? null,
    acceptedAt: (r.acceptedAt as string | null) ?? null,
    newCaseNo: (r.newCaseNo as string | null) ?? null,
  }));
};

export interface TransferRecord {
  id: string;
  caseNo: string;
  fromCode: string;
  fromName: string;
  toCode: string;
  toName: string | null;
  reason: string;
  requestedAt: string;
  /** published: in the receiver's bucket; accepted: the receiver owns the case; refused: no such receiver */
  status: 'published' | 'accepted' | 'refused';
  statusNote: string | null;
  acceptedAt: string | null;
  newCaseNo: string | null;
}
