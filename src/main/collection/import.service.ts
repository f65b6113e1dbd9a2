import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { parseResidentId } from '../../shared/checks/idNumber.js';
import { checkMobile } from '../../shared/checks/phone.js';
import {
  IMPORT_FIELDS,
  REQUIRED_IMPORT_FIELDS,
  type ImportConflict,
  type ImportField,
  type ImportOutcome,
  type ImportPreview,
  type ImportRowProblem,
} from '../../shared/collection/contract.js';
import { normaliseIdentifier, type Category, type Relation } from '../../shared/collection/model.js';
import { CATEGORY_WORDS, HEADER_SYNONYMS, RELATION_WORDS, reasonZh } from '../../shared/collection/importText.js';
import { AppError } from '../../shared/errors.js';
import { newRowBase, touch } from '../db/baseColumns.js';
import { insertRow } from '../db/insert.js';
import type { ResidentRow } from './collection.entity.js';
import { bulkIds, insertMany, reversed, today, updateRow, type Who } from './common.js';
import { pinyinKeys } from './pinyin.js';
import { diff } from './resident.service.js';

export interface ImportFile {
  fileName: string;
  data: string;
  source: string;
  sheet: string | null;
  mapping?: Record<string, ImportField>;
}

interface Sheet {
  name: string;
  /** rows as text cells, the header row first; `rowNo` is the row number the grid worker sees */
  rows: { rowNo: number; cells: string[] }[];
}

const importError = (key: string, params?: Record<string, string | number>) =>
  new AppError({ code: 'VALIDATION', key, field: 'data', params, fields: [{ field: 'data', key, params }] });

const two = (n: number) => String(n).padStart(2, '0');
const isoOf = (d: Date) => `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;

/** A cell as the text the grid worker meant: formulas give their result, dates their day. */
const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoOf(value);
  if (typeof value === 'number') {
    // an ID number typed into a number cell: Excel keeps 15 significant digits and shows 1.10105E+17
    return Number.isInteger(value) && Math.abs(value) < 1e15 ? String(value) : `#NUM:${value}`;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in value) return String(value.text);
  return '';
};

/** CSV as Excel writes it: quotes, doubled quotes, commas and line breaks inside quotes. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
};

/** Excel on a Chinese PC saves CSV in GB18030 (ANSI), elsewhere in UTF-8: try UTF-8 strictly first. */
const decodeText = (bytes: Buffer): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
};

/**
 * The last files read, by a hash of their name and bytes: the commit that follows a preview of
 * the same file does not parse the workbook again (parsing is most of the work of an import).
 * Sheets are never changed after reading, so sharing them is safe.
 */
const recentFiles = new Map<string, Promise<Sheet[]>>();
const RECENT_FILES = 2;

export const readSheets = (file: Pick<ImportFile, 'fileName' | 'data'>): Promise<Sheet[]> => {
  const key = createHash('sha256').update(file.fileName).update('\0').update(file.data).digest('hex');
  const known = recentFiles.get(key);
  if (known) return known;
  const reading = parseSheets(file);
  recentFiles.set(key, reading);
  reading.catch(() => recentFiles.delete(key));
  while (recentFiles.size > RECENT_FILES) recentFiles.delete(recentFiles.keys().next().value!);
  return reading;
};

const parseSheets = async (file: Pick<ImportFile, 'fileName' | 'data'>): Promise<Sheet[]> => {
  const bytes = Buffer.from(file.data, 'base64');
  if (bytes.length === 0) throw importError('collection.import.empty');
  if (/\.csv$/i.test(file.fileName)) {
    const rows = parseCsv(decodeText(bytes)).map((cells, i) => ({ rowNo: i + 1, cells }));
    return [{ name: file.fileName.replace(/\.csv$/i, ''), rows: rows.filter((r) => r.cells.some((c) => c.trim() !== '')) }];
  }
  // an .xlsx is a zip file; the old binary .xls (and anything else) is not
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf) throw importError('collection.import.oldExcel');
    throw importError('collection.import.notExcel');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw importError('collection.import.notExcel');
  }
  return workbook.worksheets.map((ws) => {
    const rows: Sheet['rows'] = [];
    // read once: exceljs counts the columns by walking every row each time it is asked
    const columns = ws.columnCount;
    ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
      const cells: string[] = [];
      // merged cells: every cell of the merge reads the master's value (an address merged over a household)
      for (let c = 1; c <= columns; c++) cells.push(cellText(row.getCell(c).value).trim());
      if (cells.some((c) => c !== '')) rows.push({ rowNo, cells });
    });
    return { name: ws.name, rows };
  });
};

const headerKey = (h: string) => h.replace(/\s+/g, '').toLowerCase();

/** The mapping a header row suggests: each header that is a known wording of a field. */
export const guessMapping = (headers: string[]): Record<string, ImportField> => {
  const out: Record<string, ImportField> = {};
  const used = new Set<ImportField>();
  for (const h of headers) {
    const key = headerKey(h);
    const field = IMPORT_FIELDS.find((f) => !used.has(f) && HEADER_SYNONYMS[f].some((s) => headerKey(s) === key));
    if (field) {
      out[h] = field;
      used.add(field);
    }
  }
  return out;
};

const missingFields = (mapping: Record<string, ImportField>, headers: string[]) =>
  REQUIRED_IMPORT_FIELDS.filter((f) => !Object.entries(mapping).some(([h, v]) => v === f && headers.includes(h)));

interface Row {
  rowNo: number;
  cells: string[];
  values: Partial<Record<ImportField, string>>;
}

interface Parsed {
  rowNo: number;
  name: string;
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  phone: string | null;
  ethnicity: string | null;
  hukouPlace: string | null;
  addressId: string;
  category: Category;
  relationToHead: Relation | null;
  arrivedOn: string | null;
  employer: string | null;
}

/** A date however a sheet holds it: 2024-03-01, 2024/3/1, 2024.3.1, 20240301, or an Excel serial day (45352). */
const parseDate = (raw: string): string | null => {
  const s = normaliseIdentifier(raw).replace(/[年月./]/g, '-').replace(/日$/, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? isoOf(d) : null;
  }
  m = /^(\d{5})(\.\d+)?$/.exec(s);
  // Excel counts days from 1899-12-30 (its 1900 leap-year bug included)
  if (m) return isoOf(new Date(Date.UTC(1899, 11, 30) + Number(m[1]) * 86_400_000));
  return null;
};

/** The address index of the last import, and the state of the tree it was built from. */
let lastIndex: { stamp: string; index: Map<string, string | null> } | null = null;

/**
 * Room addresses by their text and by every tail of it a sheet may use (from the street, the 小区,
 * the building). Kept while the tree is unchanged: a count and the latest change identify its state.
 */
const addressIndex = async (manager: EntityManager) => {
  const [state] = await manager.query(`SELECT COUNT(*) AS "n", MAX("updatedAt") AS "at", SUM("version") AS "v" FROM "address_node"`);
  // the file too: two stations' trees (two tests in one process) can agree in count and times
  const stamp = `${String((manager.connection.options as { database?: unknown }).database)}|${state.n}|${state.at}|${state.v}`;
  if (lastIndex?.stamp === stamp) return lastIndex.index;
  const index = await buildAddressIndex(manager);
  lastIndex = { stamp, index };
  return index;
};

const buildAddressIndex = async (manager: EntityManager) => {
  const nodes: { id: string; kind: string; path: string; searchText: string; parentId: string | null }[] = await manager.query(
    `SELECT "id", "kind", "path", "searchText", "parentId" FROM "address_node" WHERE "cancelledAt" IS NULL`,
  );
  const textOf = new Map(nodes.map((n) => [n.id, n.searchText]));
  const index = new Map<string, string | null>();
  const put = (key: string, id: string) => index.set(key, index.has(key) && index.get(key) !== id ? null : id);
  for (const n of nodes) {
    if (n.kind !== 'room') continue;
    put(n.searchText, n.id);
    const ancestors = n.path.split('/').filter(Boolean);
    // a tail starts after any ancestor: drop the division, the street, …
    for (const a of ancestors.slice(0, -2)) {
      const prefix = textOf.get(a);
      if (prefix && n.searchText.startsWith(prefix) && n.searchText.length > prefix.length) put(n.searchText.slice(prefix.length), n.id);
    }
  }
  return index;
};

const addressKey = (raw: string) => normaliseIdentifier(raw).toLowerCase();

const limitText = (value: string | undefined, max: number) => {
  const v = (value ?? '').trim();
  if (v === '') return { ok: true as const, value: null };
  return [...v].length > max ? { ok: false as const } : { ok: true as const, value: v };
};

interface Analysis {
  sheets: string[];
  sheet: Sheet;
  headers: string[];
  mapping: Record<string, ImportField>;
  mappingRemembered: boolean;
  problems: ImportRowProblem[];
  rejected: Set<number>;
  fresh: Parsed[];
  existing: { parsed: Parsed; row: ResidentRow; fills: Partial<ResidentRow>; conflicts: ImportConflict['fields'] }[];
  counts: Record<ImportOutcome, number>;
}

/** Reads, maps, validates and de-duplicates a file against the station's records, writing nothing. */
export const analyse = async (manager: EntityManager, w: Who, file: ImportFile): Promise<Analysis> => {
  const sheets = await readSheets(file);
  const remembered: { mapping: string }[] = await manager.query(
    `SELECT "mapping" FROM "collection_import_mapping" WHERE "source" = ? AND "cancelledAt" IS NULL`,
    [file.source],
  );
  const rememberedMapping: Record<string, ImportField> | null = remembered[0] ? JSON.parse(remembered[0].mapping) : null;
  const mappingFor = (headers: string[]) => file.mapping ?? (rememberedMapping && missingFields(rememberedMapping, headers).length === 0 ? rememberedMapping : guessMapping(headers));

  let sheet: Sheet | undefined;
  if (file.sheet) {
    sheet = sheets.find((s) => s.name === file.sheet);
    if (!sheet) throw importError('collection.import.noSheet', { sheet: file.sheet });
  } else {
    // the first sheet that has the columns; a workbook with a cover sheet first still imports
    sheet = sheets.find((s) => s.rows.length > 0 && missingFields(mappingFor(s.rows[0].cells), s.rows[0].cells).length === 0) ?? sheets[0];
  }
  if (!sheet || sheet.rows.length === 0) throw importError('collection.import.empty');
  const headers = sheet.rows[0].cells;
  const mapping = mappingFor(headers);
  const missing = missingFields(mapping, headers);
  if (missing.length > 0) throw importError('collection.import.missingColumn', { sheet: sheet.name, fields: missing.join(',') });
  const mappingRemembered = !file.mapping && rememberedMapping !== null && mapping === rememberedMapping;

  const columnOf = new Map<ImportField, number>();
  for (const [header, field] of Object.entries(mapping)) {
    const i = headers.indexOf(header);
    if (i >= 0) columnOf.set(field, i);
  }
  const rows: Row[] = sheet.rows.slice(1).map((r) => ({
    rowNo: r.rowNo,
    cells: r.cells,
    values: Object.fromEntries([...columnOf].map(([f, i]) => [f, (r.cells[i] ?? '').trim()])),
  }));

  const problems: ImportRowProblem[] = [];
  const rejected = new Set<number>();
  const headerOf = (f: ImportField) => headers[columnOf.get(f) ?? -1] ?? null;
  const reject = (row: number, field: ImportField | null, key: string, params?: Record<string, string | number>) => {
    problems.push({ row, column: field ? headerOf(field) : null, key, ...(params ? { params } : {}) });
    rejected.add(row);
  };
  const addresses = await addressIndex(manager);
  const day = today(w);
  const parsedRows: Parsed[] = [];
  for (const r of rows) {
    const v = r.values;
    const before = problems.length;
    const name = (v.name ?? '').trim();
    if (name === '') reject(r.rowNo, 'name', 'required');
    else if ([...name].length > 50) reject(r.rowNo, 'name', 'tooLong');
    let idNumber = '';
    let birthDate = '';
    let sex: 'male' | 'female' = 'male';
    const rawId = v.idNumber ?? '';
    if (rawId.startsWith('#NUM:')) reject(r.rowNo, 'idNumber', 'collection.import.idAsNumber');
    else if (rawId.trim() === '') reject(r.rowNo, 'idNumber', 'required');
    else {
      // full-width digits and spaces inside the number are normalised, not rejected
      const id = parseResidentId(normaliseIdentifier(rawId), day);
      if (!id.ok) reject(r.rowNo, 'idNumber', `idNumber.${id.problem}`);
      else ({ idNumber, birthDate, sex } = id.value);
    }
    let phone: string | null = null;
    if (v.phone) {
      const p = checkMobile(normaliseIdentifier(v.phone));
      if (p.ok) phone = p.value;
      else reject(r.rowNo, 'phone', p.problem);
    }
    let addressId = '';
    if (!v.address) reject(r.rowNo, 'address', 'required');
    else {
      const found = addresses.get(addressKey(v.address));
      if (found === undefined) reject(r.rowNo, 'address', 'collection.import.unknownAddress');
      else if (found === null) reject(r.rowNo, 'address', 'collection.import.ambiguousAddress');
      else addressId = found;
    }
    let category: Category = 'resident';
    if (v.category) {
      const c = CATEGORY_WORDS[v.category.replace(/\s+/g, '')];
      if (c) category = c;
      else reject(r.rowNo, 'category', 'invalidOption');
    }
    let relationToHead: Relation | null = null;
    if (v.relationToHead) {
      const rel = RELATION_WORDS[v.relationToHead.replace(/\s+/g, '')];
      if (rel) relationToHead = rel;
      else reject(r.rowNo, 'relationToHead', 'invalidOption');
    }
    let arrivedOn: string | null = null;
    if (v.arrivedOn) {
      arrivedOn = parseDate(v.arrivedOn);
      if (!arrivedOn || arrivedOn > day) reject(r.rowNo, 'arrivedOn', 'collection.import.badDate');
    }
    const texts = { ethnicity: limitText(v.ethnicity, 20), hukouPlace: limitText(v.hukouPlace, 100), employer: limitText(v.employer, 100) };
    for (const [f, t] of Object.entries(texts)) if (!t.ok) reject(r.rowNo, f as ImportField, 'tooLong');
    if (problems.length > before) continue;
    parsedRows.push({
      rowNo: r.rowNo, name, idNumber, birthDate, sex, phone, addressId, category, relationToHead, arrivedOn,
      ethnicity: texts.ethnicity.ok ? texts.ethnicity.value : null,
      hukouPlace: texts.hukouPlace.ok ? texts.hukouPlace.value : null,
      employer: texts.employer.ok ? texts.employer.value : null,
    });
  }

  // same ID number = same person: a repeat of the same person is dropped, two names for one number are both refused
  const firstById = new Map<string, Parsed>();
  const claimedTwice = new Set<string>();
  const unique: Parsed[] = [];
  for (const p of parsedRows) {
    const first = firstById.get(p.idNumber);
    if (!first) {
      firstById.set(p.idNumber, p);
      unique.push(p);
    } else if (first.name === p.name) reject(p.rowNo, 'idNumber', 'collection.import.duplicateInFile', { row: first.rowNo });
    else {
      reject(p.rowNo, 'idNumber', 'collection.import.idClaimedTwice', { row: first.rowNo });
      if (!claimedTwice.has(p.idNumber)) reject(first.rowNo, 'idNumber', 'collection.import.idClaimedTwice', { row: p.rowNo });
      claimedTwice.add(p.idNumber);
    }
  }
  const candidates = unique.filter((p) => !claimedTwice.has(p.idNumber));

  const current = new Map<string, ResidentRow>();
  const ids = candidates.map((p) => p.idNumber);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const found: ResidentRow[] = await manager.query(
      `SELECT * FROM "resident" WHERE "idNumber" IN (${chunk.map(() => '?').join(',')}) AND "cancelledAt" IS NULL`,
      chunk,
    );
    for (const f of found) current.set(f.idNumber!, f);
  }
  const fresh: Parsed[] = [];
  const existing: Analysis['existing'] = [];
  const compared = ['name', 'phone', 'ethnicity', 'hukouPlace', 'addressId', 'category', 'relationToHead', 'arrivedOn', 'employer'] as const;
  for (const p of candidates) {
    const row = current.get(p.idNumber);
    if (!row) {
      fresh.push(p);
      continue;
    }
    if (row.movedOutOn) {
      reject(p.rowNo, 'idNumber', 'collection.import.movedOut');
      continue;
    }
    const fills: Partial<ResidentRow> = {};
    const conflicts: ImportConflict['fields'] = [];
    for (const f of compared) {
      const incoming = p[f];
      const had = row[f];
      if (incoming === null || incoming === had) continue;
      if (had === null) (fills as Record<string, unknown>)[f] = incoming;
      else conflicts.push({ field: f === 'addressId' ? 'address' : f, current: String(had), incoming: String(incoming) });
    }
    existing.push({ parsed: p, row, fills, conflicts });
  }
  const counts: Record<ImportOutcome, number> = {
    new: fresh.length,
    updated: existing.filter((e) => Object.keys(e.fills).length > 0 || e.conflicts.length > 0).length,
    unchanged: existing.filter((e) => Object.keys(e.fills).length === 0 && e.conflicts.length === 0).length,
    rejected: rejected.size,
  };
  problems.sort((a, b) => a.row - b.row);
  return { sheets: sheets.map((s) => s.name), sheet, headers, mapping, mappingRemembered, problems, rejected, fresh, existing, counts };
};

/** Conflicting addresses are shown as their text, not their ids. */
const withAddressText = async (manager: EntityManager, conflicts: ImportConflict[]) => {
  const ids = [...new Set(conflicts.flatMap((c) => c.fields.filter((f) => f.field === 'address').flatMap((f) => [f.current, f.incoming])))].filter(Boolean) as string[];
  if (ids.length === 0) return conflicts;
  const rows: { id: string; fullText: string }[] = await manager.query(`SELECT "id", "fullText" FROM "address_node" WHERE "id" IN (${ids.map(() => '?').join(',')})`, ids);
  const text = new Map(rows.map((r) => [r.id, r.fullText]));
  return conflicts.map((c) => ({
    ...c,
    fields: c.fields.map((f) => (f.field === 'address' ? { ...f, current: text.get(f.current!) ?? f.current, incoming: text.get(f.incoming!) ?? f.incoming } : f)),
  }));
};

export const previewImport = async (manager: EntityManager, w: Who, file: ImportFile): Promise<ImportPreview> => {
  const a = await analyse(manager, w, file);
  const conflicts = a.existing
    .filter((e) => e.conflicts.length > 0)
    .slice(0, 500)
    .map((e) => ({ row: e.parsed.rowNo, residentId: e.row.id, name: e.row.name, fields: e.conflicts }));
  return {
    sheets: a.sheets,
    sheet: a.sheet.name,
    headers: a.headers,
    mapping: a.mapping,
    mappingRemembered: a.mappingRemembered,
    rows: a.sheet.rows.length - 1,
    counts: a.counts,
    problems: a.problems.slice(0, 2000),
    conflicts: await withAddressText(manager, conflicts),
  };
};

/**
 * Writes the valid rows, in the caller's one transaction: if anything fails, nothing of the file
 * stays. New people are inserted; known people get the values they lacked, and the conflicting
 * values only for the rows the user chose (`takeIncoming`).
 */
export const commitImport = async (manager: EntityManager, w: Who, file: ImportFile & { takeIncoming: number[] }) => {
  const a = await analyse(manager, w, file);
  const take = new Set(file.takeIncoming);
  const at = w.now.toISOString();
  const people: ResidentRow[] = [];
  const history: object[] = [];
  const ids = bulkIds(2 * a.fresh.length);
  for (const [n, p] of a.fresh.entries()) {
    const keys = pinyinKeys(p.name);
    const row: ResidentRow = {
      ...newRowBase(ids[2 * n], w.stationId, w.staffId, w.now),
      name: p.name, pinyin: keys.pinyin, initials: keys.initials, idType: 'resident', idNumber: p.idNumber, idReversed: reversed(p.idNumber),
      sex: p.sex, birthDate: p.birthDate, ethnicity: p.ethnicity, hukouPlace: p.hukouPlace, addressId: p.addressId, householdHeadId: null,
      relationToHead: p.relationToHead, category: p.category, arrivedOn: p.arrivedOn, movedOutOn: null, moveOutReason: null, phone: p.phone,
      phoneReversed: reversed(p.phone), employer: p.employer, tenancy: null,
      // a spreadsheet import is the grid workers' collection, whoever at the station imports it
      source: 'gridWorker',
      verification: 'unverified', note: null, collectedById: w.staffId, collectedAt: at, careReason: null,
    };
    people.push(row);
    history.push({
      ...newRowBase(ids[2 * n + 1], w.stationId, w.staffId, w.now),
      residentId: row.id, at, byId: w.staffId, kind: 'import', changes: JSON.stringify(diff(null, row)), note: `${file.source} · ${file.fileName} · ${p.rowNo}`,
    });
  }
  await insertMany(manager, 'resident', people);
  await insertMany(manager, 'resident_change', history);
  let updated = 0;
  for (const e of a.existing) {
    const change: Partial<ResidentRow> = { ...e.fills };
    if (take.has(e.parsed.rowNo)) for (const c of e.conflicts) (change as Record<string, unknown>)[c.field === 'address' ? 'addressId' : c.field] = e.parsed[c.field === 'address' ? 'addressId' : c.field];
    if (change.name) Object.assign(change, pinyinKeys(change.name));
    if (change.phone) change.phoneReversed = reversed(change.phone);
    const changes = diff(e.row, change);
    if (Object.keys(changes).length === 0) continue;
    updated += 1;
    await updateRow(manager, 'resident', e.row.id, { ...change, ...touch(e.row, w.staffId, w.now) });
    await insertRow(manager, 'resident_change', {
      ...newRowBase(uuidv7(), w.stationId, w.staffId, w.now),
      residentId: e.row.id, at, byId: w.staffId, kind: 'import', changes: JSON.stringify(changes), note: `${file.source} · ${file.fileName} · ${e.parsed.rowNo}`,
    });
  }
  // the mapping that worked is remembered for the next file from the same source
  const [saved] = await manager.query(`SELECT "id", "version" FROM "collection_import_mapping" WHERE "source" = ?`, [file.source]);
  if (saved) await updateRow(manager, 'collection_import_mapping', saved.id, { mapping: JSON.stringify(a.mapping), ...touch(saved, w.staffId, w.now) });
  else await insertRow(manager, 'collection_import_mapping', { ...newRowBase(uuidv7(), w.stationId, w.staffId, w.now), source: file.source, mapping: JSON.stringify(a.mapping) });
  return { counts: { new: a.fresh.length, updated, unchanged: a.existing.length - updated, rejected: a.rejected.size } };
};

export const workbookBase64 = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');

/** The rejected rows as the grid worker sent them, with the row number and the reasons beside each. */
export const rejectsWorkbook = async (manager: EntityManager, w: Who, file: ImportFile) => {
  const a = await analyse(manager, w, file);
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('未导入');
  ws.addRow(['原行号', ...a.headers, '原因']).font = { bold: true };
  const reasons = new Map<number, string[]>();
  for (const p of a.problems) {
    const list = reasons.get(p.row) ?? [];
    list.push(`${p.column ? `【${p.column}】` : ''}${reasonZh(p.key, p.params)}`);
    reasons.set(p.row, list);
  }
  for (const r of a.sheet.rows.slice(1)) {
    // identifiers stay text: written as numbers, Excel would lose their last digits again
    if (reasons.has(r.rowNo)) ws.addRow([r.rowNo, ...r.cells.map((c) => (c.startsWith('#NUM:') ? c.slice(5) : c)), reasons.get(r.rowNo)!.join('；')]);
  }
  ws.columns.forEach((c) => (c.numFmt = '@'));
  return { fileName: `${file.fileName.replace(/\.(xlsx|csv)$/i, '')}-未导入.xlsx`, data: await workbookBase64(workbook) };
};

