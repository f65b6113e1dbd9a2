/**
 * Random sequences of calls by the station's five roles over the whole contract, on a real station
 * database, with what must hold after every step:
 * - no call ends in INTERNAL;
 * - every successful write (and audited read) leaves its audit entry;
 * - a refused call changes no table (except the few that record the failed attempt itself);
 * - a read that is not audited changes no table;
 * - the outbox equals the changes: a synced row that changed has a higher version and an outbox
 *   entry for that version, and no synced row disappears;
 * - a role that may not unmask is never answered a full ID or phone number the run stored
 *   (unless it typed that very number in the call);
 * - walk-ins and mediation cases move only along their zone's state machine;
 * - each volunteer's points ledger adds up and never goes below zero.
 *
 * The same property runs briefly in the test suite and long from `npm run fuzz`.
 */
import fc from 'fast-check';
import { METHODS } from '../../src/shared/contract.js';
import { NEXT_STATUSES, UNDOABLE, type WalkInStatus } from '../../src/shared/intake/zones.js';
import { TRANSITIONS, type CaseStatus } from '../../src/shared/mediation/model.js';
import type { MethodDef } from '../../src/shared/method.js';
import { can } from '../../src/shared/permissions.js';
import { canCall, type Role } from '../../src/shared/roles.js';
import { CurrentVersion, Pick, resolvePicks, schemaArbitrary } from './schema-arbitrary.js';
import { addStaff, ok, setUpStation, sql, walkIn, type TestStation } from './station.js';

/** Methods left out of random sequences, each with why. */
export const NOT_FUZZED: Record<string, string> = {
  'auth.logout': 'ends the session the rest of the sequence is driving',
  'auth.lock': 'locks the session the rest of the sequence is driving',
  'backup.restore': 'replaces the whole database (its own tests cover it)',
  'backup.now': 'copies the whole database to disk: seconds per call under load',
  'backup.settings': 'makes and writes into the folder it is given, anywhere on this machine (its own tests cover it)',
  'backup.recoveryRenew': 'derives a new key-recovery record: a deliberately slow key derivation',
  'retention.purge': 'deletes records past retention by design (its own tests cover it)',
  'sync.enrol': 'talks to an HQ over the network',
  'sync.now': 'talks to an HQ over the network',
  'sync.setCa': 'replaces the trusted HQ certificate used for the network',
  'pairing.start': 'opens the station LAN listener',
  'intake.cardReaderSet': 'opens a serial device named by the input (a random one may be a real terminal): the card reader tests cover it',
  'intake.cardReaderTest': 'opens a serial device named by the input (a random one may be a real terminal): the card reader tests cover it',
  'intake.display': 'a long poll: waits up to 25 s for the hall\'s next call (the hall tests cover it)',
  'intake.ratingNext': 'a long poll: waits up to 25 s for the hall\'s next change (the hall tests cover it)',
  'roster.generate': 'starts the roster solver in a worker: seconds of CPU per call',
  'mediation.attachFile': 'an upload: takes file bytes, covered by the upload tests',
  'office.taskComplete': 'an upload: takes photo bytes, covered by the upload tests',
};

/**
 * Refused calls that write on purpose, and only there: a wrong password counts towards the
 * lock-out like a failed login (the failed attempt must outlive the refusal) and is audited, as is
 * a backup that would not open.
 */
const WRITES_WHEN_REFUSED = new Set([
  'auth.login',
  'auth.changePassword',
  'auth.unlock',
  'office.handoverSign',
  'retention.purge',
  'backup.recoveryShow',
  'backup.recoveryRenew',
  'backup.preview',
  'backup.restore',
]);
// a wrong password is counted (per account and client) and logged for the head's home card
const WRITTEN_WHEN_REFUSED = ['audit_log', 'auth_failure', 'login_lock'];

/**
 * Methods whose inputs hold working contacts, not residents' or visitors' numbers: the station's
 * own, its staff's, and the mediator pool's (colleagues call a mediator on it).
 */
const NOT_PERSONAL = /^(station|staff|auth)\.|^mediation\.pool/;

export const FUZZED: readonly MethodDef[] = METHODS.filter((m) => !(m.name in NOT_FUZZED));
const ROLES_IN_PLAY: readonly Role[] = ['head', 'officer', 'auxiliary', 'gridWorker', 'mediator'];

export interface Step {
  role: Role;
  method: string;
  input: unknown;
}

/**
 * Inputs whose valid extremes are minutes of work and tables too big to compare after every step
 * (20 units × 120 floors × 40 rooms is 96,000 rooms): kept small here; their own tests take the bounds.
 */
const KEPT_SMALL: Record<string, Record<string, number>> = {
  'collection.batchRooms': { units: 2, floors: 6, roomsPerFloor: 4 },
};

const inputArbitraries = new Map<string, fc.Arbitrary<unknown>>();
const inputOf = (def: MethodDef): fc.Arbitrary<unknown> => {
  let arb = inputArbitraries.get(def.name);
  if (!arb) {
    const caps = KEPT_SMALL[def.name];
    arb = caps
      ? schemaArbitrary(def.input).map((input) => {
          const fields = { ...(input as Record<string, unknown>) };
          for (const [k, cap] of Object.entries(caps)) if (typeof fields[k] === 'number') fields[k] = Math.min(fields[k] as number, cap);
          return fields;
        })
      : schemaArbitrary(def.input);
    inputArbitraries.set(def.name, arb);
  }
  return arb;
};

/** Mostly a role the method lets in, so the call reaches its handler; now and then any role. */
const roleFor = (def: MethodDef): fc.Arbitrary<Role> => {
  const allowed = ROLES_IN_PLAY.filter((r) => canCall(def.access, r));
  return allowed.length === 0 || allowed.length === ROLES_IN_PLAY.length
    ? fc.constantFrom(...ROLES_IN_PLAY)
    : fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: fc.constantFrom(...ROLES_IN_PLAY) });
};

/**
 * Methods that make records come up more often than the rest: most calls act on an existing
 * record, and a sequence that rarely creates one answers NOT_FOUND to most of them.
 */
const CREATES = /\.(register|openCase|addNode|batchRooms|\w*Create|\w*Save|\w*Add|start|shiftOpen|taskAssign|awardRecord|addParty|addSession)$/;
const methodArbitrary: fc.Arbitrary<MethodDef> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...FUZZED.filter((m) => CREATES.test(m.name))) },
  { weight: 3, arbitrary: fc.constantFrom(...FUZZED) },
);

export const stepArbitrary: fc.Arbitrary<Step> = methodArbitrary.chain((def) => fc.record({ role: roleFor(def), method: fc.constant(def.name), input: inputOf(def) }));

export const sequenceArbitrary = (maxSteps: number): fc.Arbitrary<Step[]> => fc.array(stepArbitrary, { minLength: 1, maxLength: maxSteps, size: 'max' });

type Snapshot = Map<string, Map<number, string>>;

/** An invariant that did not hold, at a step: the steps up to it are the sequence to replay. */
export class StepFailure extends Error {
  constructor(
    readonly stepIndex: number,
    message: string,
  ) {
    super(message);
  }
}

/** The zone a method belongs to: what its name says before the dot. */
const zoneOf = (method: string) => method.slice(0, method.indexOf('.'));

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The tables a zone's records live in (a patrol call's `id` may be a volunteer's or a camera's). */
const ZONE_TABLES: Record<string, readonly string[]> = {
  intake: ['walk_in'],
  mediation: ['mediation_', 'mediator', 'case_transfer'],
  collection: ['collection_', 'address_node', 'resident', 'house'],
  patrol: ['patrol', 'prevention_'],
  office: ['office_'],
  roster: ['roster'],
  sync: ['case_transfer', 'directive_'],
  pairing: ['paired_terminal'],
  staff: ['staff'],
};
/** The record a call acts on when the method's name does not say it: its zone's main record. */
const ZONE_MAIN: Record<string, string> = { intake: 'walk_in', mediation: 'mediation_case', collection: 'address_node', patrol: 'patrol', roster: 'roster', staff: 'staff', pairing: 'paired_terminal' };
/** Field words that name a table by another word. */
const WORD_TABLES: Record<string, string> = { node: 'address_node', parent: 'address_node', building: 'address_node:building', address: 'address_node', room: 'address_node:room', pool: 'mediator', assignee: 'staff', officer: 'staff', walk_in: 'walk_in', visit: 'walk_in', transfer: 'case_transfer', template: 'office_notice_template', entry: 'office_log_entry' };

const words = (camel: string): string[] => camel.replace(/([A-Z])/g, ' $1').trim().toLowerCase().split(' ');

/**
 * The table of the records a field refers to (`table:kind` for the address tree's nodes of one
 * kind): `caseId` → mediation_case, `walkInId` → walk_in, `buildingId` → address_node:building, and
 * for `id` the record the method's name says (`mediation.poolUpdate` → mediator, `patrol.cameraRetire`
 * → prevention_camera) or its zone's main one. Undefined when the name says nothing clear.
 */
export const tableFor = (key: string, method: string, tables: readonly string[]): string | undefined => {
  const zone = zoneOf(method);
  const local = method.slice(method.indexOf('.') + 1);
  const named = key === 'id' || key === 'ids' ? words(local) : /Ids?$/.test(key) ? words(key.replace(/Ids?$/, '')) : undefined;
  if (!named) return undefined;
  const inZone = (t: string) => (ZONE_TABLES[zone] ?? []).some((prefix) => t.startsWith(prefix));
  // the longest run of words that names a table: `assessmentItem` before `item`
  for (let length = named.length; length > 0; length--) {
    for (let start = 0; start + length <= named.length; start++) {
      const snake = named.slice(start, start + length).join('_');
      if (WORD_TABLES[snake] && tables.includes(WORD_TABLES[snake].split(':')[0])) return WORD_TABLES[snake];
      const found = tables.filter((t) => t === snake || t.endsWith(`_${snake}`));
      if (found.length > 0) return found.find(inZone) ?? (key === 'id' && !found.some(inZone) ? undefined : found[0]);
    }
  }
  return key === 'id' || key === 'ids' ? ZONE_MAIN[zone] : undefined;
};

/** What a run saw: every step's outcome, and the counts printed at the end. */
export interface RunStats {
  steps: number;
  succeeded: number;
  refusedByValidation: number;
  refusedOtherwise: number;
  byMethod: Map<string, number>;
  /** per method, why its calls were refused (code and message key): what keeps a method from succeeding */
  refusals: Map<string, Map<string, number>>;
}
export const newStats = (): RunStats => ({ steps: 0, succeeded: 0, refusedByValidation: 0, refusedOtherwise: 0, byMethod: new Map(), refusals: new Map() });

/** A fresh station with one session per role, some records to find, and the invariants checked per step. */
export const runSequence = async (
  steps: readonly Step[],
  stats: RunStats = newStats(),
  /** runs right after each call, before the checks: the invariants' own tests plant faults with it */
  afterCall?: (st: TestStation) => Promise<void>,
): Promise<void> => {
  const st: TestStation = await setUpStation();
  try {
    const tokens = new Map<Role, string>([['head', st.token]]);
    const staffIds = new Map<Role, string>([['head', (await ok<{ staffId: string }>(st.core.call('auth.me', {}, { token: st.token }))).staffId]]);
    for (const role of ROLES_IN_PLAY.slice(1)) {
      const staff = await addStaff(st, role);
      tokens.set(role, staff.token);
      staffIds.set(role, staff.id);
    }
    const inPlay = new Set(staffIds.values());
    // the ids each zone has answered, so later calls find real records of the right kind
    const pools = new Map<string, string[]>([['', []]]);
    const poolOf = (method: string) => pools.get(zoneOf(method)) ?? pools.set(zoneOf(method), []).get(zoneOf(method))!;
    const harvest = (method: string, value: unknown) => {
      for (const id of JSON.stringify(value ?? null).match(UUID) ?? []) {
        // the accounts driving the sequence are not handed to staff.update and the like: a
        // deactivated driver would turn the rest of the run into refusals
        if (inPlay.has(id)) continue;
        for (const pool of [poolOf(method), pools.get('')!]) if (!pool.includes(id)) pool.push(id);
      }
    };
    const stored = new Set<string>();
    const seed = walkIn();
    harvest('intake.register', await ok(st.core.call('intake.register', seed, { token: st.token })));
    stored.add(seed.idNumber as string).add(seed.phone as string);
    // a record of each kind most calls act on, made by the head as the station starts out: the
    // random calls that refer to one then find it (their ids come from the tables) instead of
    // stopping at "not found" before the handler does anything
    const make = async <T = { id: string }>(method: string, input: unknown): Promise<T> => {
      const result = await ok<T>(st.core.call(method, input, { token: st.token }));
      harvest(method, result);
      return result;
    };
    const division = await make('collection.addNode', { parentId: null, kind: 'division', name: '宁江区', code: '220702', grid: null, policeArea: '繁荣警务区' });
    const street = await make('collection.addNode', { parentId: division.id, kind: 'street', name: '繁荣路', code: '001' });
    const door = await make('collection.addNode', { parentId: street.id, kind: 'door', name: '18号' });
    const compound = await make('collection.addNode', { parentId: door.id, kind: 'compound', name: '繁荣小区', grid: '第三网格' });
    const building = await make('collection.addNode', { parentId: compound.id, kind: 'building', name: '3栋' });
    await make('collection.batchRooms', { buildingId: building.id, units: 1, floors: 2, roomsPerFloor: 2 });
    await make('patrol.routeSave', { name: '繁荣小区夜巡', checkpoints: [{ place: '繁荣小区东门' }, { place: '3栋楼下' }] });
    await make('patrol.volunteerSave', { name: '刘大姐' });
    await make('patrol.goodsSave', { name: '毛巾', unit: '条', price: 30 });
    await make('patrol.propertySave', { name: '繁荣小区', company: '安居物业', contactName: '刘经理', nightGuards: 2, patrolPoints: 8, passScore: 80, addressId: compound.id });
    await make('patrol.schoolSave', { name: '繁荣小学', contactName: '陈老师', morningFrom: '07:20', morningTo: '08:00', afternoonFrom: '16:30', afternoonTo: '17:10' });
    await make('office.equipmentSave', { kind: 'bicycle', name: '警用自行车', code: 'ZXC-01' });
    await make('mediation.poolCreate', { name: '调解员甲', specialties: ['family'] });
    await make('mediation.openCase', {
      source: 'direct',
      type: 'neighbour',
      place: '繁荣小区3栋',
      facts: '楼上漏水，双方为赔偿争执。',
      parties: [
        { name: '李明', idType: 'none', role: 'applicant' },
        { name: '王强', idType: 'none', role: 'respondent' },
      ],
    });

    const tables = (await sql<{ name: string }>(st, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)).map((t) => t.name);
    const synced = (await sql<{ tbl_name: string }>(st, `SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_outbox_update'`)).map((t) => t.tbl_name);
    const snapshot = async (): Promise<Snapshot> => {
      const snap: Snapshot = new Map();
      for (const t of tables) {
        const rows = await sql<Record<string, unknown>>(st, `SELECT rowid AS "__rowid", * FROM "${t}"`);
        snap.set(t, new Map(rows.map((r) => [r.__rowid as number, JSON.stringify(r)])));
      }
      return snap;
    };
    const changedTables = (a: Snapshot, b: Snapshot): string[] =>
      tables.filter((t) => {
        const x = a.get(t)!;
        const y = b.get(t)!;
        return x.size !== y.size || [...y].some(([k, v]) => x.get(k) !== v);
      });

    // whether anything was written since the last snapshot: this connection's own count of changed
    // rows (triggers' included) and SQLite's count of commits by any other connection. Most steps
    // are refusals and reads that write nothing; their after-state is the before-state, unread.
    const writes = async (): Promise<string> => {
      const [own] = await sql<{ n: number }>(st, 'SELECT total_changes() AS n');
      const [others] = await sql<{ data_version: number }>(st, 'PRAGMA data_version');
      return `${own.n}/${others.data_version}`;
    };
    let written = await writes();
    let before = await snapshot();
    for (const [index, step] of steps.entries()) {
      try {
        before = await runStep(index, step, before);
      } catch (err) {
        throw err instanceof StepFailure ? err : new StepFailure(index, (err as Error).message);
      }
    }
    async function runStep(index: number, step: Step, before: Snapshot): Promise<Snapshot> {
      const def = METHODS.find((m) => m.name === step.method)!;
      // references as a user's form makes them: records that exist, of the kind the field names, at their current version
      let versions: Map<string, number> | undefined;
      const versionOf = (id: string) => {
        if (!versions) {
          versions = new Map();
          for (const rows of before.values())
            for (const json of rows.values()) {
              const row = JSON.parse(json) as { id?: unknown; version?: unknown };
              if (typeof row.id === 'string' && typeof row.version === 'number') versions.set(row.id, row.version);
            }
        }
        return versions.get(id);
      };
      const input = resolvePicks(step.input, poolOf(step.method), pools.get('')!, {
        idsFor: (key) => {
          const table = tableFor(key, step.method, tables);
          if (!table) return [];
          const [name, kind] = table.split(':');
          // the accounts driving the sequence are rostered and assigned like anyone, but never handed to the staff zone to change
          const mayDrive = !/^(staff|auth)\./.test(step.method);
          return [...rowsOf(before, name)]
            .filter(([id, row]) => typeof id === 'string' && (mayDrive || !inPlay.has(id)) && (!kind || row.kind === kind))
            .map(([id]) => id);
        },
        versionOf,
        versionOfSingle: () => {
          const table = tableFor('id', step.method, tables)?.split(':')[0];
          const rows = table ? [...rowsOf(before, table).values()] : [];
          return rows.length === 1 && typeof rows[0].version === 'number' ? rows[0].version : undefined;
        },
      });
      const where = `step ${index + 1} ${step.role} ${step.method} ${JSON.stringify(input)?.slice(0, 300)}`;
      const answer = await st.core.call(step.method, input, { token: tokens.get(step.role) });
      await afterCall?.(st);
      const now = await writes();
      const after = now === written ? before : await snapshot();
      written = now;
      const changed = changedTables(before, after);
      stats.steps += 1;
      stats.byMethod.set(step.method, (stats.byMethod.get(step.method) ?? 0) + (answer.ok ? 1 : 0));

      if (!answer.ok) {
        const error = answer.error as { code: string; key?: string; field?: string };
        const why = `${error.code} ${error.key ?? ''}${error.field ? ` (${error.field})` : ''}`;
        const tally = stats.refusals.get(step.method) ?? stats.refusals.set(step.method, new Map()).get(step.method)!;
        tally.set(why, (tally.get(why) ?? 0) + 1);
        if (error.code === 'INTERNAL') throw new Error(`${where}: INTERNAL error ${JSON.stringify(answer.error)}`);
        if (error.code === 'VALIDATION') stats.refusedByValidation += 1;
        else stats.refusedOtherwise += 1;
        const unexpected = WRITES_WHEN_REFUSED.has(step.method) ? changed.filter((t) => !WRITTEN_WHEN_REFUSED.includes(t)) : changed;
        if (unexpected.length > 0) throw new Error(`${where}: refused (${error.code}) yet changed ${unexpected.join(', ')}`);
      } else {
        stats.succeeded += 1;
        harvest(step.method, answer.result);
        const parsed = def.input.safeParse(input);
        const audited = def.kind === 'write' || (typeof def.auditRead === 'function' ? parsed.success && def.auditRead(parsed.data as never) : def.auditRead === true);
        if (audited) {
          const added = [...after.get('audit_log')!].filter(([k]) => !before.get('audit_log')!.has(k)).map(([, v]) => JSON.parse(v) as { method: string; staffId: string | null });
          if (!added.some((a) => a.method === step.method && a.staffId === staffIds.get(step.role)))
            throw new Error(`${where}: succeeded without an audit entry naming its caller`);
        } else if (changed.length > 0) {
          throw new Error(`${where}: a read that is not audited changed ${changed.join(', ')}`);
        }
        if (!NOT_PERSONAL.test(step.method) && parsed.success) for (const n of numbersIn(input)) stored.add(n);
        if (!can(step.role, 'person.unmask')) {
          const text = JSON.stringify(answer.result);
          const typed = JSON.stringify(input);
          for (const n of stored) if (text.includes(n) && !typed.includes(n)) throw new Error(`${where}: answered the full number ${n} to a role that may not unmask`);
        }
      }
      await checkOutbox(st, synced, before, after, where);
      checkStates(before, after, where);
      await checkLedger(st, where);
      return after;
    }
  } finally {
    await st.close();
  }
};

/** The ID and phone numbers in a call's input: what the run has stored about people. */
const numbersIn = (input: unknown): string[] => {
  const found: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string' && /(idNumber|phone|mobile)$/i.test(key) && /^\d{11}$|^\d{17}[\dX]$/.test(v)) found.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(input, '');
  return found;
};

const rowsOf = (snap: Snapshot, table: string): Map<string, Record<string, unknown>> =>
  new Map([...(snap.get(table) ?? new Map<number, string>()).values()].map((json) => JSON.parse(json) as Record<string, unknown>).map((r) => [r.id as string, r]));

/** Every synced row that changed has a higher version and the outbox entry of that version; none vanish. */
const checkOutbox = async (st: TestStation, synced: string[], before: Snapshot, after: Snapshot, where: string) => {
  const outbox = new Set(
    [...after.get('sync_outbox')!.values()].map((json) => {
      const o = JSON.parse(json) as { tableName: string; rowId: string; version: number };
      return `${o.tableName}|${o.rowId}|${o.version}`;
    }),
  );
  for (const table of synced) {
    const old = rowsOf(before, table);
    const now = rowsOf(after, table);
    for (const id of old.keys()) if (!now.has(id)) throw new Error(`${where}: a ${table} row was deleted (${id})`);
    for (const [id, row] of now) {
      const prior = old.get(id);
      if (prior && JSON.stringify({ ...prior, __rowid: 0 }) === JSON.stringify({ ...row, __rowid: 0 })) continue;
      if (prior && (row.version as number) <= (prior.version as number)) throw new Error(`${where}: ${table} ${id} changed without a new version (${prior.version})`);
      if (!outbox.has(`${table}|${id}|${row.version}`)) throw new Error(`${where}: ${table} ${id} version ${row.version} has no outbox entry`);
    }
  }
  void st;
};

/** Walk-ins and cases move along their zone's state machine; new ones start at the start. */
const checkStates = (before: Snapshot, after: Snapshot, where: string) => {
  const machines: { table: string; start: string[]; next: (from: string) => readonly string[] }[] = [
    // a referral finishes a walk-in that is not finished yet: not a move of the board, a hand-over
    {
      table: 'walk_in',
      start: ['waiting'],
      // an end taken back within seconds (UNDOABLE) is the one way back from done or left
      next: (from) => [...(NEXT_STATUSES[from as WalkInStatus].length > 0 ? [...NEXT_STATUSES[from as WalkInStatus], 'referred'] : []), ...(UNDOABLE[from as WalkInStatus] ?? [])],
    },
    { table: 'mediation_case', start: ['registered'], next: (from) => TRANSITIONS[from as CaseStatus] },
  ];
  for (const { table, start, next } of machines) {
    const old = rowsOf(before, table);
    for (const [id, row] of rowsOf(after, table)) {
      const prior = old.get(id);
      if (!prior) {
        if (!start.includes(row.status as string)) throw new Error(`${where}: a new ${table} starts as ${row.status}`);
      } else if (prior.status !== row.status && !next(prior.status as string).includes(row.status as string)) {
        throw new Error(`${where}: ${table} ${id} moved ${prior.status} → ${row.status}`);
      }
    }
  }
};

/** Each volunteer's entries add up to their running balance, which never goes below zero. */
const checkLedger = async (st: TestStation, where: string) => {
  const entries = await sql<{ volunteerId: string; seq: number; points: number; balanceAfter: number }>(
    st,
    `SELECT "volunteerId", "seq", "points", "balanceAfter" FROM "patrol_points_entry" ORDER BY "volunteerId", "seq"`,
  );
  let volunteer = '';
  let balance = 0;
  for (const e of entries) {
    if (e.volunteerId !== volunteer) {
      volunteer = e.volunteerId;
      balance = 0;
    }
    balance += e.points;
    if (balance !== e.balanceAfter || balance < 0) throw new Error(`${where}: volunteer ${volunteer}'s ledger at entry ${e.seq} says ${e.balanceAfter}, its entries add up to ${balance}`);
  }
};

/** The property both the suite and `npm run fuzz` check. */
export const statefulProperty = (maxSteps: number, stats: RunStats) => fc.asyncProperty(sequenceArbitrary(maxSteps), (steps) => runSequence(steps, stats));

/** A sequence as JSON (a `Pick` as `{"$pick": n}`, a `CurrentVersion` as `{"$version": "current"}`), to keep as a regression or pass to `npm run fuzz -- --replay`. */
export const sequenceToJson = (steps: readonly Step[]): string =>
  JSON.stringify(steps, (_k, v: unknown) => (v instanceof Pick ? { $pick: v.n } : v instanceof CurrentVersion ? { $version: 'current' } : v), 1);

export const sequenceFromJson = (json: string): Step[] =>
  JSON.parse(json, (_k, v: unknown) =>
    v && typeof v === 'object' && '$pick' in v ? new Pick((v as { $pick: number }).$pick) : v && typeof v === 'object' && '$version' in v ? new CurrentVersion() : v,
  ) as Step[];
