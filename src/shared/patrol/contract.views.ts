/** What the patrol methods return: routes, patrols with their checkpoints and findings, volunteers, points and goods. */
import type { Role } from '../roles.js';
import type { FindingOutcome, LedgerKind, PatrolStatus } from './contract.common.js';

// ───────────────────────────── views ─────────────────────────────

export interface CheckpointDef {
  /** stable within the route: a patrol's checkpoint times refer to it */
  key: string;
  /** a standard address of the collection zone, or null for a free place */
  addressId: string | null;
  place: string;
}

export interface RouteView {
  id: string;
  version: number;
  name: string;
  note: string | null;
  checkpoints: CheckpointDef[];
}

export interface PatrolStaff {
  staffId: string;
  name: string;
  role: Role;
}

export interface PatrolVolunteer {
  volunteerId: string;
  name: string;
  cardNo: string;
}

export interface PatrolCheckpoint extends CheckpointDef {
  /** when the patrol passed it; null until then */
  at: string | null;
  note: string | null;
}

export interface Finding {
  id: string;
  version: number;
  patrolId: string;
  at: string;
  place: string;
  addressId: string | null;
  text: string;
  recordedBy: string;
  /** what it became: a duty-log entry, a collection visit or a mediation case */
  outcome: { kind: FindingOutcome; refId: string; label: string } | null;
}

export interface PatrolView {
  id: string;
  version: number;
  routeId: string;
  routeName: string;
  status: PatrolStatus;
  startedAt: string;
  endedAt: string | null;
  staff: PatrolStaff[];
  volunteers: PatrolVolunteer[];
  /** property guards who went along, by name */
  guards: string[];
  bicycle: { id: string; name: string; code: string | null; returnedAt: string | null } | null;
  checkpoints: PatrolCheckpoint[];
  findings: Finding[];
  note: string | null;
  /** the duty-log entry the end wrote, when a shift was open */
  dutyEntryId: string | null;
  /** points each volunteer earned at the end */
  points: { volunteerId: string; name: string; points: number }[];
}

export interface PatrolLine {
  id: string;
  routeName: string;
  status: PatrolStatus;
  startedAt: string;
  endedAt: string | null;
  /** who went: staff, volunteers, then guards; each language joins the names its own way */
  people: string[];
  bicycle: string | null;
  findings: number;
}

export interface BicycleView {
  id: string;
  name: string;
  code: string | null;
  /** as the inventory has it: a damaged or lost bicycle is not taken out */
  state: 'present' | 'damaged' | 'lost';
  /** the patrol it is out on */
  outOn: { patrolId: string; since: string } | null;
}

export interface PointsRules {
  /** 0 until the head first sets them (the defaults apply) */
  version: number;
  perHour: number;
  perPatrol: number;
  perFinding: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export const DEFAULT_RULES = { perHour: 10, perPatrol: 5, perFinding: 10 } as const;

export interface PatrolBoard {
  underway: PatrolView[];
  recent: PatrolLine[];
  routes: RouteView[];
  bicycles: BicycleView[];
  staff: PatrolStaff[];
  volunteers: PatrolVolunteer[];
  rules: PointsRules;
  /** a shift is open: an ended patrol and a finding can go into its duty log */
  shiftOpen: boolean;
}

export interface VolunteerLine {
  id: string;
  version: number;
  cardNo: string;
  name: string;
  /** masked, as in every list */
  phone: string | null;
  joinedOn: string;
  balance: number;
  cancelledAt: string | null;
}

export interface LedgerEntry {
  id: string;
  seq: number;
  at: string;
  kind: LedgerKind;
  points: number;
  balanceAfter: number;
  /** why, as the person wrote it (awards, corrections) */
  reason: string | null;
  /** a patrol's earning: minutes, findings and the rules that applied */
  detail: { minutes: number; findings: number; perHour: number; perPatrol: number; perFinding: number; routeName: string } | null;
  patrolId: string | null;
  goods: { id: string; name: string; quantity: number } | null;
  reversesId: string | null;
  /** the entry that reversed this one */
  reversedBy: string | null;
  by: string;
}

export interface VolunteerView extends VolunteerLine {
  note: string | null;
  patrols: number;
  /** newest first, the latest hundred */
  entries: LedgerEntry[];
}

export interface GoodsView {
  id: string;
  version: number;
  name: string;
  unit: string;
  price: number;
  stock: number;
  note: string | null;
}

export interface Redemption {
  entry: LedgerEntry;
  balance: number;
  stock: number;
}

export interface Statement {
  stationName: string;
  volunteer: { id: string; cardNo: string; name: string };
  month: string;
  opening: number;
  earned: number;
  spent: number;
  closing: number;
  /** oldest first */
  entries: LedgerEntry[];
  patrols: number;
  patrolMinutes: number;
}
