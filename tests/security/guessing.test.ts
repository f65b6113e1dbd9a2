/**
 * Guessing is bounded globally: passwords are counted per account and client and an unknown name
 * is counted exactly like a known one (no enumeration, no locking the head out), a burst of
 * failures slows every guesser down, a pairing code dies after 5 wrong codes from anywhere and a
 * burst of them pauses all pairing; HQ logins lock like the station's. The station runs in LAN
 * mode over HTTPS with its per-address limits raised (standing for a guesser with many
 * addresses); HQ runs on PostgreSQL and is reached from many loopback addresses.
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { FailedAttempts } from '../../src/shared/auth/contract.js';
import type { Staff } from '../../src/shared/staff/contract.js';
import { HEAD, STAFF_PASSWORD, addStaff, ok } from '../helpers/station.js';
import { hqOnPostgres, lanAddress, lanStation, securitySuite, send, type Answer, type LanStation } from './harness.js';

/** the per-address limits raised far beyond a real terminal's: the other limits must hold alone */
const MANY_ADDRESSES = { max: 5000, loginMax: 1000, pairMax: 1000 };
const SLOW = 180_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
};

/** Pairs one more terminal with a code the head makes: its cookie. */
const pairAnother = async (lan: LanStation, name: string): Promise<string> => {
  const { code } = await ok<{ code: string }>(lan.st.core.call('pairing.start', { name }, { token: lan.st.token }));
  const r = await pair(lan, code);
  expect(r.status).toBe(303);
  return String(r.headers['set-cookie']).split(';')[0];
};
const pair = (lan: LanStation, code: string, headers: Record<string, string> = {}) =>
  send(`${lan.base}/pair`, lan.ca, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: `code=${code}` });
const loginFrom = (lan: LanStation, cookie: string, username: string, password: string) =>
  send(`${lan.base}/api/auth.login`, lan.ca, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ username, password }),
  });

describe.skipIf(!lanAddress)('password guessing at the station (skipped where this machine has no LAN address)', () => {
  const attack = securitySuite('guessing · station logins');
  let lan: LanStation;
  let second: string;
  beforeAll(async () => {
    lan = await lanStation({ rateLimit: MANY_ADDRESSES });
    second = await pairAnother(lan, '二号终端');
  });
  afterAll(async () => {
    await lan?.close();
  });

  attack(
    'telling real account names from made-up ones by the time a wrong password takes',
    async () => {
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 4; i++) {
        const [a, ta] = await timed(() => lan.login(HEAD.username, `Wrong${i}pass`));
        const [b, tb] = await timed(() => lan.login(`nobody${i}x`, `Wrong${i}pass`));
        expect(a.json).toEqual(b.json);
        known.push(ta);
        unknown.push(tb);
      }
      // both spend one password hash: comparable medians (the machine is shared: a wide margin)
      const ratio = median(known) / median(unknown);
      expect(ratio).toBeGreaterThan(0.4);
      expect(ratio).toBeLessThan(2.5);
    },
    SLOW,
  );

  attack(
    'telling real account names from made-up ones by which of them lock',
    async () => {
      const officer = await addStaff(lan.st, 'officer');
      const aux = await addStaff(lan.st, 'auxiliary');
      const row = (await ok<Staff[]>(lan.st.core.call('staff.list', {}, { token: lan.st.token }))).find((s) => s.id === aux.id)!;
      await ok(lan.st.core.call('staff.update', { id: aux.id, version: row.version, name: row.name, role: row.role, phone: row.phone, active: false }, { token: lan.st.token }));
      const answers = async (username: string, last: string) => {
        const out: Answer['json'][] = [];
        for (let i = 0; i < 5; i++) out.push((await lan.login(username, `Guess${i}word`)).json);
        out.push((await lan.login(username, last)).json);
        return out;
      };
      const real = await answers(officer.username, STAFF_PASSWORD);
      // the real account locks at the fifth wrong password, the right one then refused too
      expect(real.slice(0, 4).every((a) => a.error?.key === 'auth.badCredentials')).toBe(true);
      expect(real[4]).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.lockedOut', params: { minutes: 15 } } });
      expect(real[5]).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', key: 'auth.lockedOut', params: { minutes: 15 } } });
      // a made-up name and a deactivated account answer exactly alike, lock included
      expect(await answers('zhangsan-made-up', STAFF_PASSWORD)).toEqual(real);
      expect(await answers(aux.username, STAFF_PASSWORD)).toEqual(real);
    },
    SLOW,
  );

  attack(
    'locking the head out of the station from a terminal',
    async () => {
      // the first test left 4 wrong passwords for the head on this terminal: one more locks it here
      const locked = await lan.login(HEAD.username, 'Wrong5pass');
      expect(locked.json).toMatchObject({ ok: false, error: { key: 'auth.lockedOut' } });
      expect((await lan.login(HEAD.username, HEAD.password)).json).toMatchObject({ ok: false, error: { key: 'auth.lockedOut' } });
      // the head still logs in at the station's own desk, and from another terminal
      await ok(lan.st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
      const there = await loginFrom(lan, second, HEAD.username, HEAD.password);
      expect(there.json.ok).toBe(true);
      // the staff list says the account is locked somewhere
      const head = (await ok<Staff[]>(lan.st.core.call('staff.list', {}, { token: lan.st.token }))).find((s) => s.username === HEAD.username)!;
      expect(head.lockedUntil).not.toBeNull();
    },
    SLOW,
  );

  attack(
    'guessing unseen by the head, or the head’s view of it read by another role',
    async () => {
      const seen = await lan.call('auth.failedAttempts', {}, lan.st.token);
      const card = seen.json.result as FailedAttempts;
      const fromTerminal = (account: string) => card.groups.find((g) => g.kind === 'login' && g.account === account && g.client === 'terminal');
      expect(fromTerminal(HEAD.username.toLowerCase())).toMatchObject({ clientName: '攻击者的终端', address: lanAddress, count: 6 });
      expect(fromTerminal(HEAD.username.toLowerCase())!.lockedUntil).not.toBeNull();
      expect(fromTerminal('zhangsan-made-up')).toMatchObject({ staffName: null, count: 6 });
      // 8 in the first test, 18 in the second, 2 in the third
      expect(card.total).toBe(28);
      const officer = await addStaff(lan.st, 'officer');
      for (const role of [officer, await addStaff(lan.st, 'auxiliary'), await addStaff(lan.st, 'gridWorker'), await addStaff(lan.st, 'mediator')]) {
        expect((await lan.call('auth.failedAttempts', {}, role.token)).json).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    },
    SLOW,
  );

  attack(
    'guessing many account names fast, from several terminals',
    async () => {
      // 20 tries failed within a minute, each on another name: terminals get one try every 2 s
      for (let i = 0; i < 20; i++) await loginFrom(lan, i % 2 ? second : lan.cookie, `burst${i}`, 'Burst2026x');
      const [, spent] = await timed(async () => {
        for (let i = 0; i < 3; i++) await loginFrom(lan, i % 2 ? second : lan.cookie, `more${i}`, 'Burst2026x');
      });
      expect(spent).toBeGreaterThan(3900);
      // slowed, not locked: the right password still gets in from a terminal, and the desk is not slowed at all
      const officer = await addStaff(lan.st, 'officer');
      expect((await loginFrom(lan, second, officer.username, STAFF_PASSWORD)).json.ok).toBe(true);
      await ok(lan.st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }));
    },
    SLOW,
  );
});

describe.skipIf(!lanAddress)('pairing code guessing (skipped where this machine has no LAN address)', () => {
  const attack = securitySuite('guessing · pairing');
  let lan: LanStation;
  beforeAll(async () => {
    lan = await lanStation({ rateLimit: MANY_ADDRESSES });
  });
  afterAll(async () => {
    await lan?.close();
  });

  attack('guessing a pairing code from many addresses', async () => {
    const { code } = await ok<{ code: string }>(lan.st.core.call('pairing.start', { name: '新终端' }, { token: lan.st.token }));
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      // the address a request claims to come from changes nothing
      const r = await pair(lan, i === 4 ? 'abc' : wrong, { 'x-forwarded-for': `10.0.${i}.9` });
      expect(r.status).toBe(403);
      expect(r.body).toContain('配对码错误或已过期');
    }
    // the code is dead: typed right now, it pairs nothing
    const late = await pair(lan, code);
    expect(late.status).toBe(403);
    expect(late.headers['set-cookie']).toBeUndefined();
    const status = await ok<{ terminals: { name: string; pairedAt: string | null }[] }>(lan.st.core.call('pairing.status', {}, { token: lan.st.token }));
    expect(status.terminals.filter((t) => t.pairedAt === null)).toEqual([]);
  });

  attack('guessing pairing codes in a burst, a new code for every five', async () => {
    // six wrong codes above; four more within the minute pause all pairing
    for (let i = 0; i < 4; i++) expect((await pair(lan, '123456')).status).toBe(403);
    const { code } = await ok<{ code: string }>(lan.st.core.call('pairing.start', { name: '新终端' }, { token: lan.st.token }));
    const refused = await pair(lan, code);
    expect(refused.status).toBe(429);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(refused.body).toContain('已暂停所有终端配对');
    expect(refused.body).toContain('paused pairing for every terminal');
    // the terminal paired before is not affected, and the head sees what happened
    expect((await lan.call('station.status', {})).json.ok).toBe(true);
    const card = await ok<FailedAttempts>(lan.st.core.call('auth.failedAttempts', {}, { token: lan.st.token }));
    expect(card.pairingPausedUntil).not.toBeNull();
    expect(card.groups.find((g) => g.kind === 'pairing')).toMatchObject({ client: 'address', address: lanAddress, count: 10 });
  });
});

describe('HQ login guessing on PostgreSQL', () => {
  const attack = securitySuite('guessing · HQ logins');
  let pg: Awaited<ReturnType<typeof hqOnPostgres>>;
  beforeAll(async () => {
    pg = await hqOnPostgres();
    await pg.hq.service.addUser('admin', 'Admin-2026-hq', 'admin');
  });
  afterAll(async () => {
    await pg?.close();
  });

  /** POST /api/login from a loopback address of the caller's choosing (127.0.0.x: many clients) */
  const loginFrom = (from: string, username: string, password: string) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const req = request(
        `${pg.hq.url}/api/login`,
        { method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ username, password }));
    });
  const sequence = async (from: string, username: string, last: string) => {
    const out = [];
    for (let i = 0; i < 5; i++) out.push(await loginFrom(from, username, `Guess${i}word`));
    out.push(await loginFrom(from, username, last));
    return out;
  };

  attack('guessing an HQ password until something gives', async () => {
    const tries = await sequence('127.0.0.2', 'admin', 'Admin-2026-hq');
    expect(tries.slice(0, 4).map((t) => t.body)).toEqual(Array(4).fill({ ok: false, error: 'badLogin' }));
    expect(tries[4]).toEqual({ status: 401, body: { ok: false, error: 'lockedOut', params: { minutes: 15 } } });
    // the right password from that address is refused while the lock lasts
    expect(tries[5]).toEqual(tries[4]);
    // the account's owner at another address is not kept out
    expect((await loginFrom('127.0.0.3', 'admin', 'Admin-2026-hq')).status).toBe(200);
  });

  attack('telling HQ account names from made-up ones by their answers and lockout', async () => {
    const real = await sequence('127.0.0.4', 'admin', 'Admin-2026-hq');
    // from another address of its own (each address may try 10 times a minute)
    expect(await sequence('127.0.0.7', 'nobody-at-hq', 'Admin-2026-hq')).toEqual(real);
  });

  attack('telling HQ account names from made-up ones by time', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [a, ta] = await timed(() => loginFrom('127.0.0.5', 'admin', `Wrong${i}pass`));
      const [b, tb] = await timed(() => loginFrom('127.0.0.6', `ghost${i}`, `Wrong${i}pass`));
      expect(a).toEqual(b);
      known.push(ta);
      unknown.push(tb);
    }
    const ratio = median(known) / median(unknown);
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(2.5);
  });

  attack(
    'guessing HQ passwords from many addresses at once',
    async () => {
      // 30 failures within a minute across HQ, each address far below its own limits
      await Promise.all(Array.from({ length: 30 }, (_, i) => loginFrom(`127.0.1.${i + 1}`, 'admin', `Spread${i}x`)));
      const [, spent] = await timed(async () => {
        for (let i = 0; i < 3; i++) await loginFrom(`127.0.2.${i + 1}`, 'admin', `Later${i}x`);
      });
      expect(spent).toBeGreaterThan(1900);
      // slowed, not locked: the right password still gets in
      expect((await loginFrom('127.0.3.1', 'admin', 'Admin-2026-hq')).status).toBe(200);
    },
    SLOW,
  );
});
