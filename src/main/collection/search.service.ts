import type { EntityManager } from 'typeorm';
import { maskIdNumber } from '../../shared/checks/idNumber.js';
import { maskPhone } from '../../shared/checks/phone.js';
import type { SearchHit } from '../../shared/collection/contract.js';
import { normaliseIdentifier } from '../../shared/collection/model.js';
import { prefixEnd, reversed } from './common.js';

type PersonRow = { id: string; name: string; idNumber: string | null; phone: string | null; addressId: string | null; addressText: string | null };

const PERSON = `SELECT r."id", r."name", r."idNumber", r."phone", r."addressId", a."fullText" AS "addressText"
  FROM "resident" r LEFT JOIN "address_node" a ON a."id" = r."addressId"`;

const personHit = (p: PersonRow): SearchHit => ({
  type: 'person',
  id: p.id,
  addressId: p.addressId,
  title: p.name,
  subtitle: [maskIdNumber(p.idNumber), maskPhone(p.phone), p.addressText].filter(Boolean).join(' · ') || null,
});

/**
 * Search as you type. Every branch is an index range (a prefix, or a suffix through the reversed
 * column), never a scan of the people table; only address text is matched inside, and only on the
 * few thousand nodes above room level.
 */
export const search = async (manager: EntityManager, raw: string, limit: number): Promise<SearchHit[]> => {
  const q = raw.trim();
  if (q === '') return [];
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  const add = (list: SearchHit[]) => {
    for (const h of list) {
      if (seen.has(h.id) || hits.length >= limit) continue;
      seen.add(h.id);
      hits.push(h);
    }
  };
  const live = `r."cancelledAt" IS NULL`;
  const digits = normaliseIdentifier(q);
  if (/^\d{3,17}[\dX]?$/.test(digits)) {
    // a mobile number from its start, an ID number from its start (18 digits: exactly) or its end
    if (digits.length === 18) add((await manager.query(`${PERSON} WHERE r."idNumber" = ? AND ${live} LIMIT ?`, [digits, limit])).map(personHit));
    if (digits.startsWith('1') && digits.length <= 11)
      add((await manager.query(`${PERSON} WHERE r."phone" >= ? AND r."phone" < ? AND ${live} LIMIT ?`, [digits, prefixEnd(digits), limit])).map(personHit));
    const rev = reversed(digits)!;
    add((await manager.query(`${PERSON} WHERE r."idReversed" >= ? AND r."idReversed" < ? AND ${live} LIMIT ?`, [rev, prefixEnd(rev), limit])).map(personHit));
    if (digits.length >= 4)
      add((await manager.query(`${PERSON} WHERE r."phoneReversed" >= ? AND r."phoneReversed" < ? AND ${live} LIMIT ?`, [rev, prefixEnd(rev), limit])).map(personHit));
    if (digits.length >= 6)
      add(
        (
          await manager.query(
            `SELECT u."id", u."name", u."creditCode", u."addressId" FROM "collection_unit" u WHERE u."creditCode" >= ? AND u."creditCode" < ? AND u."cancelledAt" IS NULL LIMIT ?`,
            [digits, prefixEnd(digits), limit],
          )
        ).map((u: { id: string; name: string; creditCode: string; addressId: string | null }) => ({ type: 'unit', id: u.id, addressId: u.addressId, title: u.name, subtitle: u.creditCode })),
      );
  } else if (/^[a-z]+$/i.test(q)) {
    const lower = q.toLowerCase();
    add((await manager.query(`${PERSON} WHERE r."initials" >= ? AND r."initials" < ? AND ${live} ORDER BY r."initials" LIMIT ?`, [lower, prefixEnd(lower), limit])).map(personHit));
    add((await manager.query(`${PERSON} WHERE r."pinyin" >= ? AND r."pinyin" < ? AND ${live} ORDER BY r."pinyin" LIMIT ?`, [lower, prefixEnd(lower), limit])).map(personHit));
  } else {
    add((await manager.query(`${PERSON} WHERE r."name" >= ? AND r."name" < ? AND ${live} ORDER BY r."name" LIMIT ?`, [q, prefixEnd(q), limit])).map(personHit));
    const text = q.replace(/\s+/g, '').toLowerCase();
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const nodes: { id: string; kind: string; fullText: string; name: string }[] = await manager.query(
      `SELECT "id", "kind", "fullText", "name" FROM "address_node"
       WHERE "kind" NOT IN ('unit', 'floor', 'room') AND "cancelledAt" IS NULL AND "searchText" LIKE ? ESCAPE '\\' ORDER BY "depth", "sortNo" LIMIT ?`,
      [like, limit],
    );
    add(nodes.map((n) => ({ type: 'address', id: n.id, addressId: n.id, title: n.fullText, subtitle: null })));
    const houses: { id: string; ownerName: string; addressId: string; fullText: string }[] = await manager.query(
      `SELECT h."id", h."ownerName", h."addressId", a."fullText" FROM "house" h JOIN "address_node" a ON a."id" = h."addressId"
       WHERE h."ownerName" >= ? AND h."ownerName" < ? AND h."cancelledAt" IS NULL LIMIT ?`,
      [q, prefixEnd(q), limit],
    );
    add(houses.map((h) => ({ type: 'house', id: h.id, addressId: h.addressId, title: h.fullText, subtitle: h.ownerName })));
    const units: { id: string; name: string; creditCode: string; addressId: string | null }[] = await manager.query(
      `SELECT "id", "name", "creditCode", "addressId" FROM "collection_unit" WHERE "name" LIKE ? ESCAPE '\\' AND "cancelledAt" IS NULL LIMIT ?`,
      [like, limit],
    );
    add(units.map((u) => ({ type: 'unit', id: u.id, addressId: u.addressId, title: u.name, subtitle: u.creditCode })));
  }
  return hits;
};
