/**
 * Reading a grid worker's file and checking its rows on their own: what needs no database. It runs
 * in a worker thread (import.worker.ts), so that parsing a 50,000-row workbook does not hold up the
 * core's thread; the station-dependent checks (addresses, people on record) follow in the core.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.js';
import { parseResidentId } from '../../shared/checks/idNumber.js';
import { checkMobile } from '../../shared/checks/phone.js';
import { IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS, type ImportField, type ImportRowProblem } from '../../shared/collection/contract.js';
import { CATEGORY_WORDS, HEADER_SYNONYMS, RELATION_WORDS, codeOfCell } from '../../shared/collection/importText.js';
import { normaliseIdentifier } from '../../shared/checks/identifier.js';
import { RESIDENT_CODED as CODED, type Category, type Relation, type ResidentCodes } from '../../shared/collection/model.js';
import { AppError, type AppErrorJson, type ErrorKey } from '../../shared/errors.js';
import { pinyinKeys } from './pinyin.js';

export interface SheetRow {
  /** the row number the grid worker sees */
  rowNo: number;
  cells: string[];
}

export interface Sheet {
  name: string;
  /** rows as text cells, the header row first */
  rows: SheetRow[];
}

/** A row that passed every check that needs no database; its address is still text. */
export interface CheckedRow extends ResidentCodes {
  rowNo: number;
  name: string;
  pinyin: string;
  initials: string;
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  phone: string | null;
  ethnicity: string | null;
  hukouPlace: string | null;
  address: string;
  category: Category;
  relationToHead: Relation | null;
  arrivedOn: string | null;
  employer: string | null;
}

export interface ReadRequest {
  fileName: string;
  /** the file's bytes, base64 */
  data: string;
  sheet: string | null;
  /** chosen by the user in the preview */
  mapping?: Record<string, ImportField>;
  /** this source's mapping from its last import */
  remembered: Record<string, ImportField> | null;
  /** today at the station: no birth or arrival after it */
  today: string;
}

export interface Reading {
  sheets: string[];
  sheet: Sheet;
  headers: string[];
  mapping: Record<string, ImportField>;
  mappingRemembered: boolean;
  problems: ImportRowProblem[];
  rows: CheckedRow[];
}

export type ReadProgress = { phase: 'read' | 'check'; done: number; total: number };

const importError = (key: ErrorKey, params?: Record<string, string | number>): AppErrorJson => ({
  code: 'VALIDATION', key, field: 'data', ...(params ? { params } : {}), fields: [{ field: 'data', key, ...(params ? { params } : {}) }],
});
export const throwImportError = (key: ErrorKey, params?: Record<string, string | number>) => {
  throw new AppError(importError(key, params));
};

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
    } else if (c === '\n' || c === '\r') {
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

export const parseSheets = async (file: Pick<ReadRequest, 'fileName' | 'data'>): Promise<Sheet[]> => {
  const bytes = Buffer.from(file.data, 'base64');
  if (bytes.length === 0) throwImportError('collection.import.empty');
  if (/\.csv$/i.test(file.fileName)) {
    const rows = parseCsv(decodeText(bytes)).map((cells, i) => ({ rowNo: i + 1, cells }));
    return [{ name: file.fileName.replace(/\.csv$/i, ''), rows: rows.filter((r) => r.cells.some((c) => c.trim() !== '')) }];
  }
  // an .xlsx is a zip file; the old binary .xls (and anything else) is not
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf) throwImportError('collection.import.oldExcel');
    throwImportError('collection.import.notExcel');
  }
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throwImportError('collection.import.notExcel');
  }
  return workbook.worksheets.map((ws) => {
    const rows: SheetRow[] = [];
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

/** A date however a sheet holds it: 2024-03-01, 2024/3/1, 2024.3.1, 20240301, or an Excel serial day (45352). */
export const parseDate = (raw: string): string | null => {
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

const limitText = (value: string | undefined, max: number) => {
  const v = (value ?? '').trim();
  if (v === '') return { ok: true as const, value: null };
  return [...v].length > max ? { ok: false as const } : { ok: true as const, value: v };
};

/**
 * The pinyin keys of a name, remembered: a sheet repeats the common names many times, and
 * computing them is most of a row's checking.
 */
const keysOf = new Map<string, { pinyin: string; initials: string }>();
const pinyinOf = (name: string) => {
  let keys = keysOf.get(name);
  if (!keys) {
    keys = pinyinKeys(name);
    if (keysOf.size > 100_000) keysOf.clear();
    keysOf.set(name, keys);
  }
  return keys;
};

/** Reads the file, picks the sheet and mapping, and checks each row on its own. */
export const readAndCheck = async (req: ReadRequest, progress: (p: ReadProgress) => void = () => undefined): Promise<Reading> => {
  progress({ phase: 'read', done: 0, total: 0 });
  const sheets = await parseSheets(req);
  const mappingFor = (headers: string[]) =>
    req.mapping ?? (req.remembered && missingFields(req.remembered, headers).length === 0 ? req.remembered : guessMapping(headers));

  let sheet: Sheet | undefined;
  if (req.sheet) {
    sheet = sheets.find((s) => s.name === req.sheet);
    if (!sheet) throwImportError('collection.import.noSheet', { sheet: req.sheet! });
  } else {
    // the first sheet that has the columns; a workbook with a cover sheet first still imports
    sheet = sheets.find((s) => s.rows.length > 0 && missingFields(mappingFor(s.rows[0].cells), s.rows[0].cells).length === 0) ?? sheets[0];
  }
  if (!sheet || sheet.rows.length === 0) throwImportError('collection.import.empty');
  const headers = sheet!.rows[0].cells;
  const mapping = mappingFor(headers);
  const missing = missingFields(mapping, headers);
  if (missing.length > 0) throwImportError('collection.import.missingColumn', { sheet: sheet!.name, fields: missing.join(',') });
  const mappingRemembered = !req.mapping && req.remembered !== null && mapping === req.remembered;

  const columnOf = new Map<ImportField, number>();
  for (const [header, field] of Object.entries(mapping)) {
    const i = headers.indexOf(header);
    if (i >= 0) columnOf.set(field, i);
  }
  const problems: ImportRowProblem[] = [];
  const headerOf = (f: ImportField) => headers[columnOf.get(f) ?? -1] ?? null;
  const reject = (row: number, field: ImportField | null, key: string) => problems.push({ row, column: field ? headerOf(field) : null, key });
  const day = req.today;
  const body = sheet!.rows.slice(1);
  const rows: CheckedRow[] = [];
  for (const [n, r] of body.entries()) {
    if (n % 5000 === 0) progress({ phase: 'check', done: n, total: body.length });
    const v: Partial<Record<ImportField, string>> = {};
    for (const [f, i] of columnOf) v[f] = (r.cells[i] ?? '').trim();
    const before = problems.length;
    const name = v.name ?? '';
    if (name === '') reject(r.rowNo, 'name', 'required');
    else if ([...name].length > 50) reject(r.rowNo, 'name', 'tooLong');
    let idNumber = '';
    let birthDate = '';
    let sex: 'male' | 'female' = 'male';
    const rawId = v.idNumber ?? '';
    if (rawId.startsWith('#NUM:')) reject(r.rowNo, 'idNumber', 'collection.import.idAsNumber');
    else if (rawId === '') reject(r.rowNo, 'idNumber', 'required');
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
    if (!v.address) reject(r.rowNo, 'address', 'required');
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
    const ethnicity = limitText(v.ethnicity, 20);
    const hukouPlace = limitText(v.hukouPlace, 100);
    const employer = limitText(v.employer, 100);
    if (!ethnicity.ok) reject(r.rowNo, 'ethnicity', 'tooLong');
    if (!hukouPlace.ok) reject(r.rowNo, 'hukouPlace', 'tooLong');
    if (!employer.ok) reject(r.rowNo, 'employer', 'tooLong');
    const codes = {} as ResidentCodes;
    for (const [field, declared] of CODED) {
      const cell = v[field];
      const code = cell ? codeOfCell(declared, cell) : null;
      if (cell && code === null) reject(r.rowNo, field, 'invalidOption');
      (codes as Record<string, string | null>)[field] = code;
    }
    if (problems.length > before) continue;
    const keys = pinyinOf(name);
    rows.push({
      rowNo: r.rowNo, name, pinyin: keys.pinyin, initials: keys.initials, idNumber, birthDate, sex, phone, address: v.address!,
      category, relationToHead, arrivedOn,
      ethnicity: ethnicity.ok ? ethnicity.value : null,
      hukouPlace: hukouPlace.ok ? hukouPlace.value : null,
      employer: employer.ok ? employer.value : null,
      ...codes,
    });
  }
  progress({ phase: 'check', done: body.length, total: body.length });
  return { sheets: sheets.map((s) => s.name), sheet: sheet!, headers, mapping, mappingRemembered, problems, rows };
};
