import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview } from '../../src/hq/service.js';
import { localDateTime } from '../../src/shared/time.js';
import { enrol, newStore, startHq, type HqStore, type TestHq } from '../helpers/hq.js';
import { ok, setUpStation, type TestStation } from '../helpers/station.js';
import { buildTree, person } from './collection.helpers.js';

describe('HQ overview: collection completeness and roster gaps as the stations count them, as CSV and Excel', () => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let viewer: string;

  beforeAll(async () => {
    store = await newStore('postgres');
    hq = await startHq(store);
    st = await setUpStation();
    await enrol(st, hq);
    await hq.service.addUser('viewer', 'Viewer-2026-hq', 'viewer');
    const res = await fetch(`${hq.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: 'Viewer-2026-hq' }),
    });
    viewer = (await res.json()).token;
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
  });

  const get = (path: string) => fetch(`${hq.url}${path}`, { headers: { authorization: `Bearer ${viewer}` } });

  it('shows each station’s own figures with totals, and exports them', async () => {
    const tree = await buildTree(st);
    await tree.call('collection.residentCreate', person({ addressId: null }));
    await tree.call('collection.residentCreate', person({ name: '李四', idNumber: undefined, idType: 'none', phone: null, addressId: null }));
    const own = await tree.call('collection.completeness', {});

    expect(await st.core.sync.refreshFigures()).toBe(2);
    // nothing changed since: nothing new to upload
    expect(await st.core.sync.refreshFigures()).toBe(0);
    await st.core.sync.round();

    const o: Overview = await (await get('/api/overview?from=2026-11-20&to=2026-11-30')).json();
    const mine = o.stations.find((s) => s.code === 'SY-NJ-001')!;
    expect(mine.collection).toMatchObject({
      rooms: own.totals.rooms,
      roomsCollected: own.totals.roomsCollected,
      people: 2,
      peopleVerified: own.totals.peopleVerified,
      faults: own.totals.faults,
    });
    expect(own.totals.faults).toBeGreaterThan(0);
    // no roster made for this month yet: said so, not counted as zero gaps
    expect(mine.roster).toMatchObject({ month: '2026-11', hasRoster: false });
    expect(o.totals.collection).toMatchObject({ people: 2, faults: own.totals.faults, reporting: 1 });
    expect(o.totals.roster).toMatchObject({ withoutRoster: 1, reporting: 1 });

    const csv = (await (await get('/api/overview.csv?from=2026-11-20&to=2026-11-30&lang=en')).text()).replace(/^\uFEFF/, '');
    const [head, line] = csv.split('\r\n');
    expect(head.split(',').slice(0, 19)).toEqual([
      'Station code', 'Station', 'District', 'Last sync', 'Backlog', 'Walk-ins', 'Mediation cases', 'Rooms', 'Rooms collected', 'Rooms collected %',
      'People', 'People verified', 'People verified %', 'Data faults', 'Roster month', 'Rostered', 'Days with gaps', 'Short shifts', 'People short',
    ]);
    // the last sync as the page shows it: the station's clock (China Standard Time here), to the minute
    expect(mine.timeZone).toBe('Asia/Shanghai');
    expect(line.split(',')[3]).toBe(localDateTime(mine.lastSyncAt!, 'Asia/Shanghai'));
    expect(line.split(',')[3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(line.split(',').slice(10, 16)).toEqual(['2', String(own.totals.peopleVerified), String(own.totals.peopleVerified * 50), String(own.totals.faults), '2026-11', 'no']);

    const res = await get('/api/overview.xlsx?from=2026-11-20&to=2026-11-30&lang=zh');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain('overview-2026-11-20-2026-11-30.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['警务室', '来访（按日）']);
    const sheet = book.getWorksheet('警务室')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('警务室编码');
    expect(sheet.getRow(2).getCell(1).value).toBe('SY-NJ-001');
    expect(sheet.getRow(2).getCell(4).value).toBe(localDateTime(mine.lastSyncAt!, 'Asia/Shanghai'));
    expect(sheet.getRow(2).getCell(11).value).toBe(2);
    expect(sheet.getRow(2).getCell(16).value).toBe('否');
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('合计');
    const days = book.getWorksheet('来访（按日）')!;
    expect(days.rowCount).toBe(1 + 11 + 1);
    expect((await fetch(`${hq.url}/api/overview.xlsx`)).status).toBe(401);
  });
  it('counts each station’s visitor ratings (好差评) of the period and how many were good', async () => {
    const call = (method: string, input: unknown) => st.core.call(method, input, { token: st.token });
    // a tablet the head paired for the rating screen
    const { id: tabletId } = await ok<{ id: string }>(call('pairing.start', { name: '评价平板', mode: 'rating' }));
    const tablet = { kind: 'terminal' as const, id: tabletId, name: '评价平板', address: '192.168.1.21', mode: 'rating' as const };
    for (const [name, level, reasons] of [
      ['张三', 'satisfied', []],
      ['李四', 'dissatisfied', ['longWait']],
    ] as const) {
      const { id } = await ok<{ id: string }>(call('intake.register', { visitorName: name, idType: 'none', purpose: 'certificate', route: 'office' }));
      await call('intake.setStatus', { id, status: 'serving' });
      await call('intake.setStatus', { id, status: 'done' });
      const rated = await st.core.call('intake.rate', { walkInId: id, level, reasons }, { client: tablet });
      expect(rated.ok).toBe(true);
    }
    await st.core.sync.round();
    const o: Overview = await (await get('/api/overview?from=2026-11-20&to=2026-11-30')).json();
    expect(o.stations.find((s) => s.code === 'SY-NJ-001')!.ratings).toEqual({ count: 2, satisfied: 1 });
    expect(o.totals.ratings).toEqual({ count: 2, satisfied: 1 });
  });
});
