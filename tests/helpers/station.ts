import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { openCore, type Core } from '../../src/main/core.js';
import type { KeyProvider } from '../../src/main/db/key.js';
import { checkCharacter } from '../../src/shared/checks/idNumber.js';
import type { Role } from '../../src/shared/roles.js';

export const HEAD = { name: '王所长', username: 'wang', phone: '13812345678', password: 'Start2026' };

export const STATION_PROFILE = {
  name: '宁江区繁荣社区警务室',
  code: 'SY-NJ-001',
  policeArea: '繁荣警务区',
  community: '繁荣社区',
  grid: '第三网格',
  address: '吉林省松原市宁江区繁荣路18号',
  dutyPhones: [{ label: '值班电话', number: '0438-6123456' }],
};

/** A fresh data directory in the system temp folder; removed by the returned function. */
export const tempDataDir = (): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'station-desk-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Unwraps a call result, failing the test with the error when it is not ok. */
export const ok = async <T = any>(p: Promise<{ ok: boolean; result?: unknown; error?: unknown }>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return r.result as T;
};

export interface TestStation {
  core: Core;
  dir: string;
  /** the head's session token */
  token: string;
  /** moves the core's clock */
  setNow(iso: string): void;
  close(): Promise<void>;
}

/** A set-up station on a real SQLite file, with the head logged in. */
export const setUpStation = async (opts: { now?: string; dir?: string; databaseKey?: KeyProvider; logger?: Logger } = {}): Promise<TestStation> => {
  const temp = opts.dir ? { dir: opts.dir, remove: () => undefined } : tempDataDir();
  let now = new Date(opts.now ?? '2026-11-28T02:00:00Z');
  const core = await openCore({ dataDir: temp.dir, clock: () => now, logger: opts.logger ?? pino({ level: 'silent' }), databaseKey: opts.databaseKey });
  await ok(core.call('station.setup', { station: STATION_PROFILE, head: HEAD }));
  const { token } = await ok<{ token: string }>(core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
  return {
    core,
    dir: temp.dir,
    token,
    setNow: (iso) => {
      now = new Date(iso);
    },
    async close() {
      await core.close();
      temp.remove();
    },
  };
};

/** The password every test staff member ends up with after changing the initial one. */
export const STAFF_PASSWORD = 'Desk2026ok';

export interface TestStaff {
  id: string;
  username: string;
  name: string;
  role: Role;
  /** a session of this staff member, initial password already changed */
  token: string;
}

let staffCounter = 0;

/**
 * Creates a staff member of the given role as the head, logs them in and changes their initial
 * password (new staff must), so the returned session can call whatever the role allows.
 */
export const addStaff = async (st: TestStation, role: Role, name?: string): Promise<TestStaff> => {
  staffCounter += 1;
  const username = `${role}${staffCounter}`;
  const staffName = name ?? `${role}-${staffCounter}`;
  const staff = await ok<{ id: string }>(
    st.core.call(
      'staff.create',
      { name: staffName, username, role, phone: '13700000000', initialPassword: 'Initial2026' },
      { token: st.token },
    ),
  );
  const { token } = await ok<{ token: string }>(st.core.call('auth.login', { username, password: 'Initial2026' }));
  await ok(st.core.call('auth.changePassword', { currentPassword: 'Initial2026', newPassword: STAFF_PASSWORD }, { token }));
  return { id: staff.id, username, name: staffName, role, token };
};

/** An 18-character resident ID number from its first 17 digits. */
export const residentId = (first17: string): string => first17 + checkCharacter(first17);

/** A valid walk-in registration; override what the test is about. */
export const walkIn = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  visitorName: '张三',
  idType: 'resident',
  idNumber: '11010519491231002X',
  phone: '13912345678',
  purpose: 'dispute',
  route: 'mediation',
  ...over,
});

/** Rows of a raw SQL query on the station's database. */
export const sql = <T = Record<string, unknown>>(st: { core: Core }, query: string, params: unknown[] = []): Promise<T[]> =>
  st.core.dataSource.query(query, params);

/** Logs the head in again (a new shift): sessions end after 12 hours and lock when idle. */
export const relogin = async (st: TestStation): Promise<void> => {
  st.token = (await ok<{ token: string }>(st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }))).token;
};
