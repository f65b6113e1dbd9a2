import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { PAIRING_CODE_MINUTES, type Terminal } from '../../shared/pairing/contract.js';

/** The cookie a paired terminal keeps. */
export const TERMINAL_COOKIE = 'station_terminal';
const CODE_PREFIX = 'code:';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const listTerminals = async (m: EntityManager): Promise<Terminal[]> =>
  m.query(
    `SELECT "id", "name", CASE WHEN "tokenHash" LIKE '${CODE_PREFIX}%' THEN NULL ELSE "pairedAt" END AS "pairedAt", "lastSeenAt", "lastAddress", "revokedAt"
     FROM "paired_terminal" ORDER BY "pairedAt" DESC`,
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

/** Whether a token belongs to a paired terminal that has not been revoked. */
export const isPaired = async (db: DataSource, token: string | undefined): Promise<boolean> => {
  if (!token || token.length > 100) return false;
  const [row] = await db.query(`SELECT "id" FROM "paired_terminal" WHERE "tokenHash" = ? AND "revokedAt" IS NULL`, [sha256(token)]);
  return Boolean(row);
};

export const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
};
