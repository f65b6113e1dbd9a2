import { auditDetail, type AuditDetail } from '../../shared/audit/details.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../shared/errors.js';
import type { TerminalMode } from '../../shared/pairing/contract.js';
import type { FailedAttempts } from '../../shared/auth/contract.js';
import { GuessBrake } from '../../shared/auth/brake.js';
import { hashPassword, verifyPassword } from './password.js';

/**
 * Where a call comes from. The station's own desk (the Electron app, or this PC's loopback in
 * browser mode) is one client; each paired LAN terminal is another. Locks are per account AND
 * client, so no terminal can lock the head out of the desk.
 */
export type Client = { kind: 'desk' } | { kind: 'terminal'; id: string; name: string; address: string; mode: TerminalMode };
export const DESK: Client = { kind: 'desk' };
const clientKey = (c: Client) => (c.kind === 'desk' ? 'desk' : `terminal:${c.id}`);

/** After this many wrong passwords in a row from one client, the account waits LOCKOUT_MINUTES there. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;
/** Station-wide: this many failed logins in a minute, and LAN terminals get one try every 2 s. */
export const loginBrake = () => new GuessBrake({ failuresPerMinute: 20, spacingMs: 2000 }, sleep);

/** A pairing code dies after this many wrong codes typed since it was made, from wherever. */
export const PAIRING_WRONG_TRIES = 5;
/** This many wrong codes within a minute pause all pairing for PAIRING_PAUSE_MINUTES. */
export const PAIRING_PAUSE_AFTER = 10;
export const PAIRING_PAUSE_MINUTES = 10;

/** Failed tries are kept this long (the head's card shows the last FAILURES_SHOWN_DAYS). */
const FAILURES_KEPT_DAYS = 30;
export const FAILURES_SHOWN_DAYS = 7;

export type FailureKind = 'login' | 'unlock' | 'password' | 'pairing';

export const recordFailure = async (
  m: EntityManager,
  now: Date,
  f: { kind: FailureKind; outcome: 'wrong' | 'locked'; account?: string | null; staffId?: string | null; client: Client | { kind: 'address'; address: string } },
): Promise<void> => {
  const c = f.client;
  await m.query(
    `INSERT INTO "auth_failure" ("id", "at", "kind", "outcome", "account", "staffId", "client", "clientName", "address") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      uuidv7(),
      now.toISOString(),
      f.kind,
      f.outcome,
      f.account ?? null,
      f.staffId ?? null,
      c.kind === 'address' ? 'address' : clientKey(c),
      c.kind === 'terminal' ? c.name : null,
      c.kind === 'desk' ? null : c.address,
    ],
  );
  // old tries, and counts that never reached a lock, are of no use to anyone
  const kept = new Date(now.getTime() - FAILURES_KEPT_DAYS * 86400_000).toISOString();
  await m.query(`DELETE FROM "auth_failure" WHERE "at" < ?`, [kept]);
  await m.query(`DELETE FROM "login_lock" WHERE "updatedAt" < ? AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)`, [
    new Date(now.getTime() - 86400_000).toISOString(),
    now.toISOString(),
  ]);
};

let dummy: Promise<string> | undefined;
/** A hash of nothing anyone knows, computed once, to spend a try's time on an unknown name. */
const dummyHash = () => (dummy ??= hashPassword(`no such user ${Math.random()}`));

/** The account name as counted: case does not make another account. */
export const accountKey = (username: string) => username.trim().toLowerCase();

/**
 * One password try for an account name from a client, counted whether or not the name exists:
 * an unknown name, an inactive account and a wrong password take the same time (one scrypt),
 * give the same answer and lock the same way. Null when the password matched; otherwise the
 * error to give and what the audit entry says.
 */
export const tryPassword = async (
  m: EntityManager,
  now: Date,
  client: Client,
  kind: FailureKind,
  account: { username: string; staffId: string | null; passwordHash: string | null },
  password: string,
): Promise<{ error: AppError; detail: AuditDetail } | null> => {
  const key = accountKey(account.username);
  const where = [key, clientKey(client)];
  const [lock] = (await m.query(`SELECT "failedAttempts", "lockedUntil" FROM "login_lock" WHERE "account" = ? AND "client" = ?`, where)) as {
    failedAttempts: number;
    lockedUntil: string | null;
  }[];
  if (lock?.lockedUntil && lock.lockedUntil > now.toISOString()) {
    await recordFailure(m, now, { kind, outcome: 'locked', account: key, staffId: account.staffId, client });
    const minutes = Math.ceil((Date.parse(lock.lockedUntil) - now.getTime()) / 60_000);
    return { error: new AppError({ code: 'UNAUTHENTICATED', key: 'auth.lockedOut', params: { minutes } }), detail: auditDetail('lockedOut') };
  }
  const matched = await verifyPassword(password, account.passwordHash ?? (await dummyHash()));
  if (matched && account.passwordHash !== null) {
    if (lock) await m.query(`DELETE FROM "login_lock" WHERE "account" = ? AND "client" = ?`, where);
    return null;
  }
  const failed = (lock && !lock.lockedUntil ? lock.failedAttempts : 0) + 1;
  const lockNow = failed >= MAX_FAILED_ATTEMPTS;
  await m.query(
    `INSERT INTO "login_lock" ("account", "client", "failedAttempts", "lockedUntil", "updatedAt") VALUES (?, ?, ?, ?, ?)
     ON CONFLICT ("account", "client") DO UPDATE SET "failedAttempts" = excluded."failedAttempts", "lockedUntil" = excluded."lockedUntil", "updatedAt" = excluded."updatedAt"`,
    [...where, lockNow ? 0 : failed, lockNow ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null, now.toISOString()],
  );
  await recordFailure(m, now, { kind, outcome: 'wrong', account: key, staffId: account.staffId, client });
  if (lockNow) return { error: new AppError({ code: 'UNAUTHENTICATED', key: 'auth.lockedOut', params: { minutes: LOCKOUT_MINUTES } }), detail: auditDetail('lockedOut') };
  // the caller learns no count of attempts left (the audit does)
  return { error: new AppError({ code: 'UNAUTHENTICATED', key: 'auth.badCredentials' }), detail: auditDetail('failedAttempt', { n: failed }) };
};

/** The head resets a password: every lock on that account lifts, on every client. */
export const liftLocks = (m: EntityManager, username: string) => m.query(`DELETE FROM "login_lock" WHERE "account" = ?`, [accountKey(username)]);

/** The latest lock on each account that is locked somewhere now (for the staff list). */
export const lockedAccounts = async (m: EntityManager, now: Date): Promise<Map<string, string>> => {
  const rows = (await m.query(`SELECT "account", MAX("lockedUntil") AS "until" FROM "login_lock" WHERE "lockedUntil" > ? GROUP BY "account"`, [
    now.toISOString(),
  ])) as { account: string; until: string }[];
  return new Map(rows.map((r) => [r.account, r.until]));
};

// ───────────────────────────── pairing ─────────────────────────────

/** Until when all pairing is paused (a burst of wrong codes ended less than the pause ago), or null. */
export const pairingPausedUntil = async (m: EntityManager, now: Date): Promise<string | null> => {
  const since = new Date(now.getTime() - (PAIRING_PAUSE_MINUTES + 1) * 60_000).toISOString();
  const times = ((await m.query(`SELECT "at" FROM "auth_failure" WHERE "kind" = 'pairing' AND "at" >= ? ORDER BY "at"`, [since])) as { at: string }[]).map((r) =>
    Date.parse(r.at),
  );
  let until: number | null = null;
  for (let i = PAIRING_PAUSE_AFTER - 1; i < times.length; i++) {
    if (times[i] - times[i - PAIRING_PAUSE_AFTER + 1] <= 60_000) until = times[i] + PAIRING_PAUSE_MINUTES * 60_000;
  }
  return until !== null && until > now.getTime() ? new Date(until).toISOString() : null;
};

// ───────────────────────────── the head's card ─────────────────────────────

export const failedAttempts = async (m: EntityManager, now: Date): Promise<FailedAttempts> => {
  const since = new Date(now.getTime() - FAILURES_SHOWN_DAYS * 86400_000).toISOString();
  const groups = (await m.query(
    `SELECT f."kind", f."account", s."name" AS "staffName", f."client", MAX(f."clientName") AS "clientName", MAX(f."address") AS "address",
            COUNT(*) AS "count", MAX(f."at") AS "lastAt"
     FROM "auth_failure" f LEFT JOIN "staff" s ON s."id" = f."staffId"
     WHERE f."at" >= ?
     GROUP BY f."kind", f."account", f."client", CASE WHEN f."client" = 'address' THEN f."address" END
     ORDER BY "lastAt" DESC LIMIT 50`,
    [since],
  )) as (Omit<FailedAttempts['groups'][number], 'client' | 'lockedUntil'> & { client: string })[];
  const locks = await lockedAccounts(m, now);
  const [{ total }] = (await m.query(`SELECT COUNT(*) AS "total" FROM "auth_failure" WHERE "at" >= ?`, [since])) as { total: number }[];
  return {
    days: FAILURES_SHOWN_DAYS,
    total: Number(total),
    groups: groups.map((g) => ({
      ...g,
      client: g.client === 'desk' || g.client === 'address' ? g.client : 'terminal',
      count: Number(g.count),
      // a pairing try names no account
      lockedUntil: g.kind !== 'pairing' && g.account ? (locks.get(g.account) ?? null) : null,
    })),
    pairingPausedUntil: await pairingPausedUntil(m, now),
  };
};
