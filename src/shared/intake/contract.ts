import { z } from 'zod';
import { defineMethod } from '../method.js';
import { idType, isoDate, normaliseIdDocument, optionalMobile, optionalText, personName, text, uuid } from '../fields.js';
import { localDate } from '../time.js';
import type { IdType } from '../checks/idNumber.js';
import { normaliseIdentifier } from '../checks/identifier.js';
import { PURPOSES, ROUTES, STATUSES, type Purpose, type Route, type WalkInStatus } from './zones.js';

/** The date no one can be born after, anywhere: today in the earliest time zone. */
const latestBirthDate = () => localDate(new Date(), 'Pacific/Kiritimati');

export const route = z.enum(ROUTES, { error: 'invalidOption' });
const purpose = z.enum(PURPOSES, { error: 'invalidOption' });

export const walkInInput = z
  .strictObject({
    visitorName: personName,
    idType: idType.default('resident'),
    idNumber: z.string({ error: 'invalidType' }).nullish(),
    phone: optionalMobile,
    purpose,
    note: optionalText(500, true),
    route,
  })
  .transform((v, ctx) => {
    const doc = normaliseIdDocument(v.idType, v.idNumber, latestBirthDate());
    if (!doc.ok) {
      ctx.issues.push({ code: 'custom', message: doc.key, path: ['idNumber'], input: v.idNumber });
      return z.NEVER;
    }
    return { ...v, idNumber: doc.value };
  });
export type WalkInInput = z.input<typeof walkInInput>;

export interface StaffRef {
  id: string;
  name: string;
}

/** A walk-in as lists show it: ID and phone masked. */
export interface WalkIn {
  id: string;
  version: number;
  localDate: string;
  route: Route;
  queueNo: string;
  arrivedAt: string;
  visitorName: string;
  idType: IdType;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  /**
   * Age on the day of arrival, from a resident ID number. Not the birth date: with the masked
   * number beside it, the birth date would give back all but two digits of the ID.
   */
  age: number | null;
  sex: 'male' | 'female' | null;
  purpose: Purpose;
  note: string | null;
  status: WalkInStatus;
  receivedBy: StaffRef;
  servedBy: StaffRef | null;
  servingStartedAt: string | null;
  finishedAt: string | null;
  referredFromId: string | null;
  referredToId: string | null;
}

export const intakeRegister = defineMethod<WalkIn>()({
  name: 'intake.register',
  input: walkInInput,
  access: 'intake.register',
  kind: 'write',
});

export interface VisitorMatch {
  visitorName: string;
  idType: IdType;
  /** in full only when it is what the desk typed to find the visitor; otherwise null */
  idNumber: string | null;
  phone: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  lastVisitAt: string;
  visits: number;
}

/**
 * A returning visitor, found by the complete ID number or mobile number the desk has just typed.
 * The match fills the name; the other identifier comes back masked (the desk knows only what it
 * typed) unless the role may unmask, and every lookup is audited (in the unmasking report).
 */
export const intakeFindVisitor = defineMethod<VisitorMatch | null>()({
  name: 'intake.findVisitor',
  input: z.union(
    [
      z.strictObject({ idNumber: z.string().trim().min(15, { message: 'idNumber.length' }).max(30, { message: 'tooLong' }) }),
      z.strictObject({ phone: z.string().trim().min(11, { message: 'phone.mobile' }).max(20, { message: 'tooLong' }) }),
    ],
    { error: 'required' },
  ),
  access: 'intake.register',
  kind: 'read',
  auditRead: true,
});

export interface Board {
  localDate: string;
  walkIns: WalkIn[];
}

/**
 * Today's walk-ins by zone: names and masked numbers of the station's visitors, so for those who
 * receive them (grid workers, on the government side, see none of the front desk's visitors).
 */
export const intakeBoard = defineMethod<Board>()({
  name: 'intake.board',
  input: z.strictObject({ date: isoDate.optional(), route: route.optional() }),
  access: 'intake.viewBoard',
  kind: 'read',
});

/** One walk-in (masked), e.g. for its queue slip; for the same roles as the board. */
export const intakeGet = defineMethod<WalkIn>()({
  name: 'intake.get',
  input: z.strictObject({ id: uuid }),
  access: 'intake.viewBoard',
  kind: 'read',
});

export const intakeSetStatus = defineMethod<WalkIn>()({
  name: 'intake.setStatus',
  input: z.strictObject({ id: uuid, status: z.enum(STATUSES, { error: 'invalidOption' }) }),
  access: 'intake.serve',
  kind: 'write',
});

/** Takes back an end the same person gave within a few seconds (UNDO_SECONDS): the walk-in is as it was. */
export const intakeUndoFinish = defineMethod<WalkIn>()({
  name: 'intake.undoFinish',
  input: z.strictObject({ id: uuid }),
  access: 'intake.serve',
  kind: 'write',
});

/** Hands a walk-in on to another zone (首接负责制): the first is closed as referred, a new one waits there. */
export const intakeRefer = defineMethod<WalkIn>()({
  name: 'intake.refer',
  input: z.strictObject({ id: uuid, route, note: optionalText(200) }),
  access: 'intake.serve',
  kind: 'write',
});

export interface WalkInPage {
  walkIns: WalkIn[];
  /** pass back as `before` for the next (older) page; null when there is none */
  nextBefore: string | null;
}

/** A whole ID number as a lookup takes it: a resident ID of 15 or 18 characters, or another document's number. */
const isWholeIdLookup = (raw: string) => {
  const q = normaliseIdentifier(raw);
  return !/^\d+X?$/.test(q) || q.length === 15 || q.length === 18;
};
/** A whole phone number: a mobile of 11 digits, or a landline with its area code. */
const isWholePhoneLookup = (raw: string) => {
  const q = normaliseIdentifier(raw).replaceAll('-', '').replace(/^\+?86/, '');
  return /^1\d{10}$/.test(q) || /^0\d{9,11}$/.test(q);
};

export const intakeSearch = defineMethod<WalkInPage>()({
  name: 'intake.search',
  input: z
    .strictObject({
      /** the start of a name: 张 finds 张三 */
      name: optionalText(50),
      // whole numbers only (see searchWalkIns): a part is refused saying so, rather than finding nobody
      idNumber: optionalText(30).refine((v) => !v || isWholeIdLookup(v), { message: 'intake.wholeIdNumber' }),
      phone: optionalText(20).refine((v) => !v || isWholePhoneLookup(v), { message: 'intake.wholePhone' }),
      from: isoDate.optional(),
      to: isoDate.optional(),
      route: route.optional(),
      before: z.string().max(80).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'dateRange', path: ['to'] }),
  access: 'intake.history',
  kind: 'read',
  // a search by an ID or phone number confirms who came (a guess at a masked number, say): on
  // the record like an unmasking; a search by name shows only what lists show anyway
  auditRead: (input) => Boolean(input.idNumber || input.phone),
});

/** Shows a walk-in's ID and phone in full; the reason is audited with who and when. */
export const intakeReveal = defineMethod<{ idNumber: string | null; phone: string | null }>()({
  name: 'intake.reveal',
  input: z.strictObject({ id: uuid, reason: text(100) }),
  access: 'person.unmask',
  kind: 'read',
  auditRead: true,
});

export const intakeMethods = [
  intakeRegister,
  intakeFindVisitor,
  intakeBoard,
  intakeGet,
  intakeSetStatus,
  intakeUndoFinish,
  intakeRefer,
  intakeSearch,
  intakeReveal,
] as const;
