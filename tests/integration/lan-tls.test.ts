/**
 * Browser mode on the station LAN: HTTPS with the station's own certificate, reached at this
 * machine's non-loopback address, and only by paired terminals.
 */
import { X509Certificate } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationCertificate } from '../../src/main/pairing/tls.js';
import { createHttpServer } from '../../src/main/serve.js';
import { HEAD, STATION_PROFILE, ok, setUpStation, sql, type TestStation } from '../helpers/station.js';
import { travel } from './mediation.helpers.js';

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  fingerprint: string;
}

/** A real HTTPS request that trusts nothing but the pinned certificate. */
const send = (url: string, ca: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new Promise<Answer>((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, ca, agent: false }, (res) => {
      const fingerprint = new X509Certificate((res.socket as TLSSocket).getPeerX509Certificate()!.raw).fingerprint256;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, fingerprint }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });

describe.skipIf(!lanAddress)('browser mode on the station LAN (HTTPS, paired terminals only)', () => {
  let st: TestStation;
  let app: FastifyInstance;
  let base: string;
  let cert: { key: string; cert: string; fingerprint: string };

  beforeAll(async () => {
    st = await setUpStation();
    cert = stationCertificate(st.dir, '宁江区繁荣社区警务室', [lanAddress!]);
    app = await createHttpServer({ core: st.core, lan: cert });
    await app.listen({ port: 0, host: '0.0.0.0' });
    base = `https://${lanAddress}:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await st?.close();
  });

  it('serves its own certificate, the one whose fingerprint the head sees, and keeps it', async () => {
    const r = await send(`${base}/`, cert.cert);
    expect(r.fingerprint).toBe(cert.fingerprint);
    expect(cert.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const status = await ok(st.core.call('pairing.status', {}, { token: st.token }));
    expect(status.fingerprint).toBe(cert.fingerprint);
    // made once: the next start serves the same certificate
    expect(stationCertificate(st.dir, 'x').fingerprint).toBe(cert.fingerprint);
  });

  it('refuses an unpaired terminal with a page that explains how to pair, and the API with a clear error', async () => {
    const page = await send(`${base}/`, cert.cert);
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('本终端尚未配对');
    expect(page.body).toContain('This terminal is not paired');
    const api = await send(`${base}/api/station.status`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'terminalNotPaired' } });
    const wrong = await send(`${base}/pair`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=000000' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('配对码错误或已过期');
  });

  it('pairs with the code the head made: the terminal gets a token cookie and the app; revoked, it is refused again', async () => {
    // the code is checked against the real clock when the terminal sends it
    await travel(st, new Date().toISOString());
    const started = await ok(st.core.call('pairing.start', { name: '前台二号机' }, { token: st.token }));
    expect(started.code).toMatch(/^\d{6}$/);
    const paired = await send(`${base}/pair`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${started.code}` });
    expect(paired.status).toBe(303);
    const cookie = String(paired.headers['set-cookie']).split(';')[0];
    expect(String(paired.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(paired.headers['set-cookie'])).toMatch(/Secure/);
    const api = await send(`${base}/api/station.status`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body).result.setUp).toBe(true);
    // the code was spent
    const again = await send(`${base}/pair`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${started.code}` });
    expect(again.status).toBe(403);
    const status = await ok(st.core.call('pairing.status', {}, { token: st.token }));
    expect(status.terminals).toMatchObject([{ id: started.id, name: '前台二号机', lastAddress: expect.stringContaining(lanAddress!) }]);
    // "last used" follows the terminal's requests, written at most once a minute
    const longAgo = '2026-01-05T08:00:00.000Z';
    await sql(st, `UPDATE "paired_terminal" SET "lastSeenAt" = ? WHERE "id" = ?`, [longAgo, started.id]);
    await send(`${base}/api/station.status`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    await expect
      .poll(async () => (await ok(st.core.call('pairing.status', {}, { token: st.token }))).terminals[0].lastSeenAt)
      .not.toBe(longAgo);
    await ok(st.core.call('pairing.revoke', { id: started.id }, { token: st.token }));
    const revoked = await send(`${base}/api/station.status`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    expect(revoked.status).toBe(403);
  });

  it('a terminal paired as the hall display opens on it, reads it without a login, and is refused everything else', async () => {
    await travel(st, new Date().toISOString());
    const started = await ok(st.core.call('pairing.start', { name: '候问区电视', mode: 'display' }, { token: st.token }));
    const paired = await send(`${base}/pair`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${started.code}` });
    expect(paired.status).toBe(303);
    expect(paired.headers.location).toBe('/#/hall/display');
    const cookie = String(paired.headers['set-cookie']).split(';')[0];
    const post = (method: string, body: unknown) =>
      send(`${base}/api/${method}`, cert.cert, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
    const display = await post('intake.display', {});
    expect(display.status).toBe(200);
    expect(JSON.parse(display.body).result.stationName).toBe(STATION_PROFILE.name);
    for (const [method, body] of [['station.status', {}], ['auth.login', { username: HEAD.username, password: HEAD.password }], ['intake.board', {}], ['intake.ratingNext', {}]] as const) {
      const refused = await post(method, body);
      expect(refused.status, method).toBe(403);
      expect(JSON.parse(refused.body).error.code, method).toBe('FORBIDDEN');
    }
  });

  it('lists a code as waiting only while it can be used', async () => {
    const now = Date.now();
    await travel(st, new Date(now).toISOString());
    const started = await ok(st.core.call('pairing.start', { name: '后台一号机' }, { token: st.token }));
    const waiting = (await ok(st.core.call('pairing.status', {}, { token: st.token }))).terminals.find((x: { id: string }) => x.id === started.id);
    expect(waiting).toMatchObject({ name: '后台一号机', pairedAt: null, revokedAt: null });
    await travel(st, new Date(now + 11 * 60_000).toISOString());
    const later = await ok(st.core.call('pairing.status', {}, { token: st.token }));
    expect(later.terminals.map((x: { id: string }) => x.id)).not.toContain(started.id);
  });
});
