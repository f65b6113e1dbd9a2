import { IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { conflict, notFound } from '../../shared/errors.js';
import type { Staff } from '../../shared/staff/contract.js';
import { staffCreate, staffDirectory, staffList, staffResetPassword, staffUpdate } from '../../shared/staff/contract.js';
import { can } from '../../shared/permissions.js';
import { hashPassword } from '../auth/password.js';
import { actor, currentStation, handle, type Ctx } from '../context.js';
import { newRowBase, touch } from '../db/baseColumns.js';
import { StaffCredentialEntity, StaffEntity, type StaffCredentialRow, type StaffRow } from './staff.entity.js';

const toStaff = (row: StaffRow, cred: StaffCredentialRow | null): Staff => ({
  id: row.id,
  version: row.version,
  name: row.name,
  username: row.username,
  role: row.role,
  phone: row.phone,
  active: Boolean(row.active),
  mustChangePassword: Boolean(cred?.mustChangePassword),
  lockedUntil: cred?.lockedUntil ?? null,
  createdAt: row.createdAt,
});

const loadStaff = async (ctx: Ctx, id: string): Promise<Staff> => {
  const row = await ctx.manager.findOneBy(StaffEntity, { id });
  if (!row) throw notFound('staff.notFound');
  return toStaff(row, await ctx.manager.findOneBy(StaffCredentialEntity, { staffId: id }));
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
      order: { name: 'ASC' },
    });
    const creds = new Map((await ctx.manager.find(StaffCredentialEntity)).map((c) => [c.staffId, c]));
    return rows.map((r) => toStaff(r, creds.get(r.id) ?? null));
  }),

  handle(staffCreate, async (ctx, input) => {
    const station = currentStation(ctx);
    if (await usernameTaken(ctx, input.username)) throw conflict('staff.usernameTaken');
    const id = uuidv7();
    await ctx.manager.insert(StaffEntity, {
      ...newRowBase(id, station.id, actor(ctx).staffId, ctx.now),
      name: input.name,
      username: input.username,
      role: input.role,
      phone: input.phone,
      active: true,
    });
    await ctx.manager.insert(StaffCredentialEntity, {
      staffId: id,
      passwordHash: await hashPassword(input.initialPassword),
      mustChangePassword: true,
      failedAttempts: 0,
      lockedUntil: null,
      passwordChangedAt: ctx.now.toISOString(),
    });
    return loadStaff(ctx, id);
  }),

  handle(staffUpdate, async (ctx, input) => {
    const me = actor(ctx);
    const row = await ctx.manager.findOneBy(StaffEntity, { id: input.id });
    if (!row) throw notFound('staff.notFound');
    if (row.version !== input.version) throw conflict('staleVersion');
    // the station must keep an active head who can manage accounts
    if (row.id === me.staffId && (!can(input.role, 'staff.manage') || !input.active)) throw conflict('staff.keepOwnHead');
    await ctx.manager.update(StaffEntity, { id: row.id }, {
      name: input.name,
      role: input.role,
      phone: input.phone,
      active: input.active,
      ...touch(row, me.staffId, ctx.now),
    });
    ctx.core.sessions.updateStaff(row.id, input.active ? { name: input.name, role: input.role } : 'end');
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
        failedAttempts: 0,
        lockedUntil: null,
        passwordChangedAt: ctx.now.toISOString(),
      },
    );
    ctx.core.sessions.updateStaff(row.id, 'end');
    return loadStaff(ctx, row.id);
  }),

  handle(staffDirectory, async (ctx) => {
    const rows = await ctx.manager.find(StaffEntity, {
      where: { cancelledAt: IsNull(), active: true },
      order: { name: 'ASC' },
      select: { id: true, name: true, role: true },
    });
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role }));
  }),
];
