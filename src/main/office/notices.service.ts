/**
 * The notice library and the notices printed from it. The shipped templates
 * (resources/notice-templates.json) need no row until the station edits or retires one: the row
 * then takes the default's id and stands in for it. HQ's templates arrive by sync under HQ's ids
 * (applyHqTemplate).
 */
import type { EntityManager } from 'typeorm';
import templateData from '../../../resources/notice-templates.json';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import { composedEntry } from '../../shared/office/composed.js';
import {
  NOTICE_FIELDS,
  NOTICE_KINDS,
  fillText,
  placeholdersOf,
  type NoticeField,
  type NoticeKind,
  type NoticeLanguage,
  type NoticePageSize,
  type NoticeSource,
  type NoticeTemplate,
  type NoticeTemplateFields,
  type PrintedNotice,
} from '../../shared/office/notices.js';
import { checkVersion } from '../db/baseColumns.js';
import type { Who } from '../context.js';
import { noticePrintTable, noticeTemplateTable, type NoticeTemplateRow } from './office.entity.js';
import { addEntry, currentShiftId } from './office.service.js';

type TemplateRow = NoticeTemplateRow;

/**
 * Where a template comes from, in the table's "builtin" column (an integer: the table says so
 * without a new column): 0 the station's own, 1 a shipped default, 2 published by HQ.
 */
const ORIGIN: Record<NoticeSource, number> = { station: 0, default: 1, hq: 2 };
const sourceOf = (builtin: number): NoticeSource => (builtin === ORIGIN.hq ? 'hq' : builtin === ORIGIN.default ? 'default' : 'station');

const fieldsOf = (t: { title: string; body: string; footer: string | null; qr: string | null }): NoticeField[] =>
  placeholdersOf(t.title, t.body, t.footer, t.qr).filter((f): f is NoticeField => (NOTICE_FIELDS as readonly string[]).includes(f));

type ShippedTemplate = Omit<NoticeTemplate, 'version' | 'source' | 'fields'> & { en: Pick<NoticeTemplate, 'name' | 'title' | 'body' | 'footer'> };
const SHIPPED = templateData.templates as ShippedTemplate[];

/** The shipped defaults, as never edited (version 0), in Chinese. */
export const BUILTIN_TEMPLATES: NoticeTemplate[] = SHIPPED.map(({ en: _en, ...t }) => ({ ...t, version: 0, source: 'default', fields: fieldsOf(t) }));

/**
 * The shipped defaults in the reader's language: each has an English twin, read and printed in
 * English while nobody has edited it. An edited one is the station's own words, in whatever
 * language they were written.
 */
const builtinTemplates = (lang: NoticeLanguage): NoticeTemplate[] =>
  lang === 'zh' ? BUILTIN_TEMPLATES : SHIPPED.map(({ en, ...t }) => ({ ...t, ...en, version: 0, source: 'default', fields: fieldsOf({ ...t, ...en }) }));

const templateView = (r: TemplateRow): NoticeTemplate => ({
  id: r.id,
  version: r.version,
  kind: r.kind,
  name: r.name,
  title: r.title,
  body: r.body,
  footer: r.footer,
  qr: r.qr,
  pageSize: r.pageSize,
  source: sourceOf(r.builtin),
  fields: fieldsOf(r),
});

/** HQ's and the shipped templates first within a kind, then the station's own. */
const SOURCE_ORDER: NoticeSource[] = ['hq', 'default', 'station'];

export const listTemplates = async (manager: EntityManager, lang: NoticeLanguage = 'zh'): Promise<NoticeTemplate[]> => {
  const rows = (await manager.query(`SELECT * FROM "office_notice_template"`)) as TemplateRow[];
  const stored = new Set(rows.map((r) => r.id));
  const all = [...builtinTemplates(lang).filter((t) => !stored.has(t.id)), ...rows.filter((r) => !r.cancelledAt).map(templateView)];
  return all.sort(
    (a, b) =>
      NOTICE_KINDS.indexOf(a.kind) - NOTICE_KINDS.indexOf(b.kind) ||
      SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) ||
      a.name.localeCompare(b.name, lang === 'en' ? 'en' : 'zh-CN'),
  );
};

const findTemplate = async (manager: EntityManager, id: string, lang: NoticeLanguage = 'zh'): Promise<{ row: TemplateRow | null; builtin: NoticeTemplate | null }> => {
  const [row] = (await manager.query(`SELECT * FROM "office_notice_template" WHERE "id" = ?`, [id])) as TemplateRow[];
  const builtin = builtinTemplates(lang).find((t) => t.id === id) ?? null;
  if ((row && row.cancelledAt) || (!row && !builtin)) throw notFound('office.notice.templateNotFound');
  return { row: row ?? null, builtin };
};

export const saveTemplate = async (
  manager: EntityManager,
  who: Who,
  input: { id?: string; version?: number; kind: NoticeKind; name: string; title: string; body: string; footer: string | null; qr: string | null; pageSize: NoticePageSize },
): Promise<string> => {
  const fields = { kind: input.kind, name: input.name, title: input.title, body: input.body, footer: input.footer, qr: input.qr, pageSize: input.pageSize };
  if (input.id === undefined) return (await noticeTemplateTable.insert(manager, who, { ...fields, builtin: ORIGIN.station })).id;
  if (input.version === undefined) throw validationError('version', 'required');
  const { row } = await findTemplate(manager, input.id);
  if (!row) {
    // the first edit of a shipped default: the station's own version of it, under its id
    if (input.version !== 0) throw conflict('staleVersion');
    await noticeTemplateTable.insert(manager, who, { ...fields, builtin: ORIGIN.default }, input.id);
    return input.id;
  }
  await noticeTemplateTable.update(manager, who, row, input.version, fields);
  return row.id;
};

export const getTemplate = async (manager: EntityManager, id: string, lang: NoticeLanguage = 'zh'): Promise<NoticeTemplate> => {
  const { row, builtin } = await findTemplate(manager, id, lang);
  return row ? templateView(row) : builtin!;
};

/** A template leaves the library (kept, with the reason); a shipped default is retired the same way. */
export const retireTemplate = async (manager: EntityManager, who: Who, input: { id: string; version: number; reason: string }): Promise<void> => {
  const { row, builtin } = await findTemplate(manager, input.id);
  if (!row) {
    checkVersion(input, 0);
    const b = builtin!;
    await noticeTemplateTable.insert(
      manager,
      who,
      { cancelledAt: who.now.toISOString(), cancelReason: input.reason, kind: b.kind, name: b.name, title: b.title, body: b.body, footer: b.footer, qr: b.qr, pageSize: b.pageSize, builtin: ORIGIN.default },
      b.id,
    );
    return;
  }
  await noticeTemplateTable.cancel(manager, who, row, input.version, input.reason);
};

/**
 * HQ's template (checked against its shape before this runs) into the library, under HQ's id.
 * Each version HQ publishes is applied once, when it arrives, and HQ's wording replaces the
 * template's: a notice HQ publishes (a hotline, a legal text) reads the same at every station.
 * What the station wrote is never lost: if the head edited the template since HQ's last version,
 * that wording stays beside HQ's new one as a template of the station's own, under a new id. A
 * template the head retired stays retired (its text is brought up to date all the same). The
 * station's own templates are never touched: HQ's ids are not theirs. HQ may also publish under a
 * shipped default's id, which makes that default HQ's.
 */
export const applyHqTemplate = async (manager: EntityManager, by: { stationId: string; now: Date }, id: string, template: NoticeTemplateFields): Promise<void> => {
  const fields = { kind: template.kind, name: template.name, title: template.title, body: template.body, footer: template.footer, qr: template.qr, pageSize: template.pageSize };
  const [row] = (await manager.query(`SELECT * FROM "office_notice_template" WHERE "id" = ?`, [id])) as TemplateRow[];
  // no one at the station made this change: updatedBy stays empty, as for HQ's mediators
  const hq = { stationId: by.stationId, staffId: null, now: by.now };
  if (!row) {
    await noticeTemplateTable.insert(manager, hq, { ...fields, builtin: ORIGIN.hq }, id);
    return;
  }
  const editedHere = row.updatedBy !== null && !row.cancelledAt;
  const sameText = (Object.keys(fields) as (keyof typeof fields)[]).every((k) => row[k] === fields[k]);
  if (editedHere && !sameText) {
    // the head's wording, as the head left it, by the head who wrote it
    await noticeTemplateTable.insert(
      manager,
      { ...hq, staffId: row.updatedBy },
      { kind: row.kind, name: row.name, title: row.title, body: row.body, footer: row.footer, qr: row.qr, pageSize: row.pageSize, builtin: ORIGIN.station },
    );
  }
  await noticeTemplateTable.update(manager, hq, row, null, { ...fields, builtin: ORIGIN.hq });
};

/** A printed notice as stored, with the printer's name where the view has who printed it. */
type PrintRow = Omit<PrintedNotice, 'printedBy'> & { printedByName: string };

const PRINT_SELECT = `SELECT p.*, s."name" AS "printedByName" FROM "office_notice_print" p JOIN "staff" s ON s."id" = p."printedById"`;

const printView = (r: PrintRow): PrintedNotice => ({
  id: r.id,
  templateId: r.templateId,
  kind: r.kind,
  title: r.title,
  body: r.body,
  footer: r.footer,
  qr: r.qr,
  pageSize: r.pageSize,
  printedAt: r.printedAt,
  printedBy: r.printedByName,
  logEntryId: r.logEntryId,
});

export const getPrinted = async (manager: EntityManager, id: string): Promise<PrintedNotice> => {
  const [row] = (await manager.query(`${PRINT_SELECT} WHERE p."id" = ? AND p."cancelledAt" IS NULL`, [id])) as PrintRow[];
  if (!row) throw notFound('office.notice.notFound');
  return printView(row);
};

export const printedHistory = async (manager: EntityManager, limit: number): Promise<PrintedNotice[]> =>
  ((await manager.query(`${PRINT_SELECT} WHERE p."cancelledAt" IS NULL ORDER BY p."printedAt" DESC, p."id" DESC LIMIT ?`, [limit])) as PrintRow[]).map(printView);

/**
 * Fills a template and records the notice. While a shift is open its duty log gets a "notice
 * printed" entry, written with the notice, so the log says what went up on the board and when.
 */
export const printNotice = async (
  manager: EntityManager,
  who: Who,
  input: { templateId: string; templateVersion: number; pageSize: NoticePageSize; values: Record<NoticeField, string | null>; lang?: NoticeLanguage },
): Promise<string> => {
  // a shipped default prints in the language it was filled in
  const template = await getTemplate(manager, input.templateId, input.lang);
  // the form was filled from what the person saw; an edit since then is shown before it is printed
  if (template.version !== input.templateVersion) throw conflict('office.notice.templateChanged');
  // a QR code with a blank in it would send a phone to a wrong number
  for (const name of placeholdersOf(template.qr)) {
    if (!input.values[name as NoticeField]) throw validationError(`values.${name}`, 'office.notice.qrFieldRequired');
  }
  const title = fillText(template.title, input.values);
  const shiftId = await currentShiftId(manager, who.now);
  let logEntryId: string | null = null;
  if (shiftId) {
    logEntryId = await addEntry(manager, who, {
      shiftId,
      type: 'noticePrinted',
      people: null,
      place: null,
      action: `《${title}》${input.pageSize}`,
      result: null,
      followUpOwnerId: null,
      followUp: false,
      composed: composedEntry('noticePrinted', { title, pageSize: input.pageSize }),
    });
  }
  const { id } = await noticePrintTable.insert(manager, who, {
    templateId: template.id,
    kind: template.kind,
    title,
    body: fillText(template.body, input.values),
    footer: template.footer === null ? null : fillText(template.footer, input.values),
    qr: template.qr === null ? null : fillText(template.qr, input.values),
    pageSize: input.pageSize,
    fieldValues: JSON.stringify(input.values),
    printedAt: who.now.toISOString(),
    printedById: who.staffId,
    shiftId,
    logEntryId,
  });
  return id;
};
