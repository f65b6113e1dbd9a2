import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/main/core.js';
import {
  FaultyProxy,
  dumpHq,
  enrol,
  enrolDirect,
  freePort,
  hqRows,
  killHard,
  newStore,
  restoreHq,
  spawnHq,
  startHq,
  stationRows,
  stationUuid,
  type Dialect,
} from '../helpers/hq.js';
import { ok, setUpStation, type TestStation } from '../helpers/station.js';

const ROOT = join(__dirname, '..', '..');

/** n rows at once through the outbox triggers (the desk's own writes are tested elsewhere). */
const bulkRows = async (st: { core: TestStation['core'] }, n: number, tag: string) => {
  const [{ id: stationId }] = await st.core.dataSource.query(`SELECT id FROM station`);
  const [{ id: staffId }] = await st.core.dataSource.query(`SELECT id FROM staff LIMIT 1`);
  await st.core.exclusive(() =>
    st.core.dataSource.transaction(async (m) => {
      for (let i = 0; i < n; i++) {
        const id = `0190${tag.padStart(4, '0').slice(-4)}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
        await m.query(
          `INSERT INTO directive_receipt (id, "stationId", "createdAt", "updatedAt", version, "directiveId", "staffId", "readAt") VALUES (?, ?, 'x', 'x', 1, ?, ?, 'x')`,
          [id, stationId, `d-${id}`, staffId],
        );
      }
    }),
  );
};

describe.each<Dialect>(['sqlite', 'postgres'])('sync under kill -9 (HQ on %s)', (dialect) => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('HQ killed mid-upload, again and again: after restarts HQ has every row once', async () => {
    const store = await newStore(dialect);
    cleanup.push(() => store.drop());
    const port = await freePort();
    let hq = await spawnHq(store, port);
    cleanup.push(() => killHard(hq.child));
    const st = await setUpStation();
    cleanup.push(() => st.close());
    // enrol through an in-process view of the same database
    const admin = await startHq(store);
    await enrol(st, { url: hq.url, service: admin.service });
    await bulkRows(st, 4000, 'a');
    for (const delay of [40, 120, 250]) {
      // the round fails when HQ dies under it; that failure is the point, not news
      const round = st.core.sync.round().catch(() => undefined);
      await new Promise((r) => setTimeout(r, delay));
      await killHard(hq.child);
      await round;
      hq = await spawnHq(store, port);
    }
    await st.core.sync.round();
    const uuid = await stationUuid(st.core);
    expect(await hqRows(admin.db, uuid)).toEqual(await stationRows(st.core));
    expect((await ok(st.core.call('sync.status', {}, { token: st.token }))).backlog).toBe(0);
    await admin.close();
  }, 120_000);

  it('the station killed mid-sync, again and again: nothing lost, nothing twice', async () => {
    const store = await newStore(dialect);
    cleanup.push(() => store.drop());
    const hq = await startHq(store);
    cleanup.push(() => hq.close());
    const st = await setUpStation();
    await enrol(st, hq);
    // reference data to download as well, so kills also land while a page is being applied
    for (let i = 0; i < 300; i++) await hq.service.publish('mediators', undefined, { name: `调解员${i}`, specialties: ['family'], organisation: null, phone: null, active: true }, 'admin');
    for (let i = 0; i < 900; i++) await hq.service.publish('directives', undefined, { title: `通知${i}`, body: '…' }, 'admin');
    const dir = st.dir;
    await st.core.close();
    for (const after of [1, 3, 6]) {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'syncWhileWriting.ts'), dir], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let rounds = 0;
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        createInterface({ input: child.stdout }).on('line', () => {
          // killed at once after some rounds: mid-write, mid-upload or mid-acknowledgement
          if (++rounds === after) setTimeout(() => child.kill('SIGKILL'), 5 + after * 7);
        });
        child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(err))));
      });
    }
    const core = await openCore({ dataDir: dir, logger: pino({ level: 'silent' }) });
    cleanup.push(() => core.close());
    await core.sync.round();
    const uuid = await stationUuid(core);
    const rows = await stationRows(core);
    expect(rows.length).toBeGreaterThan(100);
    expect(await hqRows(hq.db, uuid)).toEqual(rows);
    // every page arrived once, and each bucket's cursor is its last item
    const counts = await core.dataSource.query(`SELECT bucket, COUNT(*) AS n FROM sync_reference GROUP BY bucket ORDER BY bucket`);
    expect(counts).toEqual([
      { bucket: 'directives', n: 900 },
      { bucket: 'mediators', n: 300 },
    ]);
    expect((await core.dataSource.query(`SELECT COUNT(*) AS n FROM mediator WHERE origin = 'hq'`))[0].n).toBe(300);
    const cursors = await core.dataSource.query(`SELECT bucket, cursor FROM sync_cursor ORDER BY bucket`);
    expect(cursors).toEqual([
      { bucket: 'directives', cursor: 1200 },
      { bucket: 'mediators', cursor: 300 },
    ]);
  }, 120_000);
});

// Only on PostgreSQL: the embedded SQLite HQ is one process on one machine by design.
describe('HQ processes sharing PostgreSQL', () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('two HQ processes behind the balancer, taking alternate requests and the same batch at once', async () => {
    const store = await newStore('postgres');
    cleanup.push(() => store.drop());
    const a = await startHq(store);
    const b = await startHq(store);
    cleanup.push(() => a.close(), () => b.close());
    let turn = 0;
    // the balancer: every request to the other process than the last one
    const balanced: typeof fetch = (input, init) => {
      const url = String(input).replace(/:\d+\//, `:${turn++ % 2 === 0 ? a.port : b.port}/`);
      return fetch(url, init);
    };
    const st = await setUpStation();
    cleanup.push(() => st.close());
    (st.core.sync as unknown as { fetchFn: typeof fetch }).fetchFn = balanced;
    await enrol(st, a);
    const uuid = await stationUuid(st.core);
    for (let i = 0; i < 5; i++) {
      await bulkRows(st, 700, `b${i}`);
      await st.core.sync.round();
    }
    expect(await hqRows(b.db, uuid)).toEqual(await stationRows(st.core));

    // the same batch to both at the same moment: one applies it, the other finds it applied
    await bulkRows(st, 300, 'c');
    const [{ secret, hqKey, ackedSeq }] = await st.core.dataSource.query(`SELECT secret, "hqKey", "ackedSeq" FROM sync_state`);
    const { gzipSync } = await import('node:zlib');
    const entries = (await st.core.dataSource.query(`SELECT * FROM sync_outbox WHERE seq > ? ORDER BY seq`, [ackedSeq])).map(
      (r: { seq: number; tableName: string; rowId: string; op: string; version: number; payload: string }) => ({
        seq: r.seq,
        table: r.tableName,
        rowId: r.rowId,
        op: r.op,
        version: r.version,
        payload: JSON.parse(r.payload),
      }),
    );
    const body = gzipSync(JSON.stringify({ stationId: uuid, schemaVersion: 7, after: ackedSeq, count: entries.length, backlog: 0, sentAt: new Date().toISOString(), entries }));
    const send = (port: number) =>
      fetch(`http://127.0.0.1:${port}/sync/v1/push`, {
        method: 'POST',
        headers: { authorization: `Station ${hqKey}:${secret}`, 'content-type': 'application/gzip' },
        body,
      }).then((r) => r.json());
    const answers = await Promise.all([send(a.port), send(b.port)]);
    expect(answers.map((x) => x.applied).sort()).toEqual([0, 300]);
    expect(answers.map((x) => x.skipped).sort()).toEqual([0, 300]);
    await st.core.sync.round();
    expect(await hqRows(a.db, uuid)).toEqual(await stationRows(st.core));
  });
});

describe('sync under random faults', () => {
  it('any interleaving of writes, rounds, cuts, duplicates, HQ outages, restores and retention changes ends with HQ equal to the station', async () => {
    type Action =
      | { kind: 'write'; n: number }
      | { kind: 'round' }
      | { kind: 'mode'; mode: 'pass' | 'refuse' | 'cutResponse' | 'duplicate' }
      | { kind: 'backup' }
      | { kind: 'restore' }
      | { kind: 'retention'; days: number };
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), n: fc.integer({ min: 1, max: 30 }) }),
      fc.constant({ kind: 'round' as const }),
      fc.constant({ kind: 'round' as const }),
      fc.record({ kind: fc.constant('mode' as const), mode: fc.constantFrom('pass' as const, 'refuse' as const, 'cutResponse' as const, 'duplicate' as const) }),
      fc.constant({ kind: 'backup' as const }),
      fc.constant({ kind: 'restore' as const }),
      fc.record({ kind: fc.constant('retention' as const), days: fc.constantFrom(0, 30) }),
    );
    const store = await newStore('sqlite');
    const hq = await startHq(store);
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 14 }), async (actions) => {
          run += 1;
          const st = await setUpStation();
          const proxy = new FaultyProxy(() => hq.port);
          await proxy.listen();
          try {
            await enrolDirect(st, hq, `FC-${run}`);
            await st.core.dataSource.query(`UPDATE sync_state SET "hqUrl" = ?`, [proxy.url]);
            let backup: Awaited<ReturnType<typeof dumpHq>> | undefined;
            let w = 0;
            for (const a of actions) {
              if (a.kind === 'write') await bulkRows(st, a.n, `${run}${w++}`.slice(-4));
              else if (a.kind === 'round') await st.core.sync.round().catch(() => undefined);
              else if (a.kind === 'mode') {
                proxy.mode = a.mode;
                proxy.cutAll();
              } else if (a.kind === 'backup') backup = await dumpHq(hq.db);
              else if (a.kind === 'retention') await ok(st.core.call('sync.settings', { enabled: true, retentionDays: a.days }, { token: st.token }));
              else if (backup) await restoreHq(hq.db, backup);
            }
            proxy.mode = 'pass';
            proxy.cutAll();
            await st.core.sync.round();
            // a duplicate still in flight lands, and changes nothing
            await new Promise((r) => setTimeout(r, 50));
            const uuid = await stationUuid(st.core);
            expect(await hqRows(hq.db, uuid)).toEqual(await stationRows(st.core));
            expect((await ok(st.core.call('sync.status', {}, { token: st.token }))).backlog).toBe(0);
          } finally {
            await proxy.close();
            await st.close();
          }
        }),
        { numRuns: 20, seed: Number(process.env.SYNC_FC_SEED ?? 20261128) },
      );
    } finally {
      await hq.close();
      await store.drop();
    }
  }, 180_000);
});
