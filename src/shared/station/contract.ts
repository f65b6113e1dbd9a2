import { z } from 'zod';
import { defineMethod } from '../method.js';
import { optionalText, personName, publicPhone, text, timeZone, mobile, password } from '../fields.js';
import { DEFAULT_TIME_ZONE } from '../time.js';

export const dutyPhoneInput = z.strictObject({
  label: text(20),
  number: publicPhone,
});

const hqUrl = z
  .string({ error: 'invalidType' })
  .nullish()
  .transform((raw, ctx) => {
    const v = (raw ?? '').trim();
    if (v === '') return null;
    try {
      const url = new URL(v);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
      return url.toString().replace(/\/$/, '');
    } catch {
      ctx.issues.push({ code: 'custom', message: 'url', input: raw });
      return z.NEVER;
    }
  });

export const stationProfileInput = z.strictObject({
  name: text(60),
  /** the station's code as HQ knows it: letters, digits, dash */
  code: text(32).refine((s) => /^[A-Za-z0-9-]+$/.test(s), { message: 'stationCode' }),
  policeArea: text(60),
  community: text(60),
  grid: optionalText(60),
  address: text(120),
  dutyPhones: z.array(dutyPhoneInput, { error: 'required' }).min(1, { message: 'dutyPhone.required' }).max(5, { message: 'tooMany' }),
  timeZone: timeZone.default(DEFAULT_TIME_ZONE),
  hqUrl,
  idleLockMinutes: z.number({ error: 'invalidType' }).int({ message: 'integer' }).min(1, { message: 'idleLock.range' }).max(240, { message: 'idleLock.range' }).default(10),
});
export type StationProfileInput = z.input<typeof stationProfileInput>;

export interface DutyPhone {
  label: string;
  number: string;
}

export interface StationProfile {
  id: string;
  version: number;
  name: string;
  code: string;
  policeArea: string;
  community: string;
  grid: string | null;
  address: string;
  dutyPhones: DutyPhone[];
  timeZone: string;
  hqUrl: string | null;
  idleLockMinutes: number;
}

export const stationStatus = defineMethod<{ setUp: boolean; stationName: string | null }>()({
  name: 'station.status',
  input: z.strictObject({}),
  access: 'public',
  kind: 'read',
  allowWhileRestricted: true,
});

export const stationSetup = defineMethod<{ stationId: string; headId: string }>()({
  name: 'station.setup',
  input: z.strictObject({
    station: stationProfileInput,
    head: z.strictObject({
      name: personName,
      username: text(32).refine((s) => /^[A-Za-z0-9_.-]+$/.test(s), { message: 'username' }),
      phone: mobile,
      password,
    }),
  }),
  access: 'public',
  kind: 'write',
});

export const stationGet = defineMethod<StationProfile>()({
  name: 'station.get',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

export const stationUpdate = defineMethod<StationProfile>()({
  name: 'station.update',
  input: stationProfileInput.extend({ version: z.number().int() }),
  access: 'station.configure',
  kind: 'write',
});

export interface ContactCard {
  stationName: string;
  address: string;
  policeArea: string;
  community: string;
  dutyPhones: DutyPhone[];
  officers: { id: string; name: string; phone: string | null }[];
}

/** What the notice board shows: public by nature, so it is not masked. */
export const stationContactCard = defineMethod<ContactCard>()({
  name: 'station.contactCard',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

export const stationMethods = [stationStatus, stationSetup, stationGet, stationUpdate, stationContactCard] as const;
