import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { enrol, hqPayloads, hqRows, newStore, startHq, stationRows, stationUuid, type Dialect, type HqStore, type TestHq } from '../helpers/hq.js';
import { addStaff, ok, setUpStation, walkIn, type TestStation } from '../helpers/station.js';

describe.each<Dialect>(['sqlite', 'postgres'])('HQ service (on %s)', (dialect) => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let key: string;
  let secret: string;
  let uuid: string;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    store = await newStore(dialect);
    hq = await startHq(store);
    st = await setUpStation();
    key = await enrol(st, hq);
    uuid = await stationUuid(st.core);
    [{ secret }] = await st.core.dataSource.query(`SELECT secret FROM sync_state`);
    await hq.service.addUser('admin', 'Admin-2026-hq', 'admin');
    await hq.service.addUser('viewer', 'Viewer-2026-hq', 'viewer');
    const login = async (username: string, password: string) =>
      (await (await fetch(`${hq.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).json()).token;
    admin = await login('admin', 'Admin-2026-hq');
    viewer = await login('viewer', 'Viewer-2026-hq');
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
  });

  const push = (body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(`${hq.url}/sync/v1/push`, {
      method: 'POST',
      headers: { authorization: `Station ${key}:${secret}`, 'content-type': 'application/gzip', ...headers },
      body: body as unknown as BodyInit,
    });
  const batch = (over: Record<string, unknown> = {}) => ({
    stationId: uuid,
    schemaVersion: 7,
    after: 0,
    count: 0,
    backlog: 0,
    sentAt: new Date().toISOString(),
    entries: [],
    ...over,
  });
  const hqState = async () => ({
    rows: await hqRows(hq.db, uuid),
    station: (await hq.db.rows(`SELECT "cursor", "rowsReceived" FROM "hq_station" WHERE "id" = ?`, [key]))[0],
  });
  const cursor = async () => Number((await hq.db.rows<{ cursor: unknown }>(`SELECT "cursor" FROM "hq_station" WHERE "id" = ?`, [key]))[0].cursor);

  it('refuses bad input with a clear status and writes nothing', async () => {
    const before = await hqState();
    const c = await cursor();
    const entry = (seq: number, over: Record<string, unknown> = {}) => ({
      seq,
      table: 'walk_in',
      rowId: '0190aaaa-0000-7000-8000-0000000000aa',
      op: 'insert',
      version: 1,
      payload: { id: '0190aaaa-0000-7000-8000-0000000000aa', stationId: uuid, version: 1 },
      ...over,
    });
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['forged station id', () => push(gzipSync(JSON.stringify(batch({ stationId: '0190aaaa-0000-7000-8000-0000000000ff', after: c })))), 403, 'foreignStation'],
      ['another station’s key with this secret', () => push(gzipSync(JSON.stringify(batch({ after: c }))), { authorization: `Station 0190aaaa-0000-7000-8000-000000000000:${secret}` }), 401, 'badCredential'],
      ['a wrong secret', () => push(gzipSync(JSON.stringify(batch({ after: c }))), { authorization: `Station ${key}:${'x'.repeat(43)}` }), 401, 'badCredential'],
      ['no credential', () => push(gzipSync(JSON.stringify(batch({ after: c }))), { authorization: '' }), 401, 'badCredential'],
      ['malformed gzip', () => push(Buffer.from('this is not gzip at all')), 400, 'malformedGzip'],
      ['gzip of something not JSON', () => push(gzipSync('{"stationId": ')), 400, 'malformedJson'],
      ['an extra field', () => push(gzipSync(JSON.stringify({ ...batch({ after: c }), admin: true }))), 400, 'invalid'],
      ['a missing field', () => push(gzipSync(JSON.stringify({ stationId: uuid, after: c }))), 400, 'invalid'],
      ['10 million rows claimed', () => push(gzipSync(JSON.stringify(batch({ after: c, count: 10_000_000, entries: [entry(c + 1)] })))), 400, 'invalid'],
      ['a count that does not match', () => push(gzipSync(JSON.stringify(batch({ after: c, count: 5, entries: [entry(c + 1)] })))), 400, 'invalid'],
      ['entries out of order', () => push(gzipSync(JSON.stringify(batch({ after: c, count: 2, entries: [entry(c + 2), entry(c + 1)] })))), 400, 'invalid'],
      ['an entry of an odd table name', () => push(gzipSync(JSON.stringify(batch({ after: c, count: 1, entries: [entry(c + 1, { table: 'walk_in"; DROP TABLE hq_row; --' })] })))), 400, 'invalid'],
      // a zip bomb: 40 MB of zeros is 40 KB gzipped
      ['a body that inflates past the limit', () => push(gzipSync(Buffer.alloc(40 * 1024 * 1024, 32))), 413, 'tooLarge'],
      ['a station schema older than HQ accepts', () => push(gzipSync(JSON.stringify(batch({ after: c, schemaVersion: 0, count: 1, entries: [entry(c + 1)] })))), 426, 'schemaTooOld'],
      ['plain JSON instead of gzip', () => push(JSON.stringify(batch({ after: c })), { 'content-type': 'application/json' }), 415, 'gzipExpected'],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      const body = await res.json().catch(() => ({}));
      expect([what, res.status, body.error]).toEqual([what, status, code]);
    }
    expect(await hqState()).toEqual(before);
  });

  it('keeps the fields of a newer station schema it does not know', async () => {
    // a station already on a newer release, with a table and a field this HQ has never seen
    const created = await hq.service.createStation({ code: 'SY-NEW-9', name: '新版警务室', district: '宁江区' });
    const newer = '0190aaaa-0000-7000-8000-0000000000ee';
    const cred = await hq.service.enrol({ code: created.enrolmentCode, stationId: newer, stationCode: 'SY-NEW-9', stationName: '新版' });
    const id = '0190aaaa-0000-7000-8000-0000000000dd';
    const payload = { id, stationId: newer, version: 1, visitorName: '新版', fieldFromTheFuture: { nested: [1, 2] } };
    const res = await push(
      gzipSync(JSON.stringify(batch({ stationId: newer, after: 0, schemaVersion: 42, count: 1, entries: [{ seq: 1, table: 'walk_in_v2', rowId: id, op: 'insert', version: 1, payload }] }))),
      { authorization: `Station ${cred.key}:${cred.secret}` },
    );
    expect(res.status).toBe(200);
    expect(await hqPayloads(hq.db, `"rowId" = ?`, [id])).toEqual([payload]);
    expect((await hq.service.stations()).find((x) => x.id === cred.key)?.schemaVersion).toBe(42);
  });

  it('refuses a 1 GB body from its length, before reading it', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${hq.url}/sync/v1/push`, {
        method: 'POST',
        headers: { authorization: `Station ${key}:${secret}`, 'content-type': 'application/gzip', 'content-length': String(1024 ** 3) },
      });
      req.on('response', (res) => resolve(res.statusCode!));
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024));
    });
    expect(status).toBe(413);
  });

  it('stores SQL in values as text, and records a row of another station as rejected on both sides', async () => {
    const evil = `'); DROP TABLE hq_row; --`;
    await ok(st.core.call('intake.register', walkIn({ visitorName: 'Robert', note: evil, idType: 'none', idNumber: undefined, phone: undefined }), { token: st.token }));
    // a row that claims to be another station's, written behind the router's back
    await st.core.dataSource.query(
      `INSERT INTO directive_receipt (id, "stationId", "createdAt", "updatedAt", version, "directiveId", "staffId", "readAt")
       VALUES ('0190aaaa-0000-7000-8000-0000000000bb', '0190aaaa-0000-7000-8000-0000000000cc', 'x', 'x', 1, 'd', (SELECT id FROM staff LIMIT 1), 'x')`,
    );
    const r = await st.core.sync.round();
    expect(r.rejected).toBe(1);
    const [row] = (await hqPayloads(hq.db, `"tableName" = 'walk_in'`)).filter((p) => p.visitorName === 'Robert');
    expect(row.note).toBe(evil);
    const atStation = await st.core.dataSource.query(`SELECT "tableName", "rowId", reason FROM sync_reject`);
    expect(atStation).toEqual([{ tableName: 'directive_receipt', rowId: '0190aaaa-0000-7000-8000-0000000000bb', reason: 'foreignStation' }]);
    const atHq = await hq.service.rejects(key);
    expect(atHq.map((x) => [x.tableName, x.rowId, x.reason])).toEqual([['directive_receipt', '0190aaaa-0000-7000-8000-0000000000bb', 'foreignStation']]);
    // and the cursor moved past it: the backlog is empty
    expect((await ok(st.core.call('sync.status', {}, { token: st.token }))).backlog).toBe(0);
    const ownRows = (await stationRows(st.core)).filter((x) => !x.includes('0190aaaa-0000-7000-8000-0000000000bb'));
    expect(await hqRows(hq.db, uuid)).toEqual(ownRows);
  });

  it('an enrolment code works once, and not after it expired', async () => {
    const created = await hq.service.createStation({ code: 'SY-NJ-002', name: '第二警务室', district: '宁江区' });
    const ask = (code: string, stationId: string) =>
      fetch(`${hq.url}/sync/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, stationId, stationCode: 'SY-NJ-002', stationName: '第二' }),
      });
    const first = await ask(created.enrolmentCode.toLowerCase(), '0190aaaa-0000-7000-8000-000000000002');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ key: created.id, code: 'SY-NJ-002' });
    const twice = await ask(created.enrolmentCode, '0190aaaa-0000-7000-8000-000000000003');
    expect([twice.status, (await twice.json()).error]).toEqual([403, 'enrolmentCodeInvalid']);
    // the secret is stored hashed: it appears nowhere in HQ's database
    const rows = await hq.db.rows<{ secretHash: string }>(`SELECT "secretHash" FROM "hq_station" WHERE "id" = ?`, [created.id]);
    expect(rows[0].secretHash).toMatch(/^[0-9a-f]{64}$/);

    const { enrolmentCode } = await hq.service.reissueCode(created.id);
    await hq.db.run(`UPDATE "hq_station" SET "enrolExpiresAt" = ? WHERE "id" = ?`, ['2020-01-01T00:00:00.000Z', created.id]);
    const late = await ask(enrolmentCode, '0190aaaa-0000-7000-8000-000000000002');
    expect([late.status, (await late.json()).error]).toEqual([403, 'enrolmentCodeExpired']);
    // the station's own screen says so in words
    const other = await setUpStation();
    try {
      await ok(other.core.call('sync.enrol', { hqUrl: hq.url, code: enrolmentCode }, { token: other.token }));
      await expect(other.core.sync.round()).rejects.toMatchObject({ key: 'enrolmentRefused' });
      const s = await ok(other.core.call('sync.status', {}, { token: other.token }));
      expect(s).toMatchObject({ enrolled: false, enrolling: false, lastError: { key: 'enrolmentRefused', detail: 'enrolmentCodeExpired' } });
    } finally {
      await other.close();
    }
  });

  it('HQ staff log in by role: viewers read the overview and CSV, only admins create stations or publish', async () => {
    const get = (path: string, token?: string) => fetch(`${hq.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${hq.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    expect((await get('/api/stations')).status).toBe(401);
    expect((await get('/api/stations', 'forged.token')).status).toBe(401);
    expect((await post('/api/login', { username: 'viewer', password: 'wrong' })).status).toBe(401);
    expect((await post('/api/stations', { code: 'X-1', name: 'x', district: 'y' }, viewer)).status).toBe(403);
    expect((await post('/api/reference/directives', { payload: { title: 't', body: 'b' } }, viewer)).status).toBe(403);
    const made = await post('/api/stations', { code: 'SY-NJ-003', name: '第三警务室', district: '宁江区' }, admin);
    expect(made.status).toBe(200);
    expect((await made.json()).enrolmentCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    const today = new Date().toISOString().slice(0, 10);
    // the test station's clock stands at 2026-11-28 while HQ's runs on: once they are more than
    // 5 minutes apart HQ counts its walk-ins on the day it received them
    const hqToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const until = [hqToday, '2026-11-30'].sort()[1];
    const ov = await (await get(`/api/overview?from=2026-11-20&to=${until}`, viewer)).json();
    const mine = ov.stations.find((s: { id: string }) => s.id === key);
    const countedOn = Math.abs(mine.clockSkewMs) > 5 * 60_000 ? hqToday : '2026-11-28';
    expect(mine.walkIns[ov.days.indexOf(countedOn)]).toBeGreaterThan(0);
    expect(ov.totals.walkInTotal).toBe(mine.walkInTotal);
    expect(ov.totals.stations).toBe(4);
    const csv = await get(`/api/overview.csv?from=2026-11-20&to=2026-11-30&lang=zh`, viewer);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // the byte-order mark Excel needs to read UTF-8
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('警务室编码,警务室')).toBe(true);
    expect(text).toContain('SY-NJ-001,繁荣社区警务室,宁江区');
    expect(text.trim().split('\r\n').at(-1)).toMatch(/^合计,/);
    expect((await get(`/api/overview?from=${today}&to=2020-01-01`, viewer)).status).toBe(400);
  });

  it('publishes the mediator pool and directives; the station gets them, and read receipts come back', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${hq.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify(body) });
    const m = await (await post('/api/reference/mediators', { payload: { name: '李调解', specialties: ['neighbour', 'family'], organisation: '市人民调解委员会', phone: '13800000001' } })).json();
    const d = await (await post('/api/reference/directives', { payload: { title: '关于加强冬季防火的通知', body: '各警务室：请于本周内完成辖区消防检查。' } })).json();
    const other = await (await post('/api/reference/directives', { payload: { title: '仅限二所', body: '…', stations: ['SY-NJ-002'] } })).json();
    expect(other.id).toBeDefined();
    const bad = await post('/api/reference/mediators', { payload: { name: '', specialties: ['nonsense'] } });
    expect(bad.status).toBe(400);

    const r = await st.core.sync.round();
    expect(r.pulled).toBe(3);
    const pool = await ok(st.core.call('mediation.poolList', { includeInactive: false }, { token: st.token }));
    expect(pool.find((x: { id: string }) => x.id === m.id)).toMatchObject({ name: '李调解', origin: 'hq', organisation: '市人民调解委员会' });
    const officer = await addStaff(st, 'officer');
    const list = await ok(st.core.call('sync.directives', {}, { token: officer.token }));
    expect(list.directives.map((x: { title: string }) => x.title)).toEqual(['关于加强冬季防火的通知']);
    expect(list.unread).toBe(1);
    await ok(st.core.call('sync.readDirective', { id: d.id }, { token: officer.token }));
    expect((await ok(st.core.call('sync.directives', {}, { token: officer.token }))).unread).toBe(0);

    // HQ changes the entry: the station takes HQ's fields and keeps its own availability
    await hq.service.publish('mediators', m.id, { name: '李调解', specialties: ['neighbour'], organisation: '区调委会', phone: null, active: true }, 'admin');
    await st.core.sync.round();
    const again = await ok(st.core.call('mediation.poolList', { includeInactive: false }, { token: st.token }));
    expect(again.find((x: { id: string }) => x.id === m.id)).toMatchObject({ organisation: '区调委会', specialties: ['neighbour'] });
    // the receipt reached HQ as the station's row
    const receipts = await hqPayloads(hq.db, `"tableName" = 'directive_receipt' AND "stationId" = ?`, [uuid]);
    expect(receipts.filter((p) => p.directiveId === d.id)).toHaveLength(1);
    // a round with nothing new pulls nothing
    expect((await st.core.sync.round()).pulled).toBe(0);
  });

  it('after a restore with a new epoch the station downloads reference data again', async () => {
    await hq.service.newEpoch();
    await st.core.dataSource.query(`DELETE FROM sync_reference WHERE bucket = 'directives'`);
    const r = await st.core.sync.round();
    expect(r.pulled).toBeGreaterThan(0);
    expect((await st.core.dataSource.query(`SELECT COUNT(*) AS n FROM sync_reference WHERE bucket = 'directives'`))[0].n).toBe(2);
  });
});
