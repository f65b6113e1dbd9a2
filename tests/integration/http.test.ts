import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/main/serve.js';
import { HEAD, setUpStation, type TestStation } from '../helpers/station.js';

/** Browser mode's HTTP API on a real port of 127.0.0.1, with the real core behind it. */
describe('browser mode HTTP API', () => {
  let st: TestStation;
  let app: FastifyInstance;
  let base: string;
  const post = (method: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    st = await setUpStation();
    app = await createHttpServer({ core: st.core });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await st.close();
  });

  it('logs in and calls a method with the token in the Authorization header', async () => {
    const login = await (await post('auth.login', JSON.stringify({ username: HEAD.username, password: HEAD.password }))).json();
    expect(login.ok).toBe(true);
    const board = await post('intake.board', '{}', { authorization: `Bearer ${login.result.token}` });
    expect(board.status).toBe(200);
    expect((await board.json()).result.walkIns).toEqual([]);
  });

  it('answers malformed JSON with 400 badRequest and never reaches the core', async () => {
    const r = await post('station.status', '{"broken":');
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ ok: false, error: { code: 'VALIDATION', key: 'badRequest' } });
  });

  it('answers a call without a session with 401, and an unknown method with 404', async () => {
    const r = await post('intake.board', '{}');
    expect(r.status).toBe(401);
    expect((await r.json()).error).toEqual({ code: 'UNAUTHENTICATED', key: 'unauthenticated' });
    const u = await post('nothing.here', '{}');
    expect(u.status).toBe(404);
    expect((await u.json()).error.key).toBe('unknownMethod');
  });

  it('refuses a body over 1 MiB with 413 tooLarge', async () => {
    const r = await post('auth.login', JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expect((await r.json()).error.key).toBe('tooLarge');
  });

  it('names the field of a validation error, in the JSON the forms read', async () => {
    const login = await (await post('auth.login', JSON.stringify({ username: HEAD.username, password: HEAD.password }))).json();
    const r = await post(
      'intake.register',
      JSON.stringify({ visitorName: '张三', idType: 'resident', idNumber: '110105194912310021', purpose: 'dispute', route: 'mediation' }),
      { authorization: `Bearer ${login.result.token}` },
    );
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatchObject({ code: 'VALIDATION', field: 'idNumber', key: 'idNumber.checksum' });
  });

  it('refuses a Host that is a name other than localhost (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/api/station.status`, { method: 'POST', headers: { host: 'evil.example:4310', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('slows down password guessing from one terminal: the 21st login in a minute is refused', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 21; i++) answers.push((await post('auth.login', JSON.stringify({ username: 'nobody', password: 'guess' }))).status);
    // two logins of the tests above count too: at most 20 a minute in all
    expect(answers.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(answers.at(-1)).toBe(429);
  });

  it('sends the security headers with every answer', async () => {
    const r = await post('station.status', '{}');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a second server on the same data directory with a clear message and exit code 2', () => {
    const serve = join(__dirname, '..', '..', 'src', 'main', 'serve.ts');
    const second = spawnSync(process.execPath, ['--import', 'tsx', serve, '--data-dir', st.dir, '--port', '0'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain('已被另一个工作台进程');
    expect(second.stderr).toContain('is in use by another Station Desk process');
  });
});
