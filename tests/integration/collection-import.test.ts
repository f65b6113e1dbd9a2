import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, setUpStation, sql, type TestStation } from '../helpers/station.js';
import { buildTree, idFor, numberOf, person, roomOf } from './collection.helpers.js';

const fullWidth = (s: string) => [...s].map((c) => (/[0-9A-Z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
const base64 = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');

const HEADERS = ['序号', '姓名', '公民身份号码', '联系电话', '民族', '现住址', '人员类别', '与户主关系', '来本地日期'];

/**
 * A grid worker's workbook as they come: a cover sheet first, then the people, with every bad case
 * of the spec — wrong check digits, an ID stored as a number, an address no one knows, two people
 * claiming one number, the same person twice, merged address cells, formulas, dates as numbers,
 * full-width digits and spaces inside ID numbers.
 */
const gridWorkbook = async (rooms: string[], goodRows: number, badEvery: number) => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').addRow(['请按模板填写，身份证号码列设为文本']);
  const ws = wb.addWorksheet('实有人口');
  ws.addRow(HEADERS);
  let bad = 0;
  for (let i = 0; i < goodRows; i++) {
    const uniqueId = numberOf(i);
    let idCell: ExcelJS.CellValue = uniqueId;
    let address = rooms[i % rooms.length];
    if (i % badEvery === 7) {
      bad += 1;
      if (bad % 3 === 0) idCell = uniqueId.slice(0, 17) + (uniqueId[17] === '1' ? '2' : '1');
      else if (bad % 3 === 1) address = '宁江区不存在路99号';
      else idCell = Number(uniqueId.slice(0, 17)) * 10; // Excel turned it into a number
    }
    ws.addRow([i + 1, `居民${i}`, idCell, `139${String(i).padStart(8, '0')}`, '汉族', address, '常住', '户主', '2024-03-01']);
  }
  return { wb, ws, bad };
};

describe('collection: importing a grid worker’s workbook', () => {
  let st: TestStation;
  let tree: Awaited<ReturnType<typeof buildTree>>;
  let rooms: string[];
  beforeAll(async () => {
    st = await setUpStation();
    tree = await buildTree(st);
    await tree.call('collection.batchRooms', { buildingId: tree.building.id, units: 2, floors: 6, roomsPerFloor: 4 });
    const chart = await tree.call('collection.chart', { buildingId: tree.building.id });
    rooms = chart.units.flatMap((u: any) => u.floors.flatMap((f: any) => f.rooms.map((r: any) => `繁荣小区3栋${u.name}${r.name}室`)));
  });
  afterAll(() => st.close());

  it('validates every row, names row, column and reason, and commits the rest in one go', async () => {
    const { wb, ws, bad } = await gridWorkbook(rooms, 2000, 16);
    // the special cases, appended
    const known = person({ addressId: await roomOf(st, tree.building.id, '1单元', '101'), phone: null });
    const existing = await tree.call('collection.residentCreate', known);
    const extra = [
      // row 2002: the same person as on record, with a phone the station lacked (filled) and another address (conflict)
      [2001, '张三', known.idNumber, '13911112222', '汉族', rooms[5], '常住', '户主', '2020-01-01'],
      // 2003: full-width digits and spaces inside the ID number, a date as an Excel serial day
      [2002, '孙八', `${fullWidth(idFor('220702', '19900303', 71).slice(0, 9))} ${idFor('220702', '19900303', 71).slice(9, 14)} ${idFor('220702', '19900303', 71).slice(14)}`, '', '满族', rooms[6], '流动', '', 45352],
      // 2004 and 2005: two people claiming one ID number
      [2003, '周九', idFor('220702', '19910404', 81), '', '汉族', rooms[7], '常住', '户主', ''],
      [2004, '吴十', idFor('220702', '19910404', 81), '', '汉族', rooms[8], '常住', '户主', ''],
      // 2006 and 2007: the same person twice (the second is dropped as a repeat)
      [2005, '郑一', idFor('220702', '19920505', 91), '', '汉族', rooms[9], '常住', '户主', ''],
      [2006, '郑一', idFor('220702', '19920505', 91), '', '汉族', rooms[9], '常住', '户主', ''],
      // 2008: a formula for the name; 2009–2010: a household under one merged address cell
      [2007, { formula: '"冯"&"二"', result: '冯二' }, idFor('220702', '19930606', 101), '', '汉族', rooms[10], '常住', '户主', ''],
      [2008, '陈三', idFor('220702', '19600707', 111), '', '汉族', rooms[11], '户籍', '户主', ''],
      [2009, '陈四', idFor('220702', '19620808', 122), '', '汉族', '', '户籍', '配偶', ''],
      // 2011: a bad phone and an unknown category
      [2010, '褚五', idFor('220702', '19700909', 131), '12345', '汉族', rooms[12], '路过', '', ''],
    ];
    for (const r of extra) ws.addRow(r);
    ws.mergeCells(`F${2009}:F${2010}`);
    const file = { fileName: '繁荣社区第三网格.xlsx', data: await base64(wb), source: '第三网格 李网格员' };

    const preview = await tree.call('collection.importPreview', file);
    expect(preview.sheets).toEqual(['填表说明', '实有人口']);
    expect(preview.sheet).toBe('实有人口'); // the cover sheet is skipped
    expect(preview.mapping).toMatchObject({ 姓名: 'name', 公民身份号码: 'idNumber', 现住址: 'address', 来本地日期: 'arrivedOn' });
    expect(preview.rows).toBe(2010);
    const problem = (row: number) => preview.problems.filter((p: any) => p.row === row).map((p: any) => `${p.column}:${p.key}`);
    expect(problem(9)).toEqual(['现住址:collection.import.unknownAddress']); // row 9 = the 8th person, the first bad one
    expect(problem(25)).toEqual(['公民身份号码:collection.import.idAsNumber']);
    expect(problem(41)).toEqual(['公民身份号码:idNumber.checksum']);
    expect(problem(2003)).toEqual([]);
    expect(problem(2004)).toEqual(['公民身份号码:collection.import.idClaimedTwice']);
    expect(problem(2005)).toEqual(['公民身份号码:collection.import.idClaimedTwice']);
    expect(problem(2007)).toEqual(['公民身份号码:collection.import.duplicateInFile']);
    expect(problem(2011).sort()).toEqual(['人员类别:invalidOption', '联系电话:phone.mobile']);
    expect(preview.problems.find((p: any) => p.row === 2007).params).toEqual({ row: 2006 });
    expect(preview.counts).toEqual({ new: 2000 - bad + 5, updated: 1, unchanged: 0, rejected: bad + 4 });
    expect(preview.conflicts).toEqual([
      {
        row: 2002,
        residentId: existing.id,
        name: '张三',
        fields: expect.arrayContaining([
          { field: 'address', current: '宁江区繁荣路18号繁荣小区3栋1单元101室', incoming: `宁江区繁荣路18号${rooms[5]}` },
          { field: 'category', current: 'registered', incoming: 'resident' },
        ]),
      },
    ]);
    // previewing writes nothing
    expect((await sql(st, `SELECT COUNT(*) AS n FROM resident`))[0]).toEqual({ n: 1 });

    const result = await tree.call('collection.importCommit', { ...file, takeIncoming: [] });
    expect(result.counts).toEqual({ new: 2000 - bad + 5, updated: 1, unchanged: 0, rejected: bad + 4 });
    const [count] = await sql(st, `SELECT COUNT(*) AS n FROM resident WHERE cancelledAt IS NULL`);
    expect(count).toEqual({ n: 1 + 2000 - bad + 5 });

    // the station's values win a conflict unless chosen; what it lacked is filled
    const zhang = await tree.call('collection.residentGet', { id: existing.id });
    expect(zhang).toMatchObject({ phoneMasked: '139****2222', addressText: '宁江区繁荣路18号繁荣小区3栋1单元101室', category: 'registered', arrivedOn: '2020-01-01' });
    expect(zhang.history[0]).toMatchObject({ kind: 'import', changes: { phone: [null, '139****2222'], arrivedOn: [null, '2020-01-01'] } });

    const [sun] = await sql<any>(st, `SELECT * FROM resident WHERE name = '孙八'`);
    expect(sun).toMatchObject({ idNumber: idFor('220702', '19900303', 71), arrivedOn: '2024-03-01', category: 'floating', source: 'gridWorker', birthDate: '1990-03-03' });
    const chen = await sql<any>(st, `SELECT name, addressId FROM resident WHERE name IN ('陈三', '陈四') ORDER BY name`);
    expect(chen[0].addressId).toBe(chen[1].addressId); // the merged cell gave both the address
    expect((await sql<any>(st, `SELECT name FROM resident WHERE idNumber = ?`, [idFor('220702', '19930606', 101)]))[0].name).toBe('冯二');

    // the rejected rows come back as a workbook with the reason beside each
    const rejects = await tree.call('collection.importRejects', file);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(rejects.data, 'base64') as unknown as ArrayBuffer);
    const sheet = back.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, '原行号', ...HEADERS, '原因']);
    expect(sheet.rowCount).toBe(1 + bad + 4);
    expect(sheet.getRow(2).getCell(1).value).toBe(9);
    expect(sheet.getRow(2).getCell(HEADERS.length + 2).value).toBe('【现住址】地址在本警务室的标准地址中找不到');
    expect(String(sheet.getRow(3).getCell(HEADERS.length + 2).value)).toContain('【公民身份号码】身份证号码被 Excel 存成了数字');

    // a second import of the same file changes nothing, and the mapping is remembered for the source
    const again = await tree.call('collection.importPreview', { ...file, data: await base64(wb) });
    expect(again.counts).toMatchObject({ new: 0, updated: 1, unchanged: 2000 - bad + 5 });
    expect(again.mappingRemembered).toBe(true);
  }, 120_000);

  it('takes the incoming value of a conflict when the row is chosen', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['姓名', '身份证号', '地址', '人员类别']);
    ws.addRow(['张三', person().idNumber, rooms[5], '常住']);
    const file = { fileName: 'one.xlsx', data: await base64(wb), source: '第三网格 李网格员' };
    const preview = await tree.call('collection.importPreview', file);
    expect(preview.conflicts[0].row).toBe(2);
    await tree.call('collection.importCommit', { ...file, takeIncoming: [2] });
    const [p] = await sql<any>(st, `SELECT r.category, a.fullText FROM resident r JOIN address_node a ON a.id = r.addressId WHERE r.name = '张三'`);
    expect(p).toEqual({ category: 'resident', fullText: `宁江区繁荣路18号${rooms[5]}` });
  });

  it('commits nothing when the commit fails half-way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['姓名', '身份证号', '地址']);
    for (let i = 0; i < 50; i++) ws.addRow([`半途${i}`, idFor('220721', '19800101', 200 + i), rooms[i % rooms.length]]);
    const before = await sql(st, `SELECT (SELECT COUNT(*) FROM resident) AS people, (SELECT COUNT(*) FROM sync_outbox) AS outbox`);
    // the 30th insert fails, as a full disk or a killed process would stop it
    await st.core.dataSource.query(`CREATE TRIGGER stop_half_way BEFORE INSERT ON resident WHEN NEW.name = '半途29' BEGIN SELECT RAISE(ABORT, 'stopped'); END`);
    const r = await st.core.call('collection.importCommit', { fileName: 'half.xlsx', data: await base64(wb), source: 'x' }, { token: st.token });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INTERNAL');
    await st.core.dataSource.query(`DROP TRIGGER stop_half_way`);
    expect(await sql(st, `SELECT (SELECT COUNT(*) FROM resident) AS people, (SELECT COUNT(*) FROM sync_outbox) AS outbox`)).toEqual(before);
  });

  it('creates the addresses a sheet names that the tree lacks, with the people, in the same commit', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['姓名', '身份证号', '地址']);
    ws.addRow(['新址一', idFor('220781', '19810101', 11), '繁荣小区3栋2单元901']); // floor 9 and its room are new
    ws.addRow(['新址二', idFor('220781', '19810101', 21), '繁荣小区5栋1单元301']); // a new building, unit, floor and room
    ws.addRow(['新址三', idFor('220781', '19810101', 31), '繁荣小区5栋1单元301']); // the same new room: created once
    ws.addRow(['旧址', idFor('220781', '19810101', 41), '繁荣小区3栋1单元102']); // on record, written without 室
    ws.addRow(['不到房间', idFor('220781', '19810101', 51), '繁荣小区3栋']);
    ws.addRow(['无处', idFor('220781', '19810101', 61), '宁江区幸福小区3栋2单元501']); // a 小区 needs its street known
    const file = { fileName: 'new.xlsx', data: await base64(wb), source: 'new addresses' };
    const preview = await tree.call('collection.importPreview', file);
    expect(preview.counts).toEqual({ new: 4, updated: 0, unchanged: 0, rejected: 2 });
    expect(preview.newAddresses).toEqual({ count: 2, rows: 3, sample: ['繁荣小区3栋2单元901', '繁荣小区5栋1单元301'] });
    expect(preview.problems.map((p: any) => `${p.row}:${p.key}`)).toEqual(['6:collection.import.notRoom', '7:collection.import.unknownAddress']);
    const nodesBefore = (await sql<any>(st, `SELECT COUNT(*) AS n FROM address_node`))[0].n;
    const result = await tree.call('collection.importCommit', { ...file, takeIncoming: [] });
    expect(result).toEqual({ counts: { new: 4, updated: 0, unchanged: 0, rejected: 2 }, addressesCreated: 6 });
    expect((await sql<any>(st, `SELECT COUNT(*) AS n FROM address_node`))[0].n).toBe(nodesBefore + 6);
    const where = await sql<any>(st, `SELECT r.name, a.fullText, a.kind FROM resident r JOIN address_node a ON a.id = r.addressId WHERE r.name IN ('新址一', '新址二', '新址三', '旧址') ORDER BY r.name`);
    expect(where).toEqual([
      { name: '新址一', fullText: '宁江区繁荣路18号繁荣小区3栋2单元901室', kind: 'room' },
      { name: '新址三', fullText: '宁江区繁荣路18号繁荣小区5栋1单元301室', kind: 'room' },
      { name: '新址二', fullText: '宁江区繁荣路18号繁荣小区5栋1单元301室', kind: 'room' },
      { name: '旧址', fullText: '宁江区繁荣路18号繁荣小区3栋1单元102室', kind: 'room' },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)));
    // the new building is drawn on its chart like any other, and the new nodes go to the outbox too
    const building = (await sql<any>(st, `SELECT id FROM address_node WHERE kind = 'building' AND name = '5栋'`))[0];
    const chart = await tree.call('collection.chart', { buildingId: building.id });
    expect(chart.units[0].floors[0].rooms[0]).toMatchObject({ name: '301', residents: 2 });
    expect((await sql<any>(st, `SELECT COUNT(*) AS n FROM sync_outbox WHERE tableName = 'address_node' AND rowId = ?`, [building.id]))[0].n).toBe(1);
  });

  it('reports its progress while it runs, and a commit cancelled half-way writes nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['姓名', '身份证号', '地址']);
    for (let i = 0; i < 12_000; i++) {
      const birth = new Date(Date.UTC(1950, 0, 1) + (i % 10_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      ws.addRow([`取消${i}`, idFor('220722', birth, 500 + Math.floor(i / 10_000)), rooms[i % rooms.length]]);
    }
    const data = await base64(wb);
    const call = (method: string, input: unknown) => ok<any>(st.core.call(method, input, { token: st.token }));
    // the preview reads the file in a worker: meanwhile the core answers at once and the progress moves
    const ticket = crypto.randomUUID();
    const seen = new Set<string>();
    let slowest = 0;
    let previewDone = false;
    const preview = call('collection.importPreview', { fileName: 'cancel.xlsx', data, source: 'cancel', ticket }).finally(() => (previewDone = true));
    while (!previewDone) {
      const t = performance.now();
      const p = await call('collection.importProgress', { ticket });
      slowest = Math.max(slowest, performance.now() - t);
      if (p) seen.add(p.phase);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await preview).counts.new).toBe(12_000);
    expect(seen.has('read') || seen.has('check')).toBe(true);
    expect(slowest).toBeLessThan(1000);

    const before = await sql(st, `SELECT (SELECT COUNT(*) FROM resident) AS people, (SELECT COUNT(*) FROM sync_outbox) AS outbox`);
    const commitTicket = crypto.randomUUID();
    let cancelledAt: number | null = null;
    let settled = false;
    const commit = st.core.call('collection.importCommit', { fileName: 'cancel.xlsx', data, source: 'cancel', ticket: commitTicket }, { token: st.token }).finally(() => (settled = true));
    while (!settled && cancelledAt === null) {
      const p = await call('collection.importProgress', { ticket: commitTicket });
      if (p?.phase === 'write' && p.done > 0) {
        cancelledAt = p.done;
        // another user cannot stop it; its own user can
        expect(await call('collection.importCancel', { ticket: commitTicket })).toEqual({ cancelled: true });
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(cancelledAt).not.toBeNull();
    const r = await commit;
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'collection.import.cancelled' } });
    expect(await sql(st, `SELECT (SELECT COUNT(*) FROM resident) AS people, (SELECT COUNT(*) FROM sync_outbox) AS outbox`)).toEqual(before);
  }, 120_000);

  it('refuses what is not a workbook of people, with a clear reason', async () => {
    const call = (input: Record<string, unknown>) => st.core.call('collection.importPreview', { source: 'x', ...input }, { token: st.token });
    const keyOf = async (input: Record<string, unknown>) => {
      const r = await call(input);
      return r.ok ? 'ok' : `${r.error.key} ${JSON.stringify(r.error.params ?? {})}`;
    };
    expect(await keyOf({ fileName: 'photo.xlsx', data: Buffer.from('GIF89a not a workbook').toString('base64') })).toBe('collection.import.notExcel {}');
    expect(await keyOf({ fileName: 'old.xls', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]).toString('base64') })).toBe('collection.import.oldExcel {}');
    expect(await keyOf({ fileName: 'broken.xlsx', data: Buffer.from('PK\u0003\u0004 broken zip').toString('base64') })).toBe('collection.import.notExcel {}');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('房屋').addRow(['房主', '地址']);
    expect(await keyOf({ fileName: 'houses.xlsx', data: await base64(wb) })).toBe('collection.import.missingColumn {"sheet":"房屋","fields":"name,idNumber"}');
    expect(await keyOf({ fileName: 'houses.xlsx', data: await base64(wb), sheet: '人口' })).toBe('collection.import.noSheet {"sheet":"人口"}');
  });

  it('reads CSV saved by a Chinese Excel (GB18030) as well as UTF-8', async () => {
    const text = `\uFEFF姓名,身份证号,地址\r\n"蒋六",${idFor('220722', '19750101', 301)},"${rooms[3]}"\r\n`;
    const utf8 = await ok<any>(st.core.call('collection.importPreview', { fileName: 'a.csv', data: Buffer.from(text).toString('base64'), source: 'csv' }, { token: st.token }));
    expect(utf8.counts).toMatchObject({ new: 1, rejected: 0 });
    // the same headers in GB18030 bytes: 姓名 D0D5 C3FB, 身份证号 C9ED B7DD D6A4 BAC5, 地址 B5D8 D6B7
    const gbBytes = Buffer.concat([
      Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0xb5, 0xd8, 0xd6, 0xb7]),
      Buffer.from(`\r\nLi Lei,${idFor('220722', '19750101', 311)},nowhere\r\n`),
    ]);
    const gb = await ok<any>(st.core.call('collection.importPreview', { fileName: 'b.csv', data: gbBytes.toString('base64'), source: 'csv2' }, { token: st.token }));
    expect(gb.headers).toEqual(['姓名', '身份证号', '地址']);
    expect(gb.problems).toEqual([{ row: 2, column: '地址', key: 'collection.import.unknownAddress' }]);
  });

  it('exports a list to a workbook with identifiers masked', async () => {
    const out = await tree.call('collection.export', { list: 'residents', addressId: tree.building.id });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.data, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('姓名');
    const ids = ws.getColumn(4).values.slice(2) as string[];
    expect(ids.length).toBeGreaterThan(1000);
    for (const id of ids) expect(id).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  });
});
