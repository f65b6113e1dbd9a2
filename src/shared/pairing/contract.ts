/**
 * Terminals on the station LAN. Browser mode served beyond this PC is HTTPS only, with a
 * certificate the station makes itself (its SHA-256 fingerprint shown here, for the other
 * terminal to compare and pin), and only to terminals the head has paired: the head makes a
 * one-time code here, it is typed on the terminal, and the terminal keeps a token cookie.
 */
import { z } from 'zod';
import { text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';

/** How long a pairing code may be used. */
export const PAIRING_CODE_MINUTES = 10;

/**
 * What a terminal is for: `full`, the app with a login like the station's PC; `display`, the hall's
 * public calling display only; `rating`, the satisfaction-rating screen only. A one-screen terminal
 * calls its screen's methods without a login and nothing else.
 */
export const TERMINAL_MODES = ['full', 'display', 'rating'] as const;
export type TerminalMode = (typeof TERMINAL_MODES)[number];

export interface Terminal {
  id: string;
  name: string;
  mode: TerminalMode;
  pairedAt: string | null;
  lastSeenAt: string | null;
  lastAddress: string | null;
  revokedAt: string | null;
}

export interface PairingStatus {
  /** SHA-256 of the certificate LAN terminals are served with; null before it was first needed */
  fingerprint: string | null;
  terminals: Terminal[];
}

export const pairingStatus = defineMethod<PairingStatus>()({
  name: 'pairing.status',
  input: z.strictObject({}),
  access: 'pairing.manage',
  kind: 'read',
});

/** A one-time code for the terminal named; shown on this screen, typed on the terminal. */
export const pairingStart = defineMethod<{ id: string; code: string; expiresAt: string }>()({
  name: 'pairing.start',
  input: z.strictObject({ name: text(40), mode: z.enum(TERMINAL_MODES, { error: 'invalidOption' }).default('full') }),
  access: 'pairing.manage',
  kind: 'write',
});

/** The terminal's token stops working at once. */
export const pairingRevoke = defineMethod<PairingStatus>()({
  name: 'pairing.revoke',
  input: z.strictObject({ id: uuid }),
  access: 'pairing.manage',
  kind: 'write',
});

export const pairingMethods = [pairingStatus, pairingStart, pairingRevoke] as const;
