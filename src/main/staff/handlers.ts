import { IsNull } from 'typeorm';
import { conflict, notFound } from '../../shared/errors.js';
import type { Staff } from '../../shared/staff/contract.js';
import { staffCreate, staffDirectory, staffList, staffResetPassword, staffUpdate } from '../../shared/staff/contract.js';
import { can } from '../../shared/permissions.js';
import { byRoleThenName } from '../../shared/roles.js';
import { accountKey, liftLocks, lockedAccounts } from '../auth/guessing.js';
import { hashPassword } from '../auth/password.js';
import { actor, currentStation, handle, type Ctx } from '../context.js';
import { checkVersion } from '../db/baseColumns.js';
import { StaffCredentialEntity, StaffEntity, staffTable, type StaffCredentialRow, type StaffRow } from './staff.entity.js';

/** `lockedUntil`: the latest lock on the account on any client (see auth/guessing.ts) */
const toStaff = (row: StaffRow, cred: StaffCredentialRow | null, lockedUntil: string | null): Staff => ({
  id: row.id,
  version: row.version,
  name: row.name,
  username: row.username,
  role: row.role,
  phone: row.phone,
  active: Boolean(row.active),
  mustChangePassword: Boolean(cred?.mustChangePassword),
  lockedUntil,
  createdAt: row.createdAt,
});

const loadStaff = async (ctx: Ctx, id: string): Promise<Staff> => {
  const row = await ctx.manager.findOneBy(StaffEntity, { id });
  if (!row) throw notFound('staff.notFound');
  const locks = await lockedAccounts(ctx.manager, ctx.now);
  return toStaff(row, await ctx.manager.findOneBy(StaffCredentialEntity, { staffId: id }), locks.get(accountKey(row.username)) ?? null);
};

const usernameTaken = async (ctx: Ctx, username: string) =>
  (await ctx.manager
    .createQueryBuilder(StaffEntity, 's')
    .where('s.username = :u COLLATE NOCASE', { u: username })
    .getCount()) > 0;

export const staffHandlers = [
  handle(staffList, async (ctx, input) => {
    const rows = await ctx.manager.find(StaffEntity, {
      where: input.includeInactive ? { cancelledAt: IsNull() } : { cancelledAt: IsNull(), active: true },
    });
    rows.sort(byRoleThenName);
    const creds = new Map((await ctx.manager.find(StaffCredentialEntity)).map((c) => [c.staffId, c]));
    const locks = await lockedAccounts(ctx.manager, ctx.now);
    return rows.map((r) => toStaff(r, creds.get(r.id) ?? null, locks.get(accountKey(r.username)) ?? null));
  }),

  handle(staffCreate, async (ctx, input) => {
    const station = currentStation(ctx);
    if (await usernameTaken(ctx, input.username)) throw conflict('staff.usernameTaken');
    const { id } = await staffTable.insert(
      ctx.manager,
      { stationId: station.id, staffId: actor(ctx).staffId, now: ctx.now },
      { name: input.name, username: input.username, role: input.role, phone: input.phone, active: true },
    );
    await ctx.manager.insert(StaffCredentialEntity, {
      staffId: id,
      passwordHash: await hashPassword(input.initialPassword),
      mustChangePassword: true,
      passwordChangedAt: ctx.now.toISOString(),
    });
    return loadStaff(ctx, id);
  }),

  handle(staffUpdate, async (ctx, input) => {
    const me = actor(ctx);
    const row = await ctx.manager.findOneBy(StaffEntity, { id: input.id });
    if (!row) throw notFound('staff.notFound');
    checkVersion(row, input.version);
    // the station must keep an active head who can manage accounts
    if (row.id === me.staffId && (!can(input.role, 'staff.manage') || !input.active)) throw conflict('staff.keepOwnHead');
    await staffTable.update(ctx.manager, { stationId: row.stationId, staffId: me.staffId, now: ctx.now }, row, null, {
      name: input.name,
      role: input.role,
      phone: input.phone,
      active: input.active,
    });
    // trust given to a role ends with it: a changed role or a deactivated account signs in afresh
    ctx.core.sessions.updateStaff(row.id, input.active && input.role === row.role ? { name: input.name } : 'end');
    return loadStaff(ctx, row.id);
  }),

  handle(staffResetPassword, async (ctx, input) => {
    const row = await ctx.manager.findOneBy(StaffEntity, { id: input.id });
    if (!row) throw notFound('staff.notFound');
    await ctx.manager.update(
      StaffCredentialEntity,
      { staffId: row.id },
      {
        passwordHash: await hashPassword(input.initialPassword),
        mustChangePassword: true,
        passwordChangedAt: ctx.now.toISOString(),
      },
    );
    // the head's reset lifts the account's locks and signs everyone using it out
    await liftLocks(ctx.manager, row.username);
    ctx.core.sessions.updateStaff(row.id, 'end');
    return loadStaff(ctx, row.id);
  }),

  handle(staffDirectory, async (ctx) => {
    const rows = await ctx.manager.find(StaffEntity, {
      where: { cancelledAt: IsNull(), active: true },
      select: { id: true, name: true, role: true },
    });
    rows.sort(byRoleThenName);
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role }));
  }),
];
