import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { PAIRING_CODE_MINUTES, type Terminal } from '../../shared/pairing/contract.js';

/** The cookie a paired terminal keeps. */
export const TERMINAL_COOKIE = 'station_terminal';
const CODE_PREFIX = 'code:';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The terminals, and the codes still waiting to be typed (one past its time waits for nothing). */
export const listTerminals = async (m: EntityManager, now: Date): Promise<Terminal[]> =>
  m.query(
    `SELECT "id", "name", CASE WHEN "tokenHash" LIKE '${CODE_PREFIX}%' THEN NULL ELSE "pairedAt" END AS "pairedAt", "lastSeenAt", "lastAddress", "revokedAt"
     FROM "paired_terminal" WHERE NOT ("tokenHash" LIKE '${CODE_PREFIX}%' AND "pairedAt" < ?) ORDER BY "pairedAt" DESC`,
    [new Date(now.getTime() - PAIRING_CODE_MINUTES * 60_000).toISOString()],
  );

/** A 6-digit code for a terminal to be paired: stored as a hash, good for a few minutes, once. */
export const startPairing = async (m: EntityManager, name: string, byId: string, now: Date) => {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = uuidv7();
  // codes not used in time are of no use to anyone
  await m.query(`DELETE FROM "paired_terminal" WHERE "tokenHash" LIKE '${CODE_PREFIX}%' AND "pairedAt" < ?`, [
    new Date(now.getTime() - PAIRING_CODE_MINUTES * 60_000).toISOString(),
  ]);
  await m.query(`INSERT INTO "paired_terminal" ("id", "name", "tokenHash", "pairedAt", "pairedById") VALUES (?, ?, ?, ?, ?)`, [
    id,
    name,
    `${CODE_PREFIX}${sha256(code)}`,
    now.toISOString(),
    byId,
  ]);
  return { id, code, expiresAt: new Date(now.getTime() + PAIRING_CODE_MINUTES * 60_000).toISOString() };
};

/** Spends a code typed on a terminal: the terminal's token, or null for a wrong or expired code. */
export const completePairing = async (db: DataSource, code: string, address: string, now: Date): Promise<string | null> => {
  if (!/^\d{6}$/.test(code)) return null;
  const token = randomBytes(32).toString('base64url');
  const since = new Date(now.getTime() - PAIRING_CODE_MINUTES * 60_000).toISOString();
  const r: unknown = await db.query(
    `UPDATE "paired_terminal" SET "tokenHash" = ?, "pairedAt" = ?, "lastSeenAt" = ?, "lastAddress" = ?
     WHERE "tokenHash" = ? AND "pairedAt" >= ? AND "revokedAt" IS NULL`,
    [sha256(token), now.toISOString(), now.toISOString(), address, `${CODE_PREFIX}${sha256(code)}`, since],
  );
  const changed = Array.isArray(r) ? Number(r[1] ?? 0) : 0;
  if (changed > 0) return token;
  const [row] = await db.query(`SELECT 1 FROM "paired_terminal" WHERE "tokenHash" = ?`, [sha256(token)]);
  return row ? token : null;
};

/** How often a terminal's "last used" is written: not at every request. */
export const LAST_SEEN_EVERY_MS = 60_000;

/**
 * The paired, not revoked terminal a token belongs to, or null. When its "last used" is more than
 * a minute old, `touch` is handed the write that brings it (and the address) up to date.
 */
export const pairedTerminal = async (
  db: DataSource,
  token: string | undefined,
  address: string,
  now: Date,
): Promise<{ id: string; touch: (() => Promise<unknown>) | null } | null> => {
  if (!token || token.length > 100) return null;
  const [row] = (await db.query(`SELECT "id", "lastSeenAt", "lastAddress" FROM "paired_terminal" WHERE "tokenHash" = ? AND "revokedAt" IS NULL`, [
    sha256(token),
  ])) as { id: string; lastSeenAt: string | null; lastAddress: string | null }[];
  if (!row) return null;
  const stale = !row.lastSeenAt || now.getTime() - Date.parse(row.lastSeenAt) >= LAST_SEEN_EVERY_MS || row.lastAddress !== address;
  return {
    id: row.id,
    touch: stale
      ? () => db.query(`UPDATE "paired_terminal" SET "lastSeenAt" = ?, "lastAddress" = ? WHERE "id" = ? AND "revokedAt" IS NULL`, [now.toISOString(), address, row.id])
      : null,
  };
};

export const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
};
