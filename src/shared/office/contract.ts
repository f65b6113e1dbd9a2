/**
 * The office zone's contract: the duty log (值班日志) kept per shift, and the handover (交接班) at
 * shift end with the equipment and keys the station owns.
 *
 * Access. Those who stand duty (head, officer, auxiliary) read and write the log and hand over; a
 * grid worker or a mediator does not stand duty and may not write it (nor read it: incidents and
 * requests for help are the duty officer's business). Only the head keeps the inventory. Opening a
 * shift by hand (no roster covers the moment) is for head and officer, checked in the core.
 *
 * Every change of an entry, handover or inventory item carries the `version` it was based on; a
 * stale one is refused with CONFLICT `staleVersion`.
 */
import { z } from 'zod';
import { instant as instantField, optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import type { Role } from '../roles.js';
import type { ComposedEntry, EntryColumns } from './composed.js';

export const ENTRY_TYPES = ['reception', 'incident', 'help', 'mediationReferral', 'patrol', 'noticePrinted', 'equipment', 'systemFault'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** done: nothing left to do; open: a follow-up is pending (an incident is open until closed); closed: followed up. */
export const ENTRY_STATES = ['done', 'open', 'closed'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

export const EQUIPMENT_KINDS = ['bicycle', 'radio', 'bodyCamera', 'key', 'other'] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

export const EQUIPMENT_STATES = ['present', 'damaged', 'lost'] as const;
export type EquipmentState = (typeof EQUIPMENT_STATES)[number];

export const HANDOVER_STATUSES = ['draft', 'giverSigned', 'received'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

/** The longest shift the station works is 24 hours; a hand-opened one may run a little over. */
export const MAX_SHIFT_HOURS = 26;

const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });

const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(1, { message: 'invalid' });

const instant = instantField('office.dateTime');

// ───────────────────────────── views ─────────────────────────────

export interface DutyPerson {
  staffId: string;
  name: string;
  role: Role;
}

export interface ShiftView {
  id: string;
  version: number;
  source: 'roster' | 'manual';
  /** the local date the shift starts on */
  dutyDate: string;
  /** the roster's shift type, null for a shift opened by hand */
  shiftKey: string | null;
  name: string;
  startsAt: string;
  endsAt: string;
  people: DutyPerson[];
  openedAt: string;
  openedBy: string;
  /** open until the receiver of its handover signs */
  status: 'open' | 'handedOver';
  handedOverAt: string | null;
}

/** Something the app already knows about, shown in the log without retyping. */
export type AutoSource =
  | { kind: 'walkIn'; refId: string; queueNo: string; purpose: string; route: string; status: string }
  | { kind: 'referral'; refId: string; caseNo: string; disputeType: string; referredBy: string | null }
  | { kind: 'mediationFailed'; refId: string; caseNo: string; disputeType: string; feedback: string | null };

export interface LogEntry {
  /** a typed entry's id, or `<kind>:<record id>` for one the app wrote from another zone's record */
  id: string;
  version: number;
  shiftId: string;
  at: string;
  type: EntryType;
  people: string | null;
  place: string | null;
  action: string | null;
  result: string | null;
  followUpOwner: { id: string; name: string } | null;
  state: EntryState;
  closedAt: string | null;
  closedBy: string | null;
  closeNote: string | null;
  recordedBy: string | null;
  auto: AutoSource | null;
  /** an entry the app wrote itself, as a kind with its values: shown in the reader's language rather than the stored text */
  composed: ComposedEntry | null;
}

export interface EquipmentItem {
  id: string;
  version: number;
  kind: EquipmentKind;
  name: string;
  code: string | null;
  note: string | null;
  /** as the last received handover found it */
  state: EquipmentState;
  stateNote: string | null;
  stateAt: string | null;
}

export interface ChecklistLine {
  itemId: string;
  kind: EquipmentKind;
  name: string;
  code: string | null;
  state: EquipmentState;
  note: string | null;
}

export interface OpenItem {
  entryId: string;
  at: string;
  type: EntryType;
  /** the entry's columns joined as stored (an entry the app wrote: in Chinese) */
  text: string;
  owner: string | null;
  /** an entry the app wrote itself: its columns and kind, worded for each reader (a handover saved before this has none) */
  composed?: EntryColumns & { composed: ComposedEntry };
}

export interface HandoverView {
  id: string;
  version: number;
  shiftId: string;
  shiftName: string;
  shiftStartsAt: string;
  shiftEndsAt: string;
  status: HandoverStatus;
  summary: string | null;
  instructions: string | null;
  openItems: OpenItem[];
  checklist: ChecklistLine[];
  giver: { id: string; name: string };
  receiver: { id: string; name: string };
  giverSignedAt: string | null;
  receiverSignedAt: string | null;
  createdAt: string;
}

export interface ShiftLog {
  shift: ShiftView;
  /** typed entries and the ones the app knows about, oldest first */
  entries: LogEntry[];
  /** open items from earlier shifts, still waiting for someone */
  carried: LogEntry[];
  openIncidents: number;
  handover: HandoverView | null;
}

export interface RosterShiftNow {
  dutyDate: string;
  shiftKey: string;
  name: string;
  startsAt: string;
  endsAt: string;
  people: DutyPerson[];
}

export interface OfficeNow {
  /** the shift on duty now: the latest one opened and not yet handed over */
  current: ShiftLog | null;
  /**
   * every shift not yet handed over, oldest first: the next shift may open its log before the
   * previous one's handover is received, and that handover must still be reachable
   */
  openShifts: ShiftView[];
  /** the roster's shift now, when the roster covers this moment */
  roster: RosterShiftNow | null;
  /** the roster's next shift's people: who receives the handover */
  next: DutyPerson[];
  /**
   * the station's usual shift at this moment, from its shift types whether or not anyone is
   * rostered: what a shift opened by hand spans unless the opener changes it
   */
  usualShift: { name: string; startsAt: string; endsAt: string } | null;
  /** everyone who may stand duty, for a shift opened by hand and for choosing a receiver */
  dutyStaff: DutyPerson[];
}

export interface PendingHandovers {
  /** handovers not yet signed by both sides */
  handovers: HandoverView[];
  /** shifts whose time is over and whose handover was not even started */
  overdueShifts: ShiftView[];
}

// ───────────────────────────── shifts ─────────────────────────────

export const officeNow = defineMethod<OfficeNow>()({
  name: 'office.now',
  input: z.strictObject({}),
  access: 'office.dutyLog',
  kind: 'read',
});

export const officeShiftOpen = defineMethod<ShiftLog>()({
  name: 'office.shiftOpen',
  input: z.discriminatedUnion(
    'source',
    [
      z.strictObject({ source: z.literal('roster') }),
      z.strictObject({
        source: z.literal('manual'),
        name: text(20),
        startsAt: instant,
        endsAt: instant,
        staffIds: z.array(uuid, { error: 'required' }).min(1, { message: 'office.shift.nobody' }).max(12, { message: 'tooLong' }),
      }),
    ],
    { error: 'invalidOption' },
  ),
  access: 'office.dutyLog',
  kind: 'write',
});

export const officeShiftGet = defineMethod<ShiftLog>()({
  name: 'office.shiftGet',
  input: z.strictObject({ id: uuid }),
  access: 'office.dutyLog',
  kind: 'read',
});

export const officeShiftList = defineMethod<ShiftView[]>()({
  name: 'office.shiftList',
  input: z.strictObject({ limit: z.number().int().min(1).max(200).default(30) }),
  access: 'office.dutyLog',
  kind: 'read',
});

// ───────────────────────────── entries ─────────────────────────────

export const entryInput = z.strictObject({
  shiftId: uuid,
  /** when it happened; now when absent */
  at: instant.optional(),
  type: choice(ENTRY_TYPES),
  people: optionalText(200),
  place: optionalText(100),
  action: optionalText(1000, true),
  result: optionalText(1000, true),
  followUpOwnerId: uuid.nullish().transform((v) => v ?? null),
  /** a follow-up is still pending: the entry stays open and is carried over (an incident always is) */
  followUp: z.boolean({ error: 'invalidType' }).default(false),
});

export const officeEntryAdd = defineMethod<LogEntry>()({
  name: 'office.entryAdd',
  input: entryInput.refine((v) => v.people !== null || v.action !== null || v.result !== null, { message: 'office.entry.empty', path: ['action'] }),
  access: 'office.dutyLog',
  kind: 'write',
});

export const officeEntryClose = defineMethod<LogEntry>()({
  name: 'office.entryClose',
  input: z.strictObject({ id: uuid, version, note: text(500) }),
  access: 'office.dutyLog',
  kind: 'write',
});

// ───────────────────────────── handover ─────────────────────────────

export const checklistInput = z.strictObject({
  itemId: uuid,
  state: choice(EQUIPMENT_STATES),
  note: optionalText(200),
});

export const officeHandoverSave = defineMethod<HandoverView>()({
  name: 'office.handoverSave',
  input: z
    .strictObject({
      shiftId: uuid,
      /** absent for a new handover; the draft's version to change it */
      version: version.optional(),
      giverId: uuid,
      receiverId: uuid,
      summary: optionalText(2000, true),
      instructions: optionalText(2000, true),
      checklist: z.array(checklistInput, { error: 'required' }).max(500, { message: 'tooLong' }),
    })
    .superRefine((v, ctx) => {
      if (v.giverId === v.receiverId) ctx.addIssue({ code: 'custom', message: 'office.handover.sameSigner', path: ['receiverId'] });
      v.checklist.forEach((line, i) => {
        // damage or loss is written down: what, how, since when
        if (line.state !== 'present' && line.note === null) ctx.addIssue({ code: 'custom', message: 'office.checklist.noteRequired', path: ['checklist', i, 'note'] });
        if (v.checklist.findIndex((l) => l.itemId === line.itemId) !== i) ctx.addIssue({ code: 'custom', message: 'office.checklist.twice', path: ['checklist', i, 'itemId'] });
      });
    }),
  access: 'office.dutyLog',
  kind: 'write',
});

/**
 * One side signs with their own password, typed at this desk: the giver first, then the receiver,
 * whose signature passes the responsibility on.
 */
export const officeHandoverSign = defineMethod<HandoverView>()({
  name: 'office.handoverSign',
  input: z.strictObject({
    id: uuid,
    version,
    side: choice(['giver', 'receiver'] as const),
    password: z.string({ error: 'required' }).min(1, { message: 'required' }).max(128, { message: 'tooLong' }),
  }),
  access: 'office.dutyLog',
  kind: 'write',
});

export const officeHandoverGet = defineMethod<HandoverView & { stationName: string; shiftPeople: DutyPerson[] }>()({
  name: 'office.handoverGet',
  input: z.strictObject({ id: uuid }),
  access: 'office.dutyLog',
  kind: 'read',
});

export const officePending = defineMethod<PendingHandovers>()({
  name: 'office.pending',
  input: z.strictObject({}),
  access: 'office.dutyLog',
  kind: 'read',
});

// ───────────────────────────── inventory ─────────────────────────────

export const officeEquipmentList = defineMethod<EquipmentItem[]>()({
  name: 'office.equipmentList',
  input: z.strictObject({}),
  access: 'office.dutyLog',
  kind: 'read',
});

export const officeEquipmentSave = defineMethod<EquipmentItem>()({
  name: 'office.equipmentSave',
  input: z.strictObject({
    id: uuid.optional(),
    version: version.optional(),
    kind: choice(EQUIPMENT_KINDS),
    name: text(40),
    code: optionalText(40),
    note: optionalText(200),
  }),
  access: 'office.equipment',
  kind: 'write',
});

/** An item leaves the inventory (written off, returned): kept with the reason, never deleted. */
export const officeEquipmentRetire = defineMethod<{ ok: true }>()({
  name: 'office.equipmentRetire',
  input: z.strictObject({ id: uuid, version, reason: text(200) }),
  access: 'office.equipment',
  kind: 'write',
});

export const officeMethods = [
  officeNow,
  officeShiftOpen,
  officeShiftGet,
  officeShiftList,
  officeEntryAdd,
  officeEntryClose,
  officeHandoverSave,
  officeHandoverSign,
  officeHandoverGet,
  officePending,
  officeEquipmentList,
  officeEquipmentSave,
  officeEquipmentRetire,
] as const;
