/** The collection contract: collectors' appointments, search, and completeness with its worklist. */
import { z } from 'zod';
import { isoDate, optionalText, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus, type Fault } from './model.js';
import { choice, type StaffRef, version } from './contract.common.js';

// ───────────────────────────── appointments (上门预约) ─────────────────────────────

export interface Appointment {
  id: string;
  version: number;
  addressId: string;
  addressText: string;
  buildingId: string | null;
  residentNames: string[];
  residentIds: string[];
  startAt: string;
  endAt: string;
  localDate: string;
  collector: StaffRef;
  /** who comes to the door as the notice to residents names them: 社区民警, 社区辅警, 网格员 … */
  collectorTitle: string;
  status: AppointmentStatus;
  note: string | null;
  /** ready to copy into a text message */
  messageText: string;
}

export const collectionAppointmentCreate = defineMethod<Appointment>()({
  name: 'collection.appointmentCreate',
  input: z
    .strictObject({
      addressId: uuid,
      residentIds: z.array(uuid).max(20).default([]),
      startAt: z.iso.datetime({ offset: true, message: 'date' }),
      endAt: z.iso.datetime({ offset: true, message: 'date' }),
      collectorId: uuid,
      note: optionalText(200),
    })
    .refine((v) => Date.parse(v.startAt) < Date.parse(v.endAt), { message: 'dateRange', path: ['endAt'] }),
  access: 'collection.collect',
  kind: 'write',
});

export const collectionAppointments = defineMethod<Appointment[]>()({
  name: 'collection.appointments',
  input: z.strictObject({ date: isoDate.optional(), buildingId: uuid.optional() }),
  access: 'collection.view',
  kind: 'read',
});

export const collectionAppointmentGet = defineMethod<Appointment>()({
  name: 'collection.appointmentGet',
  input: z.strictObject({ id: uuid }),
  access: 'collection.view',
  kind: 'read',
});

export const collectionAppointmentSetStatus = defineMethod<Appointment>()({
  name: 'collection.appointmentSetStatus',
  input: z.strictObject({ id: uuid, version, status: choice(APPOINTMENT_STATUSES) }),
  access: 'collection.collect',
  kind: 'write',
});

// ───────────────────────────── search and completeness ─────────────────────────────

export interface SearchHit {
  type: 'person' | 'address' | 'house' | 'unit';
  id: string;
  /** the address to open (a person's room, the house's room, the address itself) */
  addressId: string | null;
  title: string;
  subtitle: string | null;
}

/**
 * One box: people by name, pinyin or initials (zs, zhangsan → 张三), ID number or its last digits,
 * phone; addresses by their text, a room also as people type it (3号楼1单元301, 3-1-301, 301室:
 * listed first); houses by owner; units by name or credit code.
 */
export const collectionSearch = defineMethod<SearchHit[]>()({
  name: 'collection.search',
  input: z.strictObject({ q: z.string().trim().max(40, { message: 'tooLong' }).default(''), limit: z.number().int().min(1).max(50).default(20) }),
  access: 'collection.collect',
  kind: 'read',
  // a search by digits confirms an ID or phone number: on the record like an unmasking
  auditRead: (input) => /\d{4,}/.test(input.q),
});

export interface CompletenessRow {
  key: string;
  label: string;
  rooms: number;
  roomsCollected: number;
  people: number;
  peopleVerified: number;
  faults: number;
}

export interface FaultItem {
  fault: Fault;
  type: 'person' | 'house' | 'unit';
  id: string;
  title: string;
  addressId: string | null;
  addressText: string | null;
  /** for missing fields: which */
  detail: string[];
}

export interface Completeness {
  byGrid: CompletenessRow[];
  byBuilding: CompletenessRow[];
  totals: Omit<CompletenessRow, 'key' | 'label'>;
  faultCounts: Record<Fault, number>;
  worklist: FaultItem[];
}

export const collectionCompleteness = defineMethod<Completeness>()({
  name: 'collection.completeness',
  input: z.strictObject({ worklistLimit: z.number().int().min(0).max(2000).default(200) }),
  access: 'collection.view',
  kind: 'read',
});
