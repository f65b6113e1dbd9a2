/**
 * The attack suite's shared pieces: a counter that prints how many attacks each file tried and how
 * many held, a station in LAN mode reached over real HTTPS as a paired terminal on the station LAN
 * would reach it, and an HQ on the real PostgreSQL.
 *
 * An attack "holds" when the test passes: the attack is written as what the attacker tries and
 * what must then be true (refused, or learned nothing).
 */
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { networkInterfaces } from 'node:os';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { afterAll, it } from 'vitest';
import { stationCertificate } from '../../src/main/pairing/tls.js';
import { createHttpServer, type ServeOptions } from '../../src/main/serve.js';
import { newStore, startHq, type HqStore, type TestHq } from '../helpers/hq.js';
import { ok, setUpStation, type TestStation } from '../helpers/station.js';

/** This machine's address on the station LAN (LAN mode refuses nothing from loopback). */
export const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/**
 * `attack(name, fn)` is a test that counts: after the file, one line says how many attacks were
 * tried and how many held (a failed one is also a failed test).
 */
export const securitySuite = (area: string) => {
  let tried = 0;
  let held = 0;
  afterAll(() => {
    console.log(`security · ${area}: ${tried} attacks tried, ${held} held`);
  });
  return (name: string, fn: () => Promise<void>, timeout?: number) =>
    it(
      name,
      async () => {
        tried += 1;
        await fn();
        held += 1;
      },
      timeout,
    );
};

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: any;
}

/** A real HTTPS request that trusts only the station's pinned certificate. */
export const send = (url: string, ca: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, ca, agent: false }, (res) => {
      void new X509Certificate((res.socket as TLSSocket).getPeerX509Certificate()!.raw);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });

export interface LanStation {
  st: TestStation;
  app: FastifyInstance;
  base: string;
  ca: string;
  /** the paired terminal's cookie */
  cookie: string;
  /** POST /api/<method> from the paired terminal, with a session token when given */
  call(method: string, input: unknown, token?: string): Promise<Answer>;
  /** logs in over HTTPS: the session token, or the refusal */
  login(username: string, password: string): Promise<Answer>;
  close(): Promise<void>;
}

/**
 * A set-up station serving browser mode in LAN mode (HTTPS on this machine's LAN address, paired
 * terminals only) and one terminal paired with a code the head made.
 */
export const lanStation = async (opts: { now?: string; rateLimit?: ServeOptions['rateLimit'] } = {}): Promise<LanStation> => {
  if (!lanAddress) throw new Error('no LAN address on this machine');
  // pairing codes are checked against the real clock when the terminal sends one
  const st = await setUpStation({ now: opts.now ?? new Date().toISOString() });
  const cert = stationCertificate(st.dir, '宁江区繁荣社区警务室', [lanAddress]);
  const app = await createHttpServer({ core: st.core, lan: cert, rateLimit: opts.rateLimit });
  await app.listen({ port: 0, host: lanAddress });
  const base = `https://${lanAddress}:${(app.server.address() as { port: number }).port}`;
  const started = await ok(st.core.call('pairing.start', { name: '攻击者的终端' }, { token: st.token }));
  const paired = await send(`${base}/pair`, cert.cert, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `code=${started.code}`,
  });
  if (paired.status !== 303) throw new Error(`pairing failed: ${paired.status} ${paired.body}`);
  const cookie = String(paired.headers['set-cookie']).split(';')[0];
  const call = (method: string, input: unknown, token?: string) =>
    send(`${base}/api/${method}`, cert.cert, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input ?? {}),
    });
  return {
    st,
    app,
    base,
    ca: cert.cert,
    cookie,
    call,
    login: (username, password) => call('auth.login', { username, password }),
    async close() {
      await app.close();
      await st.close();
    },
  };
};

/** An HQ on the real PostgreSQL, in a schema of its own, on 127.0.0.1. */
export const hqOnPostgres = async (): Promise<{ hq: TestHq; store: HqStore; close(): Promise<void> }> => {
  const store = await newStore('postgres');
  const hq = await startHq(store);
  return {
    hq,
    store,
    async close() {
      await hq.close();
      await store.drop();
    },
  };
};
