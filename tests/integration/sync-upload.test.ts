import { afterEach, describe, expect, it } from 'vitest';
import type { SyncTiming } from '../../src/main/sync/client.js';
import { gzipSync } from 'node:zlib';
import {
  FaultyProxy,
  dumpHq,
  enrol,
  hqPayloads,
  hqRows,
  newStore,
  restoreHq,
  startHq,
  stationRows,
  stationUuid,
  type Dialect,
} from '../helpers/hq.js';
import { addStaff, ok, setUpStation, walkIn, type TestStation } from '../helpers/station.js';

const fastTiming: SyncTiming = { intervalMs: 60_000, nudgeMs: 50, baseBackoffMs: 50, maxBackoffMs: 400, probeMs: 50 };

const register = async (st: TestStation, n: number, prefix = '访客') => {
  for (let i = 0; i < n; i++) {
    await ok(st.core.call('intake.register', walkIn({ visitorName: `${prefix}${i}`, idType: 'none', idNumber: undefined, phone: undefined }), { token: st.token }));
  }
};

const status = (st: TestStation) => ok(st.core.call('sync.status', {}, { token: st.token }));

describe.each<Dialect>(['sqlite', 'postgres'])('sync upload (HQ on %s)', (dialect) => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  const world = async (opts: { now?: string; hqNow?: () => Date } = {}) => {
    const store = await newStore(dialect);
    cleanup.push(() => store.drop());
    const hq = await startHq(store, 0, opts.hqNow);
    const box = { hq };
    cleanup.push(() => box.hq.close().catch(() => undefined));
    const st = await setUpStation({ now: opts.now });
    cleanup.push(() => st.close());
    return { store, box, st };
  };

  it('enrols with a one-time code, then uploads every change exactly once and keeps what HQ acknowledged', async () => {
    const { box, st } = await world();
    const hq = box.hq;
    const key = await enrol(st, hq);
    const s0 = await status(st);
    expect(s0).toMatchObject({ enrolled: true, online: true, hqCode: 'SY-NJ-001', backlog: 0, lastError: null });
    const uuid = await stationUuid(st.core);
    // setup's rows (station, head) went up with the enrolment round
    expect(await hqRows(hq.db, uuid)).toEqual(await stationRows(st.core));

    await register(st, 30);
    // text HQ must store exactly as written: quotes, backslashes, line breaks, emoji
    const tricky = '他说"还钱"\\不然{报警}\n第二行🚓 \'单引号\'';
    await ok(st.core.call('intake.register', walkIn({ visitorName: '特殊字符', idType: 'none', idNumber: undefined, phone: undefined, note: tricky }), { token: st.token }));
    await addStaff(st, 'officer');
    expect((await status(st)).backlog).toBeGreaterThan(30);
    const r = await st.core.sync.round();
    expect(r.pushed).toBeGreaterThan(30);
    expect(await hqRows(hq.db, uuid)).toEqual(await stationRows(st.core));
    const [atHq] = (await hqPayloads(hq.db, `"stationId" = ?`, [uuid])).filter((p) => p.visitorName === '特殊字符');
    expect(atHq.note).toBe(tricky);
    expect((await status(st)).backlog).toBe(0);
    // acknowledged rows stay at the station for the retention time, in case HQ loses them
    const [{ n }] = await st.core.dataSource.query(`SELECT COUNT(*) AS n FROM sync_outbox`);
    expect(n).toBeGreaterThan(30);

    // HQ's view of the station: last sync, backlog, cursor
    const [rec] = await hq.service.stations();
    expect(rec).toMatchObject({ id: key, backlog: 0, stationUuid: uuid });
    expect(rec.lastSyncAt).not.toBeNull();
    // nothing new: a round sends nothing
    expect((await st.core.sync.round()).pushed).toBe(0);
  });

  it('a duty log entry the app wrote reaches HQ with its kind and values beside its Chinese text', async () => {
    const { box, st } = await world({ now: '2026-11-28T01:00:00Z' });
    const hq = box.hq;
    await enrol(st, hq);
    const uuid = await stationUuid(st.core);
    const [head] = (await st.core.dataSource.query(`SELECT "id" FROM "staff" WHERE "username" = 'wang'`)) as { id: string }[];
    await ok(st.core.call('office.shiftOpen', { source: 'manual', name: '白班', startsAt: '2026-11-28T00:00:00Z', endsAt: '2026-11-28T12:00:00Z', staffIds: [head.id] }, { token: st.token }));
    const templates = await ok<{ id: string; kind: string }[]>(st.core.call('office.noticeTemplates', {}, { token: st.token }));
    const appointment = templates.find((t) => t.kind === 'appointment')!;
    const values = { station: '宁江区繁荣社区警务室', address: '繁荣路18号', officer: '李警官', phone: '13912345678', dutyPhone: '0438-6123456', duties: '人口管理', date: '2026年11月28日', time: null, place: null };
    const printed = await ok<{ logEntryId: string }>(st.core.call('office.noticePrint', { templateId: appointment.id, templateVersion: 0, pageSize: 'A5', values }, { token: st.token }));
    await st.core.sync.round();
    const [atHq] = await hqPayloads(hq.db, `"stationId" = ? AND "rowId" = ?`, [uuid, printed.logEntryId]);
    expect(atHq).toMatchObject({ type: 'noticePrinted', action: '《上门采集预约通知》A5' });
    expect(JSON.parse(atHq.composed as string)).toEqual({ kind: 'noticePrinted', title: '上门采集预约通知', pageSize: 'A5' });
  });

  it('a batch sent twice changes nothing the second time; a batch out of order gets a gap with where to resend from', async () => {
    const { box, st } = await world();
    const key = await enrol(st, box.hq);
    const uuid = await stationUuid(st.core);
    const [{ secret }] = await st.core.dataSource.query(`SELECT secret FROM sync_state`);
    const [{ cursor }] = await box.hq.db.rows<{ cursor: number }>(`SELECT "cursor" FROM "hq_station"`);
    const post = (body: unknown) =>
      fetch(`${box.hq.url}/sync/v1/push`, {
        method: 'POST',
        headers: { authorization: `Station ${key}:${secret}`, 'content-type': 'application/gzip' },
        body: gzipSync(JSON.stringify(body)),
      });
    const row = (seq: number, id: string, version: number) => ({
      seq,
      table: 'walk_in_extra',
      rowId: id,
      op: version === 1 ? 'insert' : 'update',
      version,
      payload: { id, stationId: uuid, version, note: `v${version}` },
    });
    const c = Number(cursor);
    const id = '0190aaaa-0000-7000-8000-000000000001';
    const batch1 = { stationId: uuid, schemaVersion: 7, after: c, count: 2, backlog: 0, sentAt: new Date().toISOString(), entries: [row(c + 1, id, 1), row(c + 2, id, 2)] };
    const batch2 = { ...batch1, after: c + 2, entries: [row(c + 3, id, 3)], count: 1 };
    // out of order: the second batch first
    const early = await post(batch2);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: 'gap', cursor: c });
    const first = await post(batch1);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ cursor: c + 2, applied: 2, skipped: 0 });
    const again = await post(batch1);
    expect(await again.json()).toMatchObject({ cursor: c + 2, applied: 0, skipped: 2 });
    expect((await post(batch2)).status).toBe(200);
    // the newest version is stored once
    const rows = await box.hq.db.rows<{ version: unknown; payload: string }>(`SELECT "version", "payload" FROM "hq_row" WHERE "rowId" = ?`, [id]);
    expect(rows.map((r) => [Number(r.version), box.hq.db.vault.openJson(r.payload).note])).toEqual([[3, 'v3']]);
    // replaying an old batch after newer ones: nothing goes backwards
    expect(await (await post(batch1)).json()).toMatchObject({ applied: 0, skipped: 2, cursor: c + 3 });
    expect(Number((await box.hq.db.rows<{ version: unknown }>(`SELECT "version" FROM "hq_row" WHERE "rowId" = ?`, [id]))[0].version)).toBe(3);
  });

  it('with HQ down the station keeps working and queueing, says so, and catches up when HQ is back', async () => {
    const { store, box, st } = await world();
    await enrol(st, box.hq);
    const port = box.hq.port;
    await box.hq.close();
    await register(st, 10);
    await expect(st.core.sync.round()).rejects.toMatchObject({ key: 'offline' });
    const s = await status(st);
    expect(s).toMatchObject({ online: false, backlog: 10, lastError: { key: 'offline' } });
    expect(s.lastSuccessAt).not.toBeNull();
    // the desk goes on while offline
    await register(st, 5, '离线');
    box.hq = await startHq(store, port);
    await st.core.sync.round();
    expect(await status(st)).toMatchObject({ online: true, backlog: 0, lastError: null });
    expect(await hqRows(box.hq.db, await stationUuid(st.core))).toEqual(await stationRows(st.core));
  });

  it('retries in the background with backoff, and a commit reaches HQ within moments once online', async () => {
    const { box, st } = await world();
    await enrol(st, box.hq);
    const proxy = new FaultyProxy(() => box.hq.port);
    await proxy.listen();
    cleanup.push(() => proxy.close());
    await st.core.dataSource.query(`UPDATE sync_state SET "hqUrl" = ?`, [proxy.url]);
    // drive the real background loop with short delays
    (st.core.sync as unknown as { timing: typeof fastTiming }).timing = fastTiming;
    st.core.sync.start();
    proxy.mode = 'refuse';
    await register(st, 3);
    st.core.sync.now();
    await waitFor(async () => (await status(st)).lastError?.key === 'offline');
    const back = st.core.sync.backoff();
    expect(back).toBeGreaterThanOrEqual(25);
    expect(back).toBeLessThanOrEqual(400);
    proxy.mode = 'pass';
    const uuid = await stationUuid(st.core);
    await waitFor(async () => (await hqRows(box.hq.db, uuid)).length === (await stationRows(st.core)).length);
    // online: one more walk-in is at HQ within two seconds of its commit, without anyone asking
    const t0 = Date.now();
    await register(st, 1, '在线');
    await waitFor(async () => (await hqRows(box.hq.db, uuid)).length === (await stationRows(st.core)).length, 2_000);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('an answer lost after HQ committed, and every request delivered twice: no duplicates, no gaps', async () => {
    const { box, st } = await world();
    await enrol(st, box.hq);
    const uuid = await stationUuid(st.core);
    const proxy = new FaultyProxy(() => box.hq.port);
    await proxy.listen();
    cleanup.push(() => proxy.close());
    await st.core.dataSource.query(`UPDATE sync_state SET "hqUrl" = ?`, [proxy.url]);

    await register(st, 8);
    proxy.mode = 'cutResponse';
    await expect(st.core.sync.round()).rejects.toMatchObject({ key: 'offline' });
    // HQ has the rows although the station never heard it: they stay queued at the station
    expect((await status(st)).backlog).toBe(8);
    proxy.mode = 'pass';
    proxy.cutAll();
    await st.core.sync.round();
    expect((await status(st)).backlog).toBe(0);
    expect(await hqRows(box.hq.db, uuid)).toEqual(await stationRows(st.core));

    proxy.mode = 'duplicate';
    proxy.cutAll();
    await register(st, 6, '重复');
    await st.core.sync.round();
    // the duplicates have landed too: HQ answered each (its answer thrown away by the proxy)
    await proxy.duplicatesAnswered();
    expect(await hqRows(box.hq.db, uuid)).toEqual(await stationRows(st.core));
    const [{ n }] = await box.hq.db.rows<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "hq_row" WHERE "stationId" = ?`, [uuid]);
    expect(Number(n)).toBe((await stationRows(st.core)).length);
  });

  it('a station clock in 2016 or 2040 still syncs, in sequence order, and the skew is shown', async () => {
    for (const when of ['2016-03-01T08:00:00Z', '2040-07-01T08:00:00Z']) {
      const { box, st } = await world({ now: when });
      await enrol(st, box.hq, `CLK-${when.slice(0, 4)}`);
      await register(st, 5);
      st.setNow(new Date(Date.parse(when) - 3600_000).toISOString()); // and the clock goes back an hour
      await register(st, 5, '回拨');
      await st.core.sync.round();
      expect(await hqRows(box.hq.db, await stationUuid(st.core))).toEqual(await stationRows(st.core));
      const s = await status(st);
      const years = s.clockSkewMs / (365.25 * 86400_000);
      expect(Math.abs(years - (Date.parse(when) - Date.now()) / (365.25 * 86400_000))).toBeLessThan(0.01);
      const [rec] = await box.hq.service.stations();
      expect(Math.sign(rec.clockSkewMs!)).toBe(Math.sign(Date.parse(when) - Date.now()));
      while (cleanup.length) await cleanup.pop()!();
    }
  });

  it('HQ restored from an earlier backup: the station resends what HQ lost, from the history it kept', async () => {
    const { box, st } = await world();
    await enrol(st, box.hq);
    const uuid = await stationUuid(st.core);
    await register(st, 5, '备份前');
    await st.core.sync.round();
    const backup = await dumpHq(box.hq.db);
    await register(st, 7, '备份后');
    await st.core.sync.round();
    expect((await status(st)).backlog).toBe(0);
    await restoreHq(box.hq.db, backup);
    expect((await hqRows(box.hq.db, uuid)).length).toBeLessThan((await stationRows(st.core)).length);
    await register(st, 2, '恢复后');
    await st.core.sync.round();
    expect(await hqRows(box.hq.db, uuid)).toEqual(await stationRows(st.core));
    expect((await status(st)).backlog).toBe(0);
  });

  it('HQ restored from a backup older than the station keeps: the station sends all its rows again', async () => {
    const { box, st } = await world();
    await enrol(st, box.hq);
    const uuid = await stationUuid(st.core);
    // acknowledged changes are dropped at once
    await ok(st.core.call('sync.settings', { enabled: true, retentionDays: 0 }, { token: st.token }));
    await register(st, 4, '备份前');
    await st.core.sync.round();
    const backup = await dumpHq(box.hq.db);
    await register(st, 6, '备份后');
    await addStaff(st, 'auxiliary');
    await st.core.sync.round();
    expect((await st.core.dataSource.query(`SELECT COUNT(*) AS n FROM sync_outbox`))[0].n).toBe(0);
    await restoreHq(box.hq.db, backup);
    await st.core.sync.round();
    expect(await hqRows(box.hq.db, uuid)).toEqual(await stationRows(st.core));
    expect(await status(st)).toMatchObject({ backlog: 0, lastError: null, online: true });
    // and ordinary sync goes on from there
    await register(st, 2, '之后');
    await st.core.sync.round();
    expect(await hqRows(box.hq.db, uuid)).toEqual(await stationRows(st.core));
  });

  it('a station offline for 90 days sends its whole backlog in order, and history past retention is dropped only after acknowledgement', async () => {
    const { store, box, st } = await world({ now: '2026-08-01T02:00:00Z' });
    await enrol(st, box.hq);
    const uuid = await stationUuid(st.core);
    const port = box.hq.port;
    await box.hq.close();
    for (let day = 0; day < 90; day += 9) {
      st.setNow(new Date(Date.parse('2026-08-01T02:00:00Z') + day * 86400_000).toISOString());
      st.token = (await ok<{ token: string }>(st.core.call('auth.login', { username: 'wang', password: 'Start2026' }))).token;
      await register(st, 12, `第${day}天`);
    }
    expect((await status(st)).backlog).toBe(120);
    await ok(st.core.call('sync.settings', { enabled: true, retentionDays: 0 }, { token: st.token }));
    // nothing is dropped while HQ has not acknowledged it
    await expect(st.core.sync.round()).rejects.toMatchObject({ key: 'offline' });
    expect((await status(st)).backlog).toBe(120);
    box.hq = await startHq(store, port);
    await st.core.sync.round();
    expect(await hqRows(box.hq.db, uuid)).toEqual(await stationRows(st.core));
    // retention 0: acknowledged rows are gone, nothing unacknowledged is
    const [{ n }] = await st.core.dataSource.query(`SELECT COUNT(*) AS n FROM sync_outbox`);
    expect(n).toBe(0);
    expect((await status(st)).backlog).toBe(0);
  });
});

/** Polls what the app itself exposes until it holds: a deadline for a loaded machine, not a wait. */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
