import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, type SyncTiming } from '../../src/main/sync/client.js';
import type { PurgePreview } from '../../src/shared/retention/contract.js';
import { FaultyProxy, dumpHq, enrol, hqPayloads, hqRows, newStore, restoreHq, startHq, stationRows, stationUuid, type Dialect } from '../helpers/hq.js';
import { HEAD, ok, setUpStation, walkIn, type TestStation } from '../helpers/station.js';
import { travel } from './mediation.helpers.js';

const status = (st: TestStation) => ok(st.core.call('sync.status', {}, { token: st.token }));

/** Sync repairing itself after faults: lost answers, outages, restores of HQ. */
describe.each<Dialect>(['sqlite', 'postgres'])('sync recovery (HQ on %s)', (dialect) => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  const world = async (now?: string, hqNow?: string) => {
    const store = await newStore(dialect);
    cleanup.push(() => store.drop());
    const hq = await startHq(store, 0, hqNow ? () => new Date(hqNow) : undefined);
    cleanup.push(() => hq.close().catch(() => undefined));
    const st = await setUpStation({ now });
    cleanup.push(() => st.close());
    return { hq, st };
  };

  it('an enrolment whose answer was lost finishes with the same code, which is spent for good once the station signs in', async () => {
    const { hq, st } = await world();
    const proxy = new FaultyProxy(() => Number(new URL(hq.url).port));
    await proxy.listen();
    cleanup.push(() => proxy.close());
    const created = await hq.service.createStation({ code: 'SY-NJ-001', name: '繁荣社区警务室', district: '宁江区' });
    await ok(st.core.call('sync.enrol', { hqUrl: proxy.url, code: created.enrolmentCode }, { token: st.token }));
    // HQ spends the code and stores the credential; the answer never reaches the station
    proxy.mode = 'cutResponse';
    await expect(st.core.sync.round()).rejects.toMatchObject({ key: 'offline' });
    const [spent] = await hq.db.rows<{ enrolledAt: string | null }>(`SELECT "enrolledAt" FROM "hq_station" WHERE "id" = ?`, [created.id]);
    expect(spent.enrolledAt).not.toBeNull();
    expect(await status(st)).toMatchObject({ enrolled: false, enrolling: true });
    // the link is back: the station's retry with the same code is answered, not refused
    proxy.mode = 'pass';
    await st.core.sync.round();
    expect(await status(st)).toMatchObject({ enrolled: true, enrolling: false, online: true, lastError: null, backlog: 0 });

    // once the station has signed in with its credential, the code is spent for good
    const uuid = await stationUuid(st.core);
    const again = { code: created.enrolmentCode, stationId: uuid, stationCode: 'SY-NJ-001', stationName: '繁荣社区警务室' };
    await expect(hq.service.enrol(again)).rejects.toMatchObject({ code: 'enrolmentCodeInvalid' });
  });

  it('a retried exchange replaces the lost secret; only the station the code was spent for may retry', async () => {
    const { hq, st } = await world();
    const uuid = await stationUuid(st.core);
    const created = await hq.service.createStation({ code: 'SY-NJ-002', name: '新村警务室', district: '宁江区' });
    const ask = { code: created.enrolmentCode, stationId: uuid, stationCode: 'SY-NJ-002', stationName: '新村警务室' };
    const lost = await hq.service.enrol(ask);
    // another machine that learnt the code cannot take the station over, nor learn it was spent
    await expect(hq.service.enrol({ ...ask, stationId: '0190aaaa-0000-7000-8000-0000000000ff' })).rejects.toMatchObject({ code: 'enrolmentCodeInvalid' });
    const retried = await hq.service.enrol({ ...ask, code: created.enrolmentCode.toLowerCase() });
    expect(retried).toMatchObject({ key: lost.key, code: 'SY-NJ-002' });
    expect(retried.secret).not.toBe(lost.secret);
    await expect(hq.service.authenticate(lost.key, lost.secret)).rejects.toMatchObject({ code: 'badCredential' });
    expect(await hq.service.authenticate(retried.key, retried.secret)).toMatchObject({ stationUuid: uuid });
    await expect(hq.service.enrol(ask)).rejects.toMatchObject({ code: 'enrolmentCodeInvalid' });
  });

  /** A walk-in served and finished (what a retention purge removes once its time is up). */
  const finished = async (st: TestStation, name: string): Promise<string> => {
    const call = (method: string, input: unknown) => ok(st.core.call(method, input, { token: st.token }));
    const w = await call('intake.register', walkIn({ visitorName: name, purpose: 'consultation', route: 'office' }));
    await call('intake.setStatus', { id: w.id, status: 'serving' });
    return (await call('intake.setStatus', { id: w.id, status: 'done' })).id as string;
  };
  const purge = async (st: TestStation) => {
    const p = await ok<PurgePreview>(st.core.call('retention.preview', {}, { token: st.token }));
    const expected = Object.fromEntries(p.kinds.map((k) => [k.kind, k.count]));
    await ok(st.core.call('retention.purge', { asOf: p.asOf, expected, password: HEAD.password }, { token: st.token }));
  };
  const expectGoneAtHq = async (hq: Awaited<ReturnType<typeof world>>['hq'], st: TestStation, names: string[]) => {
    const uuid = await stationUuid(st.core);
    expect(await hqRows(hq.db, uuid)).toEqual(await stationRows(st.core));
    const payloads = JSON.stringify(await hqPayloads(hq.db, `"stationId" = ?`, [uuid]));
    for (const name of names) expect(payloads).not.toContain(name);
  };

  it('HQ restored from a backup older than the station keeps: rows the station purged since do not come back', async () => {
    const { hq, st } = await world('2022-03-01T02:00:00Z');
    await enrol(st, hq);
    // acknowledged changes are dropped at once: any restore of HQ is older than the station keeps
    await ok(st.core.call('sync.settings', { enabled: true, retentionDays: 0 }, { token: st.token }));
    await finished(st, '周一');
    await finished(st, '吴二');
    await st.core.sync.round();
    const backup = await dumpHq(hq.db);
    await travel(st, '2026-11-28T02:00:00Z');
    await finished(st, '王四');
    await purge(st);
    await st.core.sync.round();
    await expectGoneAtHq(hq, st, ['周一', '吴二']);
    // last night's backup still holds the purged visitors
    await restoreHq(hq.db, backup);
    await st.core.sync.round();
    await expectGoneAtHq(hq, st, ['周一', '吴二']);
    // the page says why every record went up again
    const after = await status(st);
    expect(after).toMatchObject({ backlog: 0, lastError: null, notice: { key: 'requeued', n: (await stationRows(st.core)).length } });
    // and ordinary sync goes on from there
    await finished(st, '郑三');
    await st.core.sync.round();
    await expectGoneAtHq(hq, st, ['周一', '吴二']);
  });

  it('deletes queued while HQ was unreachable survive the re-queue after HQ was restored', async () => {
    const { hq, st } = await world('2022-03-01T02:00:00Z');
    await enrol(st, hq);
    await ok(st.core.call('sync.settings', { enabled: true, retentionDays: 0 }, { token: st.token }));
    await finished(st, '周一');
    await st.core.sync.round();
    const backup = await dumpHq(hq.db);
    await finished(st, '吴二');
    await st.core.sync.round();
    await travel(st, '2026-11-28T02:00:00Z');
    // purged while the link is down: the deletes wait in the outbox
    await purge(st);
    expect((await status(st)).backlog).toBeGreaterThan(0);
    await restoreHq(hq.db, backup);
    await st.core.sync.round();
    await expectGoneAtHq(hq, st, ['周一', '吴二']);
    expect(await status(st)).toMatchObject({ backlog: 0, lastError: null });
  });

  /** Polls a condition the app itself exposes until it holds (the machine may be loaded: a long limit). */
  const waitFor = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  /** The round that stored the rows at HQ has finished at the station (acknowledged, downloaded, recorded). */
  const settled = (st: TestStation) =>
    waitFor(async () => {
      const s = await status(st);
      return s.backlog === 0 && s.online && !s.running;
    });

  /** A station whose background loop runs through a proxy that can cut the link; a back-off of minutes after a failure. */
  const offlineWorld = async (timing: Partial<SyncTiming>) => {
    const { hq, st } = await world();
    const proxy = new FaultyProxy(() => Number(new URL(hq.url).port));
    await proxy.listen();
    cleanup.push(() => proxy.close());
    await enrol(st, { url: proxy.url, service: hq.service });
    (st.core.sync as unknown as { timing: SyncTiming }).timing = { ...DEFAULT_TIMING, baseBackoffMs: 5 * 60_000, ...timing };
    st.core.sync.start();
    const uuid = await stationUuid(st.core);
    const atHq = async () => JSON.stringify(await hqRows(hq.db, uuid)) === JSON.stringify(await stationRows(st.core));
    await waitFor(atHq);
    // the link goes down; a walk-in is registered and its round fails
    proxy.mode = 'refuse';
    proxy.cutAll();
    await finished(st, '断网时');
    await waitFor(async () => (await status(st)).online === false);
    return { hq, st, proxy, atHq };
  };

  it('the station sends its backlog within seconds of HQ becoming reachable, not when a back-off of minutes ends', async () => {
    const { st, proxy, atHq } = await offlineWorld({});
    await finished(st, '仍断网');
    expect(await atHq()).toBe(false);
    proxy.mode = 'pass';
    const back = Date.now();
    await waitFor(atHq);
    expect(Date.now() - back).toBeLessThan(5_000);
    await settled(st);
    expect(await status(st)).toMatchObject({ online: true, backlog: 0, lastError: null });
  });

  it('a write after the link returned is sent at once', async () => {
    // probes far apart: only the write can have started the round
    const { st, proxy, atHq } = await offlineWorld({ probeMs: 10 * 60_000 });
    proxy.mode = 'pass';
    await finished(st, '恢复后');
    await waitFor(atHq);
    await settled(st);
    expect(await status(st)).toMatchObject({ online: true, backlog: 0 });
  });

  it('an upload whose answer was cut after HQ stored it: the retry says HQ had it, and nothing goes twice', async () => {
    const { hq, st } = await world();
    await enrol(st, hq);
    const uuid = await stationUuid(st.core);
    await finished(st, '周一');
    await finished(st, '吴二');
    const queued = (await status(st)).backlog;
    expect(queued).toBeGreaterThan(0);
    // HQ stores the batch; its answer is lost on the way back
    const client = st.core.sync as unknown as { fetchFn: typeof fetch };
    const real = client.fetchFn;
    client.fetchFn = async (url, init) => {
      const res = await real(url, init);
      if (String(url).includes('/sync/v1/push')) {
        client.fetchFn = real;
        throw new TypeError('fetch failed');
      }
      return res;
    };
    const received = async () =>
      Number((await hq.db.rows<{ n: unknown }>(`SELECT "rowsReceived" AS "n" FROM "hq_station" WHERE "stationUuid" = ?`, [uuid]))[0].n);
    await expect(st.core.sync.round()).rejects.toMatchObject({ key: 'offline' });
    expect(await hqRows(hq.db, uuid)).toEqual(await stationRows(st.core));
    const stored = await received();
    expect(await status(st)).toMatchObject({ online: false, backlog: queued, notice: null });
    await st.core.sync.round();
    expect(await status(st)).toMatchObject({ online: true, backlog: 0, lastError: null, notice: { key: 'answerLost', n: queued } });
    expect(await received()).toBe(stored);
  });

  it('a station clock ten years ahead: the station knows it, HQ keeps its own receive time and counts the walk-ins on the day it received them', async () => {
    const { hq, st } = await world('2036-11-28T02:00:00Z', '2026-11-28T03:00:00Z');
    await enrol(st, hq);
    const uuid = await stationUuid(st.core);
    const id = await finished(st, '周一');
    await st.core.sync.round();
    const s = await status(st);
    expect(s.clockSkewMs).toBeGreaterThan(5 * 60_000);
    // the station dated it in 2036; HQ's own time of arrival sits beside it in a clear column
    const [row] = await hq.db.rows<{ day: string; firstReceivedAt: string }>(`SELECT "day", "firstReceivedAt" FROM "hq_row" WHERE "rowId" = ?`, [id]);
    expect(row).toEqual({ day: '2036-11-28', firstReceivedAt: '2026-11-28T03:00:00.000Z' });
    const overview = await hq.service.overview('2026-11-28', '2026-11-28');
    expect(overview.stations.find((x) => x.stationUuid === uuid)).toMatchObject({ walkInTotal: 1 });
    expect(overview.totals).toMatchObject({ walkInTotal: 1 });
  });
});
