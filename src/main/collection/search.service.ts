import type { EntityManager } from 'typeorm';
import { maskIdNumber } from '../../shared/checks/idNumber.js';
import { maskPhone } from '../../shared/checks/phone.js';
import type { SearchHit } from '../../shared/collection/contract.js';
import { isWholeNumber, numberTerms, type NumberTerm } from '../../shared/checks/numberSearch.js';
import { halfWidth, normaliseIdentifier } from '../../shared/checks/identifier.js';
import { prefixEnd, reversed } from './common.js';

type Row = Record<string, string | null>;

const PERSON = `SELECT r."id", r."name", r."idNumber", r."phone", r."addressId", a."fullText" AS "addressText"
  FROM "resident" r LEFT JOIN "address_node" a ON a."id" = r."addressId"`;
const LIVE = `r."cancelledAt" IS NULL`;

const personHit = (p: Row): SearchHit => ({
  type: 'person',
  id: p.id!,
  addressId: p.addressId,
  title: p.name!,
  subtitle: [maskIdNumber(p.idNumber), maskPhone(p.phone), p.addressText].filter(Boolean).join(' · ') || null,
});
const unitHit = (u: Row): SearchHit => ({ type: 'unit', id: u.id!, addressId: u.addressId, title: u.name!, subtitle: u.creditCode });
const addressHit = (n: Row): SearchHit => ({ type: 'address', id: n.id!, addressId: n.id, title: n.fullText!, subtitle: null });
const houseHit = (h: Row): SearchHit => ({ type: 'house', id: h.id!, addressId: h.addressId, title: h.fullText!, subtitle: h.ownerName });

export interface SearchStatement {
  sql: string;
  params: unknown[];
  hit: (row: Row) => SearchHit;
  /** rows the statement reads but the query does not match (checked on each row read) */
  keep?: (row: Row) => boolean;
}

/**
 * An address written the way people type it: half-width, lower case; 号楼/栋/幢/号 after a building
 * or door number, 单元 after a unit number and the separators typed between numbers (3-1-301,
 * 3#1-301, 3 1 301) all one mark, other spaces gone; 室 after a room number dropped; a floor dropped (the
 * room number says it). "3号楼1单元301室", "3栋1单元301" and "3-1-301" read alike.
 */
export const looseAddressKey = (text: string): string =>
  halfWidth(text)
    .toLowerCase()
    .replace(/负?\d+层/g, '')
    .replace(/(\d)(号楼|栋|幢|号|单元)/g, '$1-')
    .replace(/([\da-z])室/g, '$1')
    .replace(/([\da-z])[\s\u3000]+(?=[\da-z])/g, '$1-')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[-—_/\\#·.、,，]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Rooms read for one query at most: those of one number in the station's buildings. */
const ROOM_CANDIDATES = 5000;

/**
 * The rooms whose address ends as typed: the room number is the typed text's last number, looked
 * up by name in the index; what was typed before it (building, unit, compound, street …) must end
 * the room's address too, on a whole number ("1-301" is not the end of "11-301").
 */
const roomStatement = (q: string): SearchStatement | null => {
  // a building, unit, door or floor is what "3栋", "1单元" or "18号" ask for, not a room
  if (/(号楼|栋|幢|号|单元|层)$/.test(q)) return null;
  const key = looseAddressKey(q);
  const number = /[a-z]?\d+[a-z]?$/.exec(key)?.[0];
  if (!number) return null;
  const startsWithNumber = /^[\da-z]/.test(key);
  return {
    sql: `SELECT "id", "fullText" FROM "address_node" WHERE "kind" = 'room' AND "name" IN (?, ?, ?) AND "cancelledAt" IS NULL ORDER BY "fullText" LIMIT ?`,
    params: [number, number.toUpperCase(), `${number}室`, ROOM_CANDIDATES],
    hit: addressHit,
    keep: (row) => {
      const text = looseAddressKey(row.fullText!);
      if (!text.endsWith(key)) return false;
      const before = text.charAt(text.length - key.length - 1);
      return !(startsWithNumber && /[\da-z]/.test(before));
    },
  };
};

/** The condition of one number term on the people table: index ranges, then the length. */
const numberCondition = (t: NumberTerm): { where: string; params: unknown[] } => {
  const column = t.field === 'idNumber' ? 'r."idNumber"' : 'r."phone"';
  if (isWholeNumber(t)) return { where: `${column} = ?`, params: [t.head] };
  const where: string[] = [];
  const params: unknown[] = [];
  if (t.head) {
    where.push(`${column} >= ? AND ${column} < ?`);
    params.push(t.head, prefixEnd(t.head));
  }
  if (t.tail) {
    // a suffix is a prefix of the reversed number
    const rev = reversed(t.tail)!;
    const reversedColumn = t.field === 'idNumber' ? 'r."idReversed"' : 'r."phoneReversed"';
    where.push(`${reversedColumn} >= ? AND ${reversedColumn} < ?`);
    params.push(rev, prefixEnd(rev));
  }
  if (t.length !== null) {
    where.push(`length(${column}) = ?`);
    params.push(t.length);
  } else if (t.minLength > 0) {
    where.push(`length(${column}) >= ?`);
    params.push(t.minLength);
  }
  return { where: where.join(' AND '), params };
};

/**
 * The statements that answer a typed query, in the order their hits are listed. Every one is an
 * index range (a prefix, or a suffix through the reversed column), never a scan of the people
 * table; only address text and unit names are matched inside, on the few thousand nodes above
 * room level and the units. Numbers are matched as far as the reader may see them (`numberTerms`).
 * Exported so the benchmark runs exactly these on raw SQLite.
 */
export const searchStatements = (raw: string, limit: number, mayUnmask: boolean): SearchStatement[] => {
  const q = raw.trim();
  if (q === '') return [];
  const out: SearchStatement[] = [];
  // a room typed by its address is what was looked for: listed first
  const room = roomStatement(q);
  if (room) out.push(room);
  const digits = normaliseIdentifier(q);
  if (/^\d{3,17}[\dX]?$/.test(digits) || (digits.includes('*') && /^[0-9A-Z*]+$/.test(digits))) {
    // in the index's order the hits would be sorted by their hidden digits, and the limit would
    // pick among them by those: a reader who sees the mask gets them by name instead
    const order = mayUnmask ? '' : ' ORDER BY r."name", r."id"';
    for (const t of numberTerms(q, mayUnmask)) {
      const c = numberCondition(t);
      out.push({ sql: `${PERSON} WHERE ${c.where} AND ${LIVE}${order} LIMIT ?`, params: [...c.params, limit], hit: personHit });
    }
    // a unit's credit code is no one's secret: found by its start
    if (/^\d{6,17}[\dX]?$/.test(digits))
      out.push({
        sql: `SELECT "id", "name", "creditCode", "addressId" FROM "collection_unit" WHERE "creditCode" >= ? AND "creditCode" < ? AND "cancelledAt" IS NULL LIMIT ?`,
        params: [digits, prefixEnd(digits), limit],
        hit: unitHit,
      });
    return out;
  }
  if (/^[a-z]+$/i.test(q)) {
    const lower = q.toLowerCase();
    out.push({ sql: `${PERSON} WHERE r."initials" >= ? AND r."initials" < ? AND ${LIVE} ORDER BY r."initials" LIMIT ?`, params: [lower, prefixEnd(lower), limit], hit: personHit });
    out.push({ sql: `${PERSON} WHERE r."pinyin" >= ? AND r."pinyin" < ? AND ${LIVE} ORDER BY r."pinyin" LIMIT ?`, params: [lower, prefixEnd(lower), limit], hit: personHit });
    return out;
  }
  const like = `%${q.replace(/\s+/g, '').toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  out.push({ sql: `${PERSON} WHERE r."name" >= ? AND r."name" < ? AND ${LIVE} ORDER BY r."name" LIMIT ?`, params: [q, prefixEnd(q), limit], hit: personHit });
  out.push({
    sql: `SELECT "id", "fullText" FROM "address_node"
          WHERE "kind" IN ('division', 'street', 'door', 'compound', 'building') AND "cancelledAt" IS NULL AND "searchText" LIKE ? ESCAPE '\\'
          ORDER BY "depth", "sortNo" LIMIT ?`,
    params: [like, limit],
    hit: addressHit,
  });
  out.push({
    sql: `SELECT h."id", h."ownerName", h."addressId", a."fullText" FROM "house" h JOIN "address_node" a ON a."id" = h."addressId"
          WHERE h."ownerName" >= ? AND h."ownerName" < ? AND h."cancelledAt" IS NULL LIMIT ?`,
    params: [q, prefixEnd(q), limit],
    hit: houseHit,
  });
  out.push({
    sql: `SELECT "id", "name", "creditCode", "addressId" FROM "collection_unit" WHERE "name" LIKE ? ESCAPE '\\' AND "cancelledAt" IS NULL LIMIT ?`,
    params: [like, limit],
    hit: unitHit,
  });
  return out;
};

type Db = { all(sql: string, params: unknown[], cb: (err: Error | null, rows: Row[]) => void): void };

/**
 * A search statement straight on the connection (inside the call's transaction when it has one:
 * SQLite has the one). Each keystroke runs a few statements of well under a millisecond, and the
 * ORM's wrapping of a query cost about as much again as the query itself.
 */
const all = (manager: EntityManager, sql: string, params: unknown[]): Promise<Row[]> => {
  const db = (manager.connection.driver as unknown as { databaseConnection?: Db }).databaseConnection;
  if (!db) return manager.query(sql, params);
  return new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))));
};

/** Search as you type: the statements' hits in order, each record once, at most `limit`. */
export const search = async (manager: EntityManager, raw: string, limit: number, mayUnmask: boolean): Promise<SearchHit[]> => {
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  for (const s of searchStatements(raw, limit, mayUnmask)) {
    if (hits.length >= limit) break;
    for (const row of await all(manager, s.sql, s.params)) {
      if (s.keep && !s.keep(row)) continue;
      const h = s.hit(row);
      if (seen.has(h.id) || hits.length >= limit) continue;
      seen.add(h.id);
      hits.push(h);
    }
  }
  return hits;
};
