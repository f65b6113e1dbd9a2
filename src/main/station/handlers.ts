import { IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { conflict, notFound } from '../../shared/errors.js';
import type { StationProfile } from '../../shared/station/contract.js';
import {
  stationContactCard,
  stationGet,
  stationSetup,
  stationStatus,
  stationUpdate,
} from '../../shared/station/contract.js';
import { actor, currentStation, handle } from '../context.js';
import { byRoleThenName } from '../../shared/roles.js';
import { hashPassword } from '../auth/password.js';
import { StaffCredentialEntity, StaffEntity, staffTable } from '../staff/staff.entity.js';
import { StationEntity, stationTable, type StationRow } from './station.entity.js';

export const toStationProfile = (row: StationRow): StationProfile => ({
  id: row.id,
  version: row.version,
  name: row.name,
  code: row.code,
  policeArea: row.policeArea,
  community: row.community,
  grid: row.grid,
  address: row.address,
  dutyPhones: JSON.parse(row.dutyPhones),
  timeZone: row.timeZone,
  hqUrl: row.hqUrl,
  idleLockMinutes: row.idleLockMinutes,
});

export const stationHandlers = [
  handle(stationStatus, async (ctx) => {
    const station = ctx.core.station();
    return { setUp: station !== undefined, stationName: station?.name ?? null };
  }),

  /** First run: the station profile and its head's account, once. */
  handle(stationSetup, async (ctx, input) => {
    if ((await ctx.manager.count(StationEntity)) > 0) throw conflict('station.alreadySetUp');
    const stationId = uuidv7();
    const headId = uuidv7();
    const { dutyPhones, ...profile } = input.station;
    // the head sets the station up: the first rows are theirs
    const w = { stationId, staffId: headId, now: ctx.now };
    await stationTable.insert(ctx.manager, w, { ...profile, grid: profile.grid ?? null, hqUrl: profile.hqUrl ?? null, dutyPhones: JSON.stringify(dutyPhones) }, stationId);
    await staffTable.insert(ctx.manager, w, { name: input.head.name, username: input.head.username, role: 'head', phone: input.head.phone, active: true }, headId);
    await ctx.manager.insert(StaffCredentialEntity, {
      staffId: headId,
      passwordHash: await hashPassword(input.head.password),
      // the head chose this password: no forced change
      mustChangePassword: false,
      passwordChangedAt: ctx.now.toISOString(),
    });
    await ctx.core.reloadStation(ctx.manager);
    ctx.audit = { recordId: stationId, staffId: headId, staffName: input.head.name };
    return { stationId, headId };
  }),

  handle(stationGet, async (ctx) => toStationProfile(currentStation(ctx))),

  handle(stationUpdate, async (ctx, input) => {
    const row = currentStation(ctx);
    const { version, dutyPhones, ...profile } = input;
    await stationTable.update(ctx.manager, { stationId: row.id, staffId: actor(ctx).staffId, now: ctx.now }, row, version, {
      ...profile,
      dutyPhones: JSON.stringify(dutyPhones),
    });
    await ctx.core.reloadStation(ctx.manager);
    const updated = ctx.core.station();
    if (!updated) throw notFound();
    return toStationProfile(updated);
  }),

  handle(stationContactCard, async (ctx) => {
    const station = currentStation(ctx);
    const officers = await ctx.manager.find(StaffEntity, {
      where: { role: 'officer', active: true, cancelledAt: IsNull() },
    });
    officers.sort(byRoleThenName);
    return {
      stationName: station.name,
      address: station.address,
      policeArea: station.policeArea,
      community: station.community,
      dutyPhones: JSON.parse(station.dutyPhones),
      officers: officers.map((o) => ({ id: o.id, name: o.name, phone: o.phone })),
    };
  }),
];
