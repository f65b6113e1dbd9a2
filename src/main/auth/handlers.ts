import { AppError, unauthenticated } from '../../shared/errors.js';
import type { Me } from '../../shared/auth/contract.js';
import { authChangePassword, authLock, authLogin, authLogout, authMe, authUnlock } from '../../shared/auth/contract.js';
import { CommitThenFail, actor, currentStation, handle, type Ctx } from '../context.js';
import { StaffCredentialEntity, StaffEntity, type StaffRow } from '../staff/staff.entity.js';
import { hashPassword, verifyPassword } from './password.js';
import type { Session } from './sessions.js';

/** After this many wrong passwords in a row the account waits LOCKOUT_MINUTES. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

const meOf = (ctx: Ctx, s: Session): Me => {
  const station = currentStation(ctx);
  return {
    staffId: s.staffId,
    name: s.name,
    username: s.username,
    role: s.role,
    mustChangePassword: s.mustChangePassword,
    idleLockMinutes: station.idleLockMinutes,
    stationName: station.name,
    timeZone: station.timeZone,
  };
};

/**
 * Checks a password and keeps the count of failures (logins, unlocks, handover signatures). Returns null when it matched, otherwise the
 * error to give (after the failure has been committed).
 */
export const checkPassword = async (ctx: Ctx, staff: StaffRow, password: string): Promise<AppError | null> => {
  const cred = await ctx.manager.findOneBy(StaffCredentialEntity, { staffId: staff.id });
  if (!cred) return new AppError({ code: 'UNAUTHENTICATED', key: 'auth.badCredentials' });
  if (cred.lockedUntil && cred.lockedUntil > ctx.now.toISOString()) {
    const minutes = Math.ceil((Date.parse(cred.lockedUntil) - ctx.now.getTime()) / 60_000);
    return new AppError({ code: 'UNAUTHENTICATED', key: 'auth.lockedOut', params: { minutes } });
  }
  if (await verifyPassword(password, cred.passwordHash)) {
    if (cred.failedAttempts > 0 || cred.lockedUntil)
      await ctx.manager.update(StaffCredentialEntity, { staffId: staff.id }, { failedAttempts: 0, lockedUntil: null });
    return null;
  }
  const failedAttempts = cred.failedAttempts + 1;
  const lockNow = failedAttempts >= MAX_FAILED_ATTEMPTS;
  await ctx.manager.update(
    StaffCredentialEntity,
    { staffId: staff.id },
    {
      failedAttempts: lockNow ? 0 : failedAttempts,
      lockedUntil: lockNow ? new Date(ctx.now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null,
    },
  );
  ctx.audit.detail = lockNow ? 'locked out' : `failed attempt ${failedAttempts}`;
  if (lockNow) return new AppError({ code: 'UNAUTHENTICATED', key: 'auth.lockedOut', params: { minutes: LOCKOUT_MINUTES } });
  // no count of attempts left: an unknown user gets this very answer, so it tells no one which names exist
  return new AppError({ code: 'UNAUTHENTICATED', key: 'auth.badCredentials' });
};

let dummy: Promise<string> | undefined;
/** A hash of nothing anyone knows, computed once, to spend a login's time on an unknown name. */
const dummyHash = () => (dummy ??= hashPassword(`no such user ${Math.random()}`));

export const authHandlers = [
  handle(authLogin, async (ctx, input) => {
    currentStation(ctx);
    const staff = await ctx.manager
      .createQueryBuilder(StaffEntity, 's')
      .where('s.username = :u COLLATE NOCASE', { u: input.username })
      .getOne();
    if (!staff) {
      // the same answer, and the same time (one scrypt), for an unknown user as for a wrong password
      await verifyPassword(input.password, await dummyHash());
      return new CommitThenFail(new AppError({ code: 'UNAUTHENTICATED', key: 'auth.badCredentials' }));
    }
    ctx.audit = { recordId: staff.id, staffId: staff.id, staffName: staff.name };
    if (!staff.active || staff.cancelledAt) {
      // checked before the password, so a guess at an inactive account's password learns nothing
      await verifyPassword(input.password, await dummyHash());
      ctx.audit.detail = 'inactive account';
      return new CommitThenFail(new AppError({ code: 'UNAUTHENTICATED', key: 'auth.badCredentials' }));
    }
    const problem = await checkPassword(ctx, staff, input.password);
    if (problem) return new CommitThenFail(problem);
    const cred = await ctx.manager.findOneByOrFail(StaffCredentialEntity, { staffId: staff.id });
    const session: Omit<Session, 'locked'> = {
      staffId: staff.id,
      name: staff.name,
      username: staff.username,
      role: staff.role,
      mustChangePassword: cred.mustChangePassword,
      startedAt: ctx.now.getTime(),
      lastSeenAt: ctx.now.getTime(),
    };
    const token = ctx.core.sessions.create(session);
    return { token, me: meOf(ctx, { ...session, locked: false }) };
  }),

  handle(authLogout, async (ctx) => {
    ctx.audit.recordId = actor(ctx).staffId;
    ctx.core.sessions.delete(ctx.token);
    return { ok: true as const };
  }),

  handle(authMe, async (ctx) => {
    const s = actor(ctx);
    if (s.locked) throw new AppError({ code: 'UNAUTHENTICATED', key: 'sessionLocked' });
    return meOf(ctx, s);
  }),

  handle(authChangePassword, async (ctx, input) => {
    const s = actor(ctx);
    if (s.locked) throw new AppError({ code: 'UNAUTHENTICATED', key: 'sessionLocked' });
    const staff = await ctx.manager.findOneByOrFail(StaffEntity, { id: s.staffId });
    ctx.audit.recordId = staff.id;
    const problem = await checkPassword(ctx, staff, input.currentPassword);
    if (problem)
      return new CommitThenFail(
        problem.key === 'auth.badCredentials'
          ? new AppError({ code: 'VALIDATION', key: 'password.wrongCurrent', field: 'currentPassword', fields: [{ field: 'currentPassword', key: 'password.wrongCurrent' }] })
          : problem,
      );
    await ctx.manager.update(
      StaffCredentialEntity,
      { staffId: staff.id },
      { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, passwordChangedAt: ctx.now.toISOString() },
    );
    ctx.core.sessions.updateStaff(staff.id, { mustChangePassword: false });
    return { ok: true as const };
  }),

  handle(authLock, async (ctx) => {
    actor(ctx).locked = true;
    return { ok: true as const };
  }),

  handle(authUnlock, async (ctx, input) => {
    const s = actor(ctx);
    const staff = await ctx.manager.findOneBy(StaffEntity, { id: s.staffId });
    if (!staff) throw unauthenticated();
    ctx.audit.recordId = staff.id;
    const problem = await checkPassword(ctx, staff, input.password);
    if (problem) {
      // too many wrong passwords on a locked screen end the session
      if (problem.key === 'auth.lockedOut') ctx.core.sessions.delete(ctx.token);
      return new CommitThenFail(problem);
    }
    s.locked = false;
    s.lastSeenAt = ctx.now.getTime();
    return { ok: true as const };
  }),
];
