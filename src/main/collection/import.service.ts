import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.js';
import type { EntityManager } from 'typeorm';
import {
  type ImportConflict,
  type ImportField,
  type ImportOutcome,
  type ImportPreview,
  type ImportRowProblem,
} from '../../shared/collection/contract.js';
import { maskPhone } from '../../shared/checks/phone.js';
import { normaliseIdentifier } from '../../shared/checks/identifier.js';
import { CHILD_KINDS, type NodeKind, type ResidentCodes } from '../../shared/collection/model.js';
import { can } from '../../shared/permissions.js';
import { reasonZh } from '../../shared/collection/importText.js';
import { todayOf, type Who } from '../context.js';
import { addNode } from './address.service.js';
import { importMappingTable, residentChangeTable, residentTable, type ImportMappingRow, type ResidentRow } from './collection.entity.js';
import type { ValuesOf } from '../db/syncedTable.js';
import { bulkIds, reversed } from './common.js';
import { checkCancelled, openTicket, readFile } from './importJobs.js';
import type { CheckedRow, Sheet } from './importRead.js';
import { pinyinKeys } from './pinyin.js';
import { CODED, diff } from './resident.service.js';

export { guessMapping } from './importRead.js';

export interface ImportFile {
  fileName: string;
  data: string;
  source: string;
  sheet: string | null;
  mapping?: Record<string, ImportField>;
  ticket?: string;
}

interface Parsed extends Omit<CheckedRow, 'address'> {
  /** a room on record, or `new:` and the key of an address to create */
  addressId: string;
}

/** An address a sheet names that the tree lacks: the node it hangs from, and the levels to create below it. */
interface NewAddress {
  text: string;
  anchorId: string;
  levels: { kind: NodeKind; name: string; floorNo: number | null }[];
  rows: number;
}

interface AddressIndex {
  /** node ids by their text and by every tail of it a sheet may use (from the street, the 小区, the building); null when two nodes share it */
  byText: Map<string, string | null>;
  kindOf: Map<string, NodeKind>;
  /** `parentId|kind|name` → id: the children a new address may already have (floors have no text of their own) */
  child: Map<string, string>;
}

/** The address index of the last import, and the state of the tree it was built from. */
let lastIndex: { stamp: string; index: AddressIndex } | null = null;

/** Kept while the tree is unchanged: a count and the latest change identify its state. */
const addressIndex = async (manager: EntityManager): Promise<AddressIndex> => {
  const [state] = await manager.query(`SELECT COUNT(*) AS "n", MAX("updatedAt") AS "at", SUM("version") AS "v" FROM "address_node"`);
  // the file too: two stations' trees (two tests in one process) can agree in count and times
  const stamp = `${String((manager.connection.options as { database?: unknown }).database)}|${state.n}|${state.at}|${state.v}`;
  if (lastIndex?.stamp === stamp) return lastIndex.index;
  const index = await buildAddressIndex(manager);
  lastIndex = { stamp, index };
  return index;
};

const buildAddressIndex = async (manager: EntityManager): Promise<AddressIndex> => {
  const nodes: { id: string; kind: NodeKind; name: string; path: string; searchText: string; parentId: string | null }[] = await manager.query(
    `SELECT "id", "kind", "name", "path", "searchText", "parentId" FROM "address_node" WHERE "cancelledAt" IS NULL`,
  );
  const textOf = new Map(nodes.map((n) => [n.id, n.searchText]));
  const byText = new Map<string, string | null>();
  const put = (key: string, id: string) => byText.set(key, byText.has(key) && byText.get(key) !== id ? null : id);
  const index: AddressIndex = { byText, kindOf: new Map(), child: new Map() };
  for (const n of nodes) {
    index.kindOf.set(n.id, n.kind);
    index.child.set(`${n.parentId}|${n.kind}|${n.name}`, n.id);
    // a floor reads as its unit or building: the room below it carries its number
    if (n.kind === 'floor') continue;
    put(n.searchText, n.id);
    const ancestors = n.path.split('/').filter(Boolean);
    // a tail starts after any ancestor: drop the division, the street, …
    for (const a of ancestors.slice(0, -1)) {
      const prefix = textOf.get(a);
      if (prefix && n.searchText.startsWith(prefix) && n.searchText.length > prefix.length) put(n.searchText.slice(prefix.length), n.id);
    }
  }
  return index;
};

const addressKey = (raw: string) => normaliseIdentifier(raw).toLowerCase();

/**
 * The levels below a known node that the rest of an address spells, down to the room:
 * "幸福小区3栋2单元501" → 小区, building, unit, floor 5, room 501. Null when it does not end in a
 * room or its levels do not fit under the node.
 */
const LEVELS: { kind: NodeKind; re: RegExp; name: (m: RegExpExecArray) => string }[] = [
  { kind: 'compound', re: /^(.+?(?:小区|花园|家园|公寓|新村|社区|苑|园|城|府|庭|居|湾|里))/u, name: (m) => m[1] },
  { kind: 'building', re: /^(\d+|[A-Z])(栋|幢|号楼|座)/u, name: (m) => `${m[1]}${m[2]}` },
  { kind: 'unit', re: /^(\d+)单元/u, name: (m) => `${m[1]}单元` },
];
export const newLevels = (parentKind: NodeKind, rest: string): NewAddress['levels'] | null => {
  const levels: NewAddress['levels'] = [];
  let kind = parentKind;
  let s = rest;
  for (const level of LEVELS) {
    const m = level.re.exec(s);
    if (!m || !CHILD_KINDS[kind].includes(level.kind)) continue;
    levels.push({ kind: level.kind, name: level.name(m), floorNo: null });
    kind = level.kind;
    s = s.slice(m[0].length);
  }
  // the room: 501 is on floor 5, 1203 on floor 12 (an explicit "5层" may come first)
  const room = /^(?:(\d+)层)?(\d{3,4})(?:室|号)?$/u.exec(s);
  if (!room) return null;
  const floorNo = room[1] ? Number(room[1]) : Math.floor(Number(room[2]) / 100);
  if (floorNo < 1) return null;
  if (CHILD_KINDS[kind].includes('floor')) {
    levels.push({ kind: 'floor', name: `${floorNo}层`, floorNo });
    kind = 'floor';
  }
  if (!CHILD_KINDS[kind].includes('room')) return null;
  levels.push({ kind: 'room', name: room[2], floorNo });
  return levels;
};

/** A room's id, or an address to create, or why neither. */
const resolveAddress = (index: AddressIndex, raw: string, created: Map<string, NewAddress>): { id: string } | { problem: string } => {
  const key = addressKey(raw);
  const found = index.byText.get(key);
  if (found === null) return { problem: 'collection.import.ambiguousAddress' };
  if (found !== undefined) return index.kindOf.get(found) === 'room' ? { id: found } : { problem: 'collection.import.notRoom' };
  const planned = created.get(key);
  if (planned) return { id: `new:${key}` };
  // the longest start of it that is on record is where the new levels hang from
  const text = normaliseIdentifier(raw);
  for (let i = key.length - 1; i > 0; i--) {
    const anchor = index.byText.get(key.slice(0, i));
    if (anchor === undefined) continue;
    if (anchor === null) return { problem: 'collection.import.ambiguousAddress' };
    const kind = index.kindOf.get(anchor)!;
    // a new 小区 or building needs at least its street known: a division alone says too little
    if (kind === 'division' || kind === 'room') break;
    const levels = newLevels(kind, text.slice(i));
    if (!levels) break;
    // written another way ("501" for "501室", a floor named): the room may be there already
    let at: string | undefined = anchor;
    for (const l of levels) at = at === undefined ? undefined : index.child.get(`${at}|${l.kind}|${l.name}`);
    if (at !== undefined) return { id: at };
    created.set(key, { text: raw.trim(), anchorId: anchor, levels, rows: 0 });
    return { id: `new:${key}` };
  }
  return { problem: 'collection.import.unknownAddress' };
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
  newAddresses: NewAddress[];
  counts: Record<ImportOutcome, number>;
}

type Ticket = ReturnType<typeof openTicket>;

/** Reads (in a worker), maps, validates and de-duplicates a file against the station's records, writing nothing. */
export const analyse = async (manager: EntityManager, w: Who, file: ImportFile, ticket: Ticket = openTicket(undefined, w.staffId)): Promise<Analysis> => {
  const remembered: { mapping: string }[] = await manager.query(
    `SELECT "mapping" FROM "collection_import_mapping" WHERE "source" = ? AND "cancelledAt" IS NULL`,
    [file.source],
  );
  const reading = await readFile(
    {
      fileName: file.fileName,
      data: file.data,
      sheet: file.sheet,
      mapping: file.mapping,
      remembered: remembered[0] ? JSON.parse(remembered[0].mapping) : null,
      today: todayOf(w),
    },
    ticket,
  );
  checkCancelled(ticket);
  const { headers, mapping } = reading;
  ticket.progress = { phase: 'match', done: 0, total: reading.rows.length };
  const columnOf = (f: ImportField) => Object.entries(mapping).find(([h, v]) => v === f && headers.includes(h))?.[0] ?? null;
  const problems: ImportRowProblem[] = [...reading.problems];
  const rejected = new Set(problems.map((p) => p.row));
  const reject = (row: number, field: ImportField | null, key: string, params?: Record<string, string | number>) => {
    problems.push({ row, column: field ? columnOf(field) : null, key, ...(params ? { params } : {}) });
    rejected.add(row);
  };
  const addresses = await addressIndex(manager);
  const created = new Map<string, NewAddress>();
  const parsedRows: Parsed[] = [];
  for (const r of reading.rows) {
    const at = resolveAddress(addresses, r.address, created);
    if ('problem' in at) {
      reject(r.rowNo, 'address', at.problem);
      continue;
    }
    const fixed: Omit<Parsed, keyof ResidentCodes> = {
      rowNo: r.rowNo, name: r.name, pinyin: r.pinyin, initials: r.initials, idNumber: r.idNumber, birthDate: r.birthDate, sex: r.sex,
      phone: r.phone, ethnicity: r.ethnicity, hukouPlace: r.hukouPlace, addressId: at.id, category: r.category,
      relationToHead: r.relationToHead, arrivedOn: r.arrivedOn, employer: r.employer,
    };
    const parsed = fixed as Parsed;
    for (const k of CODED) (parsed as unknown as Record<string, unknown>)[k] = r[k];
    parsedRows.push(parsed);
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

  // the people on record among them, looked up by the ID-number index many numbers at a time
  const current = new Map<string, ResidentRow>();
  const ids = candidates.map((p) => p.idNumber);
  for (let i = 0; i < ids.length; i += 900) {
    const chunk = ids.slice(i, i + 900);
    const found: ResidentRow[] = await manager.query(
      `SELECT * FROM "resident" WHERE "idNumber" IN (${chunk.map(() => '?').join(',')}) AND "cancelledAt" IS NULL`,
      chunk,
    );
    for (const f of found) current.set(f.idNumber!, f);
    ticket.progress = { phase: 'match', done: Math.min(ids.length, i + 900), total: ids.length };
  }
  const fresh: Parsed[] = [];
  const existing: Analysis['existing'] = [];
  const compared = ['name', 'phone', 'ethnicity', 'hukouPlace', 'addressId', 'category', 'relationToHead', 'arrivedOn', 'employer', ...CODED] as const;
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
  // an address to create counts only for the rows that will live there
  for (const p of [...fresh, ...existing.map((e) => e.parsed)]) {
    if (p.addressId.startsWith('new:')) created.get(p.addressId.slice(4))!.rows += 1;
  }
  const newAddresses = [...created.values()].filter((a) => a.rows > 0);
  const counts: Record<ImportOutcome, number> = {
    new: fresh.length,
    updated: existing.filter((e) => Object.keys(e.fills).length > 0 || e.conflicts.length > 0).length,
    unchanged: existing.filter((e) => Object.keys(e.fills).length === 0 && e.conflicts.length === 0).length,
    rejected: rejected.size,
  };
  problems.sort((a, b) => a.row - b.row);
  return {
    sheets: reading.sheets, sheet: reading.sheet, headers, mapping, mappingRemembered: reading.mappingRemembered,
    problems, rejected, fresh, existing, newAddresses, counts,
  };
};

/** Conflicting addresses are shown as their text, not their ids (an address to create by the sheet's text). */
const withAddressText = async (manager: EntityManager, conflicts: ImportConflict[], created: NewAddress[]) => {
  const ids = [...new Set(conflicts.flatMap((c) => c.fields.filter((f) => f.field === 'address').flatMap((f) => [f.current, f.incoming])))].filter(
    (id): id is string => !!id && !id.startsWith('new:'),
  );
  if (ids.length === 0 && created.length === 0) return conflicts;
  const rows: { id: string; fullText: string }[] = ids.length
    ? await manager.query(`SELECT "id", "fullText" FROM "address_node" WHERE "id" IN (${ids.map(() => '?').join(',')})`, ids)
    : [];
  const text = new Map(rows.map((r) => [r.id, r.fullText]));
  for (const a of created) text.set(`new:${addressKey(a.text)}`, a.text);
  return conflicts.map((c) => ({
    ...c,
    fields: c.fields.map((f) => (f.field === 'address' ? { ...f, current: text.get(f.current!) ?? f.current, incoming: text.get(f.incoming!) ?? f.incoming } : f)),
  }));
};

export const previewImport = async (manager: EntityManager, w: Who, file: ImportFile): Promise<ImportPreview> => {
  const ticket = openTicket(file.ticket, w.staffId);
  const a = await analyse(manager, w, file, ticket);
  // a sheet names a person by the ID number: the phone on record must not come back in full to a
  // reader who sees it masked (nor the sheet's, shown beside it)
  const shown = can(w.role, 'person.unmask')
    ? (f: ImportConflict['fields'][number]) => f
    : (f: ImportConflict['fields'][number]) => (f.field === 'phone' ? { ...f, current: maskPhone(f.current), incoming: maskPhone(f.incoming) } : f);
  const conflicts = a.existing
    .filter((e) => e.conflicts.length > 0)
    .slice(0, 500)
    .map((e) => ({ row: e.parsed.rowNo, residentId: e.row.id, name: e.row.name, fields: e.conflicts.map(shown) }));
  const preview: ImportPreview = {
    sheets: a.sheets,
    sheet: a.sheet.name,
    headers: a.headers,
    mapping: a.mapping,
    mappingRemembered: a.mappingRemembered,
    rows: a.sheet.rows.length - 1,
    counts: a.counts,
    problems: a.problems.slice(0, 2000),
    conflicts: await withAddressText(manager, conflicts, a.newAddresses),
    newAddresses: {
      count: a.newAddresses.length,
      rows: a.newAddresses.reduce((n, x) => n + x.rows, 0),
      sample: a.newAddresses.slice(0, 20).map((x) => x.text),
    },
  };
  ticket.progress = { phase: 'done', done: preview.rows, total: preview.rows };
  return preview;
};

/** Creates the addresses the sheet names that the tree lacks; their room ids by `new:` key. */
const createAddresses = async (manager: EntityManager, w: Who, addresses: NewAddress[]) => {
  const roomOf = new Map<string, string>();
  const made = new Map<string, string>();
  let created = 0;
  for (const a of addresses) {
    let parentId = a.anchorId;
    for (const l of a.levels) {
      const key = `${parentId}|${l.kind}|${l.name}`;
      let id = made.get(key);
      if (!id) {
        const [there] = await manager.query(
          `SELECT "id" FROM "address_node" WHERE "parentId" = ? AND "kind" = ? AND "name" = ? AND "cancelledAt" IS NULL`,
          [parentId, l.kind, l.name],
        );
        id = there?.id as string | undefined;
        if (!id) {
          id = (await addNode(manager, w, { parentId, kind: l.kind, name: l.name, code: null, grid: null, policeArea: null, floorNo: l.floorNo })).id;
          created += 1;
        }
        made.set(key, id);
      }
      parentId = id;
    }
    roomOf.set(`new:${addressKey(a.text)}`, parentId);
  }
  return { roomOf, created };
};

type ResidentValues = ValuesOf<typeof residentTable.own>;
type ResidentChangeValues = ValuesOf<typeof residentChangeTable.own>;

/** Rows written per statement batch: between two batches the import can be followed and cancelled. */
const WRITE_BATCH = 2000;

/**
 * Writes the valid rows, in the caller's one transaction: if anything fails, or the user cancels,
 * nothing of the file stays. New addresses are created first; new people are inserted; known
 * people get the values they lacked, and the conflicting values only for the rows the user chose
 * (`takeIncoming`).
 */
export const commitImport = async (manager: EntityManager, w: Who, file: ImportFile & { takeIncoming: number[] }) => {
  const ticket = openTicket(file.ticket, w.staffId);
  const a = await analyse(manager, w, file, ticket);
  const take = new Set(file.takeIncoming);
  const at = w.now.toISOString();
  const total = a.fresh.length + a.existing.length;
  ticket.progress = { phase: 'write', done: 0, total };
  const { roomOf, created } = await createAddresses(manager, w, a.newAddresses);
  const addressOf = (id: string) => (id.startsWith('new:') ? roomOf.get(id)! : id);
  const residentIds = bulkIds(a.fresh.length);
  const changeIds = bulkIds(a.fresh.length);
  const note = (rowNo: number) => `${file.source} · ${file.fileName} · ${rowNo}`;
  for (let start = 0; start < a.fresh.length; start += WRITE_BATCH) {
    checkCancelled(ticket);
    const end = Math.min(a.fresh.length, start + WRITE_BATCH);
    const people: ResidentValues[] = [];
    const history: ResidentChangeValues[] = [];
    for (let n = start; n < end; n++) {
      const p = a.fresh[n];
      // written out, not spread: V8 makes a slow object of a spread followed by this many
      // properties, and 50,000 of them cost seconds
      const fixed: Omit<ResidentValues, keyof ResidentCodes> = {
        name: p.name, pinyin: p.pinyin, initials: p.initials, idType: 'resident', idNumber: p.idNumber, idReversed: reversed(p.idNumber),
        sex: p.sex, birthDate: p.birthDate, ethnicity: p.ethnicity, hukouPlace: p.hukouPlace, addressId: addressOf(p.addressId), householdHeadId: null,
        relationToHead: p.relationToHead, category: p.category, arrivedOn: p.arrivedOn, movedOutOn: null, moveOutReason: null, phone: p.phone,
        phoneReversed: reversed(p.phone), employer: p.employer, tenancy: null,
        // a spreadsheet import is the grid workers' collection, whoever at the station imports it
        source: 'gridWorker',
        verification: 'unverified', note: null, collectedById: w.staffId, collectedAt: at, careReason: null,
      };
      const row = fixed as ResidentValues;
      for (const k of CODED) (row as unknown as Record<string, unknown>)[k] = p[k];
      people.push(row);
      history.push({ residentId: residentIds[n], at, byId: w.staffId, kind: 'import', changes: JSON.stringify(diff(null, row)), note: note(p.rowNo) });
    }
    await residentTable.insertMany(manager, w, people, residentIds.slice(start, end));
    await residentChangeTable.insertMany(manager, w, history, changeIds.slice(start, end));
    ticket.progress = { phase: 'write', done: end, total };
  }
  let updated = 0;
  for (const [n, e] of a.existing.entries()) {
    if (n % 500 === 0) {
      checkCancelled(ticket);
      ticket.progress = { phase: 'write', done: a.fresh.length + n, total };
    }
    const change: Partial<ResidentRow> = { ...e.fills };
    if (take.has(e.parsed.rowNo)) for (const c of e.conflicts) (change as Record<string, unknown>)[c.field === 'address' ? 'addressId' : c.field] = e.parsed[c.field === 'address' ? 'addressId' : c.field];
    if (change.addressId) change.addressId = addressOf(change.addressId);
    if (change.name) Object.assign(change, pinyinKeys(change.name));
    if (change.phone) change.phoneReversed = reversed(change.phone);
    const changes = diff(e.row, change);
    if (Object.keys(changes).length === 0) continue;
    updated += 1;
    await residentTable.update(manager, w, e.row, null, change);
    await residentChangeTable.insert(manager, w, { residentId: e.row.id, at, byId: w.staffId, kind: 'import', changes: JSON.stringify(changes), note: note(e.parsed.rowNo) });
  }
  checkCancelled(ticket);
  // the mapping that worked is remembered for the next file from the same source
  const [saved]: ImportMappingRow[] = await manager.query(`SELECT * FROM "collection_import_mapping" WHERE "source" = ?`, [file.source]);
  if (saved) await importMappingTable.update(manager, w, saved, null, { mapping: JSON.stringify(a.mapping) });
  else await importMappingTable.insert(manager, w, { source: file.source, mapping: JSON.stringify(a.mapping) });
  ticket.progress = { phase: 'done', done: total, total };
  return { counts: { new: a.fresh.length, updated, unchanged: a.existing.length - updated, rejected: a.rejected.size }, addressesCreated: created };
};

export const workbookBase64 = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');

/** The rejected rows as the grid worker sent them, with the row number and the reasons beside each. */
export const rejectsWorkbook = async (manager: EntityManager, w: Who, file: ImportFile) => {
  const a = await analyse(manager, w, file);
  const workbook = new (await loadExcel()).Workbook();
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

