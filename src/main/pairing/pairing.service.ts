import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { PAIRING_CODE_MINUTES, type Terminal, type TerminalMode } from '../../shared/pairing/contract.js';
import { PAIRING_WRONG_TRIES, pairingPausedUntil, recordFailure } from '../auth/guessing.js';

/** The cookie a paired terminal keeps. */
export const TERMINAL_COOKIE = 'station_terminal';
const CODE_PREFIX = 'code:';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A code is dead once its time is up (the parameter: the oldest moment a live code was made) or
 * once PAIRING_WRONG_TRIES wrong codes have been typed since it was made, on any terminal: a
 * wrong code names no code, so every code waiting counts it.
 */
const DEAD_CODE = `"tokenHash" LIKE '${CODE_PREFIX}%' AND ("pairedAt" < ?
  OR (SELECT COUNT(*) FROM "auth_failure" f WHERE f."kind" = 'pairing' AND f."at" >= "paired_terminal"."pairedAt") >= ${PAIRING_WRONG_TRIES})`;
const liveSince = (now: Date) => new Date(now.getTime() - PAIRING_CODE_MINUTES * 60_000).toISOString();

/** The terminals, and the codes still waiting to be typed. */
export const listTerminals = async (m: EntityManager, now: Date): Promise<Terminal[]> =>
  m.query(
    `SELECT "id", "name", "mode", CASE WHEN "tokenHash" LIKE '${CODE_PREFIX}%' THEN NULL ELSE "pairedAt" END AS "pairedAt", "lastSeenAt", "lastAddress", "revokedAt"
     FROM "paired_terminal" WHERE NOT (${DEAD_CODE}) ORDER BY "pairedAt" DESC`,
    [liveSince(now)],
  );

/** A 6-digit code for a terminal to be paired: stored as a hash, good for a few minutes, once. */
export const startPairing = async (m: EntityManager, name: string, mode: TerminalMode, byId: string, now: Date) => {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = uuidv7();
  // dead codes are of no use to anyone
  await m.query(`DELETE FROM "paired_terminal" WHERE ${DEAD_CODE}`, [liveSince(now)]);
  await m.query(`INSERT INTO "paired_terminal" ("id", "name", "mode", "tokenHash", "pairedAt", "pairedById") VALUES (?, ?, ?, ?, ?, ?)`, [
    id,
    name,
    mode,
    `${CODE_PREFIX}${sha256(code)}`,
    now.toISOString(),
    byId,
  ]);
  return { id, code, expiresAt: new Date(now.getTime() + PAIRING_CODE_MINUTES * 60_000).toISOString() };
};

export type PairingOutcome = { token: string; mode: TerminalMode } | { refused: 'wrongCode' } | { refused: 'paused'; until: string };

/**
 * Spends a code typed on a terminal: the terminal's token, or why not. A wrong code is counted
 * station-wide (it kills the codes waiting after PAIRING_WRONG_TRIES, and a burst pauses all
 * pairing); while pairing is paused no code is even looked at.
 */
export const completePairing = (db: DataSource, code: string, address: string, now: Date): Promise<PairingOutcome> =>
  db.transaction(async (m): Promise<PairingOutcome> => {
    const until = await pairingPausedUntil(m, now);
    if (until) return { refused: 'paused', until };
    await m.query(`DELETE FROM "paired_terminal" WHERE ${DEAD_CODE}`, [liveSince(now)]);
    if (/^\d{6}$/.test(code)) {
      const token = randomBytes(32).toString('base64url');
      await m.query(
        `UPDATE "paired_terminal" SET "tokenHash" = ?, "pairedAt" = ?, "lastSeenAt" = ?, "lastAddress" = ?
         WHERE "tokenHash" = ? AND "revokedAt" IS NULL`,
        [sha256(token), now.toISOString(), now.toISOString(), address, `${CODE_PREFIX}${sha256(code)}`],
      );
      const [row] = (await m.query(`SELECT "mode" FROM "paired_terminal" WHERE "tokenHash" = ?`, [sha256(token)])) as { mode: TerminalMode }[];
      if (row) return { token, mode: row.mode };
    }
    await recordFailure(m, now, { kind: 'pairing', outcome: 'wrong', client: { kind: 'address', address } });
    return { refused: 'wrongCode' };
  });

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
): Promise<{ id: string; name: string; mode: TerminalMode; touch: (() => Promise<unknown>) | null } | null> => {
  if (!token || token.length > 100) return null;
  const [row] = (await db.query(`SELECT "id", "name", "mode", "lastSeenAt", "lastAddress" FROM "paired_terminal" WHERE "tokenHash" = ? AND "revokedAt" IS NULL`, [
    sha256(token),
  ])) as { id: string; name: string; mode: TerminalMode; lastSeenAt: string | null; lastAddress: string | null }[];
  if (!row) return null;
  const stale = !row.lastSeenAt || now.getTime() - Date.parse(row.lastSeenAt) >= LAST_SEEN_EVERY_MS || row.lastAddress !== address;
  return {
    id: row.id,
    name: row.name,
    mode: row.mode,
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
