import { readDetail } from '../../shared/audit/details.js';
import { DETAIL_WORDS, UNMASKING_METHOD_WORDS, wordDetail } from '../../shared/audit/words.js';
import type { EntityManager } from 'typeorm';
import { UNMASKING_METHODS, type Unmasking } from '../../shared/audit/contract.js';
import { maskIdNumber } from '../../shared/checks/idNumber.js';
import { addDays, startOfLocalDate } from '../../shared/time.js';

export interface UnmaskingFilters {
  from?: string;
  to?: string;
  staffId?: string;
  method?: string;
  subject?: string | null;
  before?: string;
}

/**
 * The audit entries of unmasking calls, with the person each concerned: a walk-in, a resident or
 * a mediation case (its first party), looked up by the entry's record id. A purged record leaves
 * the entry without a name.
 */
export const unmaskings = async (manager: EntityManager, f: UnmaskingFilters, timeZone: string, limit: number): Promise<Unmasking[]> => {
  const where = [`a."method" IN (${UNMASKING_METHODS.map(() => '?').join(', ')})`];
  const params: unknown[] = [...UNMASKING_METHODS];
  if (f.from) {
    where.push('a."at" >= ?');
    params.push(startOfLocalDate(f.from, timeZone).toISOString());
  }
  if (f.to) {
    where.push('a."at" < ?');
    params.push(startOfLocalDate(addDays(f.to, 1), timeZone).toISOString());
  }
  if (f.staffId) {
    where.push('a."staffId" = ?');
    params.push(f.staffId);
  }
  if (f.method) {
    where.push('a."method" = ?');
    params.push(f.method);
  }
  if (f.subject) {
    where.push(`(a."recordId" = ? OR COALESCE(w."visitorName", r."name", p."name") LIKE ? ESCAPE '\\')`);
    params.push(f.subject, `${f.subject.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (f.before) {
    where.push('a."id" < ?');
    params.push(f.before);
  }
  params.push(limit);
  const rows: (Unmasking & { idNumber: string | null })[] = await manager.query(
    `SELECT a."id", a."at", a."staffId", a."staffName", a."method", a."recordId", a."detail" AS "reason",
            COALESCE(w."visitorName", r."name", p."name") AS "subjectName",
            COALESCE(w."idNumber", r."idNumber", p."idNumber") AS "idNumber"
     FROM "audit_log" a
     LEFT JOIN "walk_in" w ON w."id" = a."recordId"
     LEFT JOIN "resident" r ON r."id" = a."recordId"
     LEFT JOIN "mediation_party" p ON p."id" = (SELECT p2."id" FROM "mediation_party" p2 WHERE p2."caseId" = a."recordId" ORDER BY p2."id" LIMIT 1)
     WHERE ${where.join(' AND ')}
     ORDER BY a."id" DESC LIMIT ?`,
    params,
  );
  return rows.map(({ idNumber, reason, ...r }) => ({ ...r, reason: readDetail(reason as string | null), subjectIdMasked: maskIdNumber(idNumber) }));
};

const HEADERS = {
  zh: ['时间', '人员', '操作', '对象', '证件号码（遮蔽）', '原因或结果', '记录编号'],
  en: ['Time', 'Staff', 'Action', 'Person', 'ID number (masked)', 'Reason or result', 'Record id'],
};

/** CSV for Excel: a BOM so Chinese opens correctly, and no cell that Excel would run as a formula. */
export const unmaskingsCsv = (entries: Unmasking[], lang: 'zh' | 'en', localTime: (iso: string) => string): string => {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [HEADERS[lang].map(cell).join(',')];
  // a detail the core wrote in the file's language; a reason as the user gave it
  const reason = (r: Unmasking['reason']) => (r === null || typeof r === 'string' ? r : wordDetail(r, DETAIL_WORDS[lang]));
  // the action named as the screen names it, not by its code
  const action = (method: string) => (UNMASKING_METHOD_WORDS[lang] as Record<string, string>)[method] ?? method;
  for (const e of entries) lines.push([localTime(e.at), e.staffName, action(e.method), e.subjectName, e.subjectIdMasked, reason(e.reason), e.recordId].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};
