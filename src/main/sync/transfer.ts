/**
 * Mediation cases moved between stations. A case has one owning station at a time, and the move
 * goes through HQ: the sender writes a transfer row ('out', requested) that uploads like any row;
 * HQ puts the case as it holds it into the receiver's caseTransfers bucket; the receiver's head
 * takes it, which makes a copy under the receiver's own numbering and staff, and a receipt row
 * ('in', accepted) goes back up; HQ tells the sender. From the request on, the sender's copy is
 * read-only, unless HQ refuses the request (no such station).
 */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import { mediationGet, type MediationCase, type TransferredAway } from '../../shared/mediation/contract.js';
import { formatCaseNo } from '../../shared/mediation/model.js';
import type { CaseTransfer, TransfersView } from '../../shared/sync/contract.js';
import { todayOf, type Who } from '../context.js';
import type { HandlerEntry } from '../context.js';
import { rescoreOpenCases } from '../mediation/mediation.service.js';
import { liveTransferOutSql } from '../mediation/ownership.js';
import type { Columns, SyncedTable } from '../db/syncedTable.js';
import { assignmentTable, agreementTable, caseTable, followUpTable, partyTable, sessionTable } from '../mediation/mediation.entity.js';
import type { BucketApplier } from './buckets.js';
import { transferTable, type TransferRow } from './sync.entity.js';

type Row = Record<string, unknown>;

/** The rows HQ sends with a case, and the order they are written in (parents first). */
const CASE_TABLES = [caseTable, partyTable, assignmentTable, sessionTable, agreementTable, followUpTable];

const LIVE_OUT = liveTransferOutSql();

const toView = (r: Row): CaseTransfer => {
  let summary: CaseTransfer['summary'] = null;
  if (r.direction === 'in' && typeof r.snapshot === 'string') {
    const rows = JSON.parse(r.snapshot) as Record<string, Row[]>;
    const c = rows.mediation_case?.[0];
    summary = {
      type: typeof c?.type === 'string' ? c.type : null,
      parties: (rows.mediation_party ?? []).filter((p) => !p.cancelledAt).map((p) => String(p.name ?? '')),
      sessions: (rows.mediation_session ?? []).filter((s) => !s.cancelledAt).length,
      files: (rows.mediation_file ?? []).filter((f) => !f.cancelledAt).map((f) => ({ fileName: String(f.fileName ?? ''), size: Number(f.size ?? 0) })),
    };
  }
  return {
    id: r.id as string,
    version: Number(r.version),
    direction: r.direction as CaseTransfer['direction'],
    caseId: r.caseId as string,
    caseNo: r.caseNo as string,
    fromStationCode: r.fromStationCode as string,
    fromStationName: r.fromStationName as string,
    toStationCode: r.toStationCode as string,
    reason: r.reason as string,
    requestedAt: r.requestedAt as string,
    requestedBy: r.requestedBy as string,
    status: r.status as CaseTransfer['status'],
    statusAt: r.statusAt as string,
    statusNote: (r.statusNote as string | null) ?? null,
    newCaseId: (r.newCaseId as string | null) ?? null,
    newCaseNo: (r.newCaseNo as string | null) ?? null,
    summary,
  };
};

const getTransfer = async (m: EntityManager, id: string): Promise<CaseTransfer> => {
  const [r] = await m.query(`SELECT * FROM "case_transfer" WHERE "id" = ?`, [id]);
  if (!r) throw notFound('sync.transferNotFound');
  return toView(r);
};

export const listTransfers = async (m: EntityManager): Promise<TransfersView> => {
  const rows: Row[] = await m.query(`SELECT * FROM "case_transfer" WHERE "cancelledAt" IS NULL ORDER BY "requestedAt" DESC, "id" DESC`);
  const transferable: TransfersView['transferable'] = await m.query(
    `SELECT c."id", c."caseNo", c."type", c."status" FROM "mediation_case" c
     WHERE c."cancelledAt" IS NULL AND c."status" NOT IN ('archived', 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM "case_transfer" t WHERE t."caseId" = c."id" AND ${liveTransferOutSql('t')})
     ORDER BY c."caseYear" DESC, c."caseSeq" DESC`,
  );
  return { transfers: rows.map(toView), transferable };
};

export const requestTransfer = async (
  m: EntityManager,
  who: Who,
  station: { code: string; name: string },
  input: { caseId: string; toStationCode: string; reason: string },
): Promise<CaseTransfer> => {
  const [c] = await m.query(`SELECT "id", "caseNo", "status", "cancelledAt" FROM "mediation_case" WHERE "id" = ?`, [input.caseId]);
  if (!c || c.cancelledAt || c.status === 'cancelled') throw notFound('mediation.notFound');
  if (c.status === 'archived') throw conflict('sync.transferArchived');
  if (input.toStationCode.toUpperCase() === station.code.toUpperCase()) throw validationError('toStationCode', 'sync.transferSameStation');
  const [live] = await m.query(`SELECT "toStationCode" FROM "case_transfer" WHERE "caseId" = ? AND ${LIVE_OUT}`, [input.caseId]);
  if (live) throw conflict('sync.caseTransferred', { station: live.toStationCode });
  const at = who.now.toISOString();
  const { id } = await transferTable.insert(m, who, {
    direction: 'out',
    caseId: input.caseId,
    caseNo: c.caseNo,
    fromStationCode: station.code,
    fromStationName: station.name,
    toStationCode: input.toStationCode,
    reason: input.reason,
    requestedAt: at,
    requestedBy: who.staffName,
    status: 'requested',
    statusAt: at,
    statusNote: null,
    newCaseId: null,
    newCaseNo: null,
    snapshot: null,
  });
  return getTransfer(m, id);
};

/**
 * Makes the received case one of this station's: new ids (the case may have been here before,
 * under its old ids), this station's next case number, the receiving head for every staff
 * reference (the sender's staff are not this station's; their names stay in the snapshot), no
 * link to the sender's walk-in or address records, and assignments only to mediators this
 * station's pool also has (HQ's pool). Files stay at the sender: the snapshot lists them.
 */
export const receiveTransfer = async (m: EntityManager, who: Who, id: string): Promise<CaseTransfer> => {
  const [t]: TransferRow[] = await m.query(`SELECT * FROM "case_transfer" WHERE "id" = ? AND "direction" = 'in'`, [id]);
  if (!t) throw notFound('sync.transferNotFound');
  if (t.status !== 'received') throw conflict('sync.transferTaken');
  const rows = JSON.parse(t.snapshot ?? '{}') as Record<string, Row[]>;
  const original = rows.mediation_case?.[0];
  if (!original) throw conflict('sync.transferEmpty');
  const at = who.now.toISOString();
  const newIds = new Map<string, string>();
  const newId = (old: unknown) => {
    const k = String(old);
    if (!newIds.has(k)) newIds.set(k, uuidv7());
    return newIds.get(k)!;
  };
  const remapList = (json: unknown) =>
    typeof json === 'string' ? JSON.stringify((JSON.parse(json) as unknown[]).map((x) => (newIds.has(String(x)) ? newIds.get(String(x)) : x))) : json;
  // parties first get their new ids, so the case's and sessions' lists of party ids follow them
  for (const p of rows.mediation_party ?? []) newId(p.id);
  const caseId = newId(original.id);

  const year = Number(todayOf(who).slice(0, 4));
  const [{ next }] = await m.query(`SELECT COALESCE(MAX("caseSeq"), 0) + 1 AS "next" FROM "mediation_case" WHERE "stationId" = ? AND "caseYear" = ?`, [
    who.stationId,
    year,
  ]);
  const caseNo = formatCaseNo(year, Number(next));
  const mediators = new Set(((await m.query(`SELECT "id" FROM "mediator" WHERE "cancelledAt" IS NULL`)) as { id: string }[]).map((r) => r.id));

  for (const table of CASE_TABLES) {
    for (const source of rows[table.name] ?? []) {
      if (table === assignmentTable && !mediators.has(String(source.mediatorId))) continue;
      const row: Row = { ...source };
      for (const k of Object.keys(row)) if (/ById$/.test(k) && row[k] !== null && row[k] !== undefined) row[k] = who.staffId;
      if (table === caseTable) {
        Object.assign(row, { caseYear: year, caseSeq: Number(next), caseNo, walkInId: null, addressId: null });
        row.refusingPartyId = row.refusingPartyId ? newId(row.refusingPartyId) : null;
        row.extensionConsents = remapList(row.extensionConsents);
      } else {
        row.caseId = caseId;
      }
      if (table === sessionTable) {
        row.attendeePartyIds = remapList(row.attendeePartyIds);
        row.signedPartyIds = remapList(row.signedPartyIds);
      }
      // a new row of this station's, with the columns this station has (a newer sender's others
      // stay behind, an older sender's missing ones take their defaults); what the sender had
      // cancelled stays cancelled
      const values: Row = { cancelledAt: source.cancelledAt ?? null, cancelReason: source.cancelReason ?? null };
      for (const k of Object.keys(table.own)) if (row[k] !== undefined) values[k] = row[k];
      await (table as SyncedTable<Columns>).insert(m, who, values, table === caseTable ? caseId : newId(source.id));
    }
  }
  await transferTable.update(m, who, t, null, { status: 'accepted', statusAt: at, newCaseId: caseId, newCaseNo: caseNo });
  // the case is judged by this station's rules and this station's history from now on
  await rescoreOpenCases(m, who);
  return getTransfer(m, id);
};

/** HQ's items for this station: a case sent here, or the answer to a request of this station's. */
export const applyCaseTransferItem: BucketApplier = async (m, station, item, now) => {
  const p = item.payload;
  const at = now.toISOString();
  // no one at the station made this change: created and updated by no one
  const hq = { stationId: station.id, staffId: null, now };
  const transferId = String(p.transferId ?? '');
  if (p.kind === 'transfer') {
    const [had] = await m.query(`SELECT 1 FROM "case_transfer" WHERE "id" = ?`, [transferId]);
    if (had) return;
    await transferTable.insert(
      m,
      hq,
      {
        direction: 'in',
        caseId: String(p.caseId ?? ''),
        caseNo: String(p.caseNo ?? ''),
        fromStationCode: String(p.fromStationCode ?? ''),
        fromStationName: String(p.fromStationName ?? ''),
        toStationCode: String(p.toStationCode ?? station.code),
        reason: String(p.reason ?? ''),
        requestedAt: String(p.requestedAt ?? at),
        requestedBy: String(p.requestedBy ?? ''),
        status: 'received',
        statusAt: at,
        statusNote: null,
        newCaseId: null,
        newCaseNo: null,
        snapshot: JSON.stringify(p.rows ?? {}),
      },
      transferId,
    );
    return;
  }
  const answer: Pick<TransferRow, 'status' | 'statusNote' | 'newCaseNo'> | null =
    p.kind === 'refused'
      ? { status: 'refused', statusNote: String(p.note ?? ''), newCaseNo: null }
      : p.kind === 'accepted'
        ? { status: 'accepted', statusNote: String(p.stationName ?? ''), newCaseNo: p.newCaseNo == null ? null : String(p.newCaseNo) }
        : null;
  if (!answer) return;
  const [asked]: TransferRow[] = await m.query(`SELECT * FROM "case_transfer" WHERE "id" = ? AND "direction" = 'out' AND "status" = 'requested'`, [transferId]);
  if (asked) await transferTable.update(m, hq, asked, null, { ...answer, statusAt: String(p.at ?? at) });
};

const liveTransferOut = async (m: EntityManager, caseId: string): Promise<Row | undefined> =>
  (await m.query(`SELECT * FROM "case_transfer" WHERE "caseId" = ? AND ${LIVE_OUT}`, [caseId]))[0];

const awayView = (t: Row): TransferredAway => ({
  status: t.status === 'accepted' ? 'accepted' : 'requested',
  toStationCode: t.toStationCode as string,
  // HQ's answer names the station that took it
  toStationName: t.status === 'accepted' ? ((t.statusNote as string | null) ?? null) : null,
  reason: t.reason as string,
  requestedAt: t.requestedAt as string,
  requestedBy: t.requestedBy as string,
  acceptedAt: t.status === 'accepted' ? (t.statusAt as string) : null,
  newCaseNo: (t.newCaseNo as string | null) ?? null,
});

/**
 * A case that has left (or is leaving) this station is read-only in the mediation zone: its
 * writes are refused (every case method names the case as `id`; checked inside the write's
 * transaction), and the case as read says where it went and offers no actions.
 */
export const transferredCasesReadOnly = (entries: HandlerEntry[]): HandlerEntry[] =>
  entries.map((entry) => {
    if (entry.method.name === mediationGet.name) {
      return {
        ...entry,
        fn: async (ctx, input) => {
          const c = (await entry.fn(ctx, input)) as MediationCase;
          const t = await liveTransferOut(ctx.manager, c.id);
          return t ? { ...c, transfer: awayView(t), next: [] } : c;
        },
      };
    }
    if (entry.method.kind !== 'write') return entry;
    return {
      ...entry,
      fn: async (ctx, input) => {
        const id = (input as { id?: unknown }).id;
        if (typeof id === 'string') {
          const t = await liveTransferOut(ctx.manager, id);
          if (t) throw conflict('sync.caseTransferred', { station: t.toStationCode as string });
        }
        return entry.fn(ctx, input);
      },
    };
  });
