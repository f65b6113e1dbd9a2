import { z } from 'zod';
import { uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import type { Purpose, Route } from './zones.js';

/** A port problem (the reader unusable until fixed), keys under `intake.card.fault.` */
export const CARD_READER_FAULTS = ['openFailed', 'unplugged', 'noAnswer', 'notReader'] as const;
export type CardReaderFault = (typeof CARD_READER_FAULTS)[number];
/** A card that could not be read (laid on again), keys under `intake.card.failure.` */
export const CARD_FAILURES = ['halfRead', 'badChecksum', 'cardRemoved', 'readFailed', 'badIdNumber'] as const;
export type CardFailure = (typeof CARD_FAILURES)[number];

export interface CardReaderStatus {
  /** the configured port; null: no reader at this PC */
  path: string | null;
  state: 'off' | 'ready' | 'fault';
  fault: CardReaderFault | null;
}

/** The text block of a resident ID card, decoded. */
export interface CardText {
  name: string;
  sex: 'male' | 'female' | null;
  ethnicity: string;
  /** YYYY-MM-DD */
  birthDate: string | null;
  address: string;
  idNumber: string;
  issuedBy: string;
  /** YYYY-MM-DD */
  validFrom: string | null;
  /** YYYY-MM-DD; null for a card valid without end (长期) */
  validUntil: string | null;
  longTerm: boolean;
}

/** What a card laid on the reader gave: the text block, checked. The portrait is never kept. */
export interface CardReading extends CardText {
  /** asks the core for this card's returning visitor (intake.cardVisitor) */
  readingId: string;
  readAt: string;
  /** past its validity on the station's date: flagged on the form, still registered */
  expired: boolean;
}

export type CardEvent = { seq: number; at: string } & ({ kind: 'reading'; reading: CardReading } | { kind: 'failed'; failure: CardFailure });

export interface CardNext {
  /** pass back as `after` to wait for the next change */
  seq: number;
  status: CardReaderStatus;
  /** the newest card event after `after`, if it is recent */
  event: CardEvent | null;
}

/**
 * Waits (up to `waitMs`, at most 25 s) for the next card laid on this PC's reader, a failed read or a change of the
 * reader's state: the front desk's form keeps one of these open. Without `after` it answers at once
 * with where things stand. Answered from the core's memory, never queued behind other calls.
 */
export const intakeCardNext = defineMethod<CardNext>()({
  name: 'intake.cardNext',
  input: z.strictObject({ after: z.number().int().min(0).optional(), waitMs: z.number().int().min(0).max(25_000).optional() }),
  access: 'intake.register',
  kind: 'read',
  unqueued: true,
});

export interface CardVisitor {
  /** the last visit under the card's ID number; null for a first visit */
  last: { visitorName: string; phone: string | null; purpose: Purpose; route: Route; arrivedAt: string; visits: number } | null;
  /** already in a queue today (waiting or being served): said before a second number is issued */
  waitingToday: { queueNo: string; route: Route; status: 'waiting' | 'serving' } | null;
}

/**
 * The returning visitor of a card just read: the last visit's name, phone, purpose and zone, and
 * whether the visitor already waits today. Only for a reading the core made (the card was shown),
 * never for a number typed; audited like any lookup.
 */
export const intakeCardVisitor = defineMethod<CardVisitor>()({
  name: 'intake.cardVisitor',
  input: z.strictObject({ readingId: uuid }),
  access: 'intake.register',
  kind: 'read',
  auditRead: true,
});

export interface CardReaderPorts {
  ports: { path: string; label: string }[];
  status: CardReaderStatus;
}

export const intakeCardReaderPorts = defineMethod<CardReaderPorts>()({
  name: 'intake.cardReaderPorts',
  input: z.strictObject({}),
  access: 'intake.configureReader',
  kind: 'read',
});

/** A serial device path or a Windows COM port, typed by hand or picked from the list. */
const portPath = z
  .string()
  .trim()
  .min(1, { message: 'required' })
  .max(200, { message: 'tooLong' })
  .regex(/^(\/dev\/[\w./-]+|[Cc][Oo][Mm]\d{1,3}|\\\\\.\\[Cc][Oo][Mm]\d{1,3})$/, { message: 'invalid' });

export const intakeCardReaderSet = defineMethod<CardReaderStatus>()({
  name: 'intake.cardReaderSet',
  input: z.strictObject({ path: portPath.nullable() }),
  access: 'intake.configureReader',
  kind: 'write',
});

export type CardTestResult =
  | { ok: true; card: { name: string; idNumberMasked: string; expired: boolean } | null }
  | { ok: false; problem: CardReaderFault | CardFailure };

/** Talks to the reader on `path` once: is it a reader, and what card lies on it (masked). */
export const intakeCardReaderTest = defineMethod<CardTestResult>()({
  name: 'intake.cardReaderTest',
  input: z.strictObject({ path: portPath }),
  access: 'intake.configureReader',
  kind: 'read',
  auditRead: true,
});

export const cardReaderMethods = [intakeCardNext, intakeCardVisitor, intakeCardReaderPorts, intakeCardReaderSet, intakeCardReaderTest] as const;
