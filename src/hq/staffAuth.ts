import { setTimeout as sleep } from 'node:timers/promises';
import { GuessBrake } from '../shared/auth/brake.js';
import { hashPassword, signToken, verifyPassword, verifyToken, type StaffRole } from './auth.js';
import type { Sql } from './db.js';
import { HqError } from './service.js';

/** After this many wrong passwords in a row from one address, the account waits LOCKOUT_MINUTES there. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;
/** A signed-in member of HQ staff is asked to log in again after a working day. */
export const SESSION_HOURS = 12;

/** A member of HQ staff as the database says now, whatever their token said when it was made. */
export interface HqStaff {
  username: string;
  role: StaffRole;
}

interface UserRow {
  passwordHash: string;
  role: StaffRole;
  sessionGen: number | string;
  disabledAt: string | null;
}

let dummy: Promise<string> | undefined;
/** A hash of nothing anyone knows, computed once, to spend a login's time on an unknown name. */
const dummyHash = () => (dummy ??= hashPassword(`no such user ${Math.random()}`));

/**
 * HQ staff logins and sessions. A token names the account and its session generation; every call
 * reads the account (one primary-key lookup), so a new password, a role change or a deactivation
 * ends the account's other sessions at once, on every HQ process. Wrong passwords are counted per
 * account name and address in the database (shared by the processes), an unknown name exactly
 * like a known one, and a burst of failures slows every login of this process.
 */
export class StaffAuth {
  private readonly brake = new GuessBrake({ failuresPerMinute: 30, spacingMs: 1000 }, sleep);

  constructor(
    private readonly db: Sql,
    private readonly tokenKey: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private async user(username: string): Promise<UserRow | undefined> {
    const [row] = await this.db.rows<UserRow>(`SELECT "passwordHash", "role", "sessionGen", "disabledAt" FROM "hq_user" WHERE "username" = ?`, [username]);
    return row && !row.disabledAt ? row : undefined;
  }

  private token(username: string, gen: number): string {
    return signToken(this.tokenKey, { u: username, g: gen, exp: this.clock().getTime() + SESSION_HOURS * 3600_000 });
  }

  /**
   * One password try for an account name from an address: null when it matched; otherwise the
   * refusal, after the failure has been counted.
   */
  private async tryPassword(username: string, client: string, password: string, user: UserRow | undefined): Promise<HqError | null> {
    const now = this.clock();
    const [lock] = await this.db.rows<{ failedAttempts: number | string; lockedUntil: string | null }>(
      `SELECT "failedAttempts", "lockedUntil" FROM "hq_login_lock" WHERE "username" = ? AND "client" = ?`,
      [username, client],
    );
    if (lock?.lockedUntil && lock.lockedUntil > now.toISOString()) {
      this.brake.failed();
      return new HqError(401, 'lockedOut', { params: { minutes: Math.ceil((Date.parse(lock.lockedUntil) - now.getTime()) / 60_000) } });
    }
    const good = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (good && user) {
      if (lock) await this.db.run(`DELETE FROM "hq_login_lock" WHERE "username" = ? AND "client" = ?`, [username, client]);
      return null;
    }
    this.brake.failed();
    const failed = (lock && !lock.lockedUntil ? Number(lock.failedAttempts) : 0) + 1;
    const lockNow = failed >= MAX_FAILED_ATTEMPTS;
    await this.db.run(
      `INSERT INTO "hq_login_lock" ("username", "client", "failedAttempts", "lockedUntil", "updatedAt") VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("username", "client") DO UPDATE SET "failedAttempts" = excluded."failedAttempts", "lockedUntil" = excluded."lockedUntil", "updatedAt" = excluded."updatedAt"`,
      [username, client, lockNow ? 0 : failed, lockNow ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null, now.toISOString()],
    );
    // counts that never reached a lock are of no use after a day
    await this.db.run(`DELETE FROM "hq_login_lock" WHERE "updatedAt" < ? AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)`, [
      new Date(now.getTime() - 86400_000).toISOString(),
      now.toISOString(),
    ]);
    return lockNow ? new HqError(401, 'lockedOut', { params: { minutes: LOCKOUT_MINUTES } }) : new HqError(401, 'badLogin');
  }

  async login(username: string, password: string, client: string): Promise<{ token: string; username: string; role: StaffRole }> {
    await this.brake.admit();
    const user = await this.user(username);
    const problem = await this.tryPassword(username, client, password, user);
    if (problem) throw problem;
    return { token: this.token(username, Number(user!.sessionGen)), username, role: user!.role };
  }

  /** The account a bearer token stands for, checked against the database now. */
  async verify(authorization: string | undefined, need: StaffRole): Promise<HqStaff> {
    const m = /^Bearer (.+)$/.exec(authorization ?? '');
    const claims = m ? verifyToken(this.tokenKey, m[1], this.clock().getTime()) : undefined;
    const user = claims && (await this.user(claims.u));
    if (!claims || !user || Number(user.sessionGen) !== claims.g) throw new HqError(401, 'unauthenticated');
    if (need === 'admin' && user.role !== 'admin') throw new HqError(403, 'forbidden');
    return { username: claims.u, role: user.role };
  }

  /**
   * A member of staff changes their own password: every other session of the account ends, and
   * the one that changed it goes on with the new token returned.
   */
  async changePassword(staff: HqStaff, client: string, currentPassword: string, newPassword: string): Promise<{ token: string }> {
    const user = await this.user(staff.username);
    const problem = await this.tryPassword(staff.username, client, currentPassword, user);
    if (problem) throw problem.code === 'badLogin' ? new HqError(400, 'invalid', { field: 'currentPassword', reason: 'password.wrongCurrent' }) : problem;
    const hash = await hashPassword(newPassword);
    await this.db.run(`UPDATE "hq_user" SET "passwordHash" = ?, "sessionGen" = "sessionGen" + 1 WHERE "username" = ?`, [hash, staff.username]);
    return { token: this.token(staff.username, Number(user!.sessionGen) + 1) };
  }

  /** Deactivates an account: its sessions end, and it can no longer log in. */
  async disable(username: string): Promise<boolean> {
    const n = await this.db.run(`UPDATE "hq_user" SET "disabledAt" = ?, "sessionGen" = "sessionGen" + 1 WHERE "username" = ? AND "disabledAt" IS NULL`, [
      this.clock().toISOString(),
      username,
    ]);
    return n > 0;
  }
}
