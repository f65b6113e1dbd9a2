import { loadExcel } from '../excel.js';
import type { EntityManager } from 'typeorm';
import type { Who } from '../context.js';
import { buildingChart } from './chart.service.js';
import { listUnits } from './house.service.js';
import { workbookBase64 } from './import.service.js';
import { RESIDENT_CODED as CODED, type CodedField } from '../../shared/collection/model.js';
import { listResidents } from './resident.service.js';

/** A coded value as the sheet shows it: the name of its code in the standard's list. */
const codedCell = (f: CodedField, code: string | null) => (code ? (f.codes.find((c) => c.code === code)?.zh ?? code) : '');

const ZH: Record<string, Record<string, string>> = {
  category: { registered: '户籍', resident: '常住', floating: '流动', foreign: '境外' },
  sex: { male: '男', female: '女' },
  verification: { unverified: '未核实', verified: '已核实', disputed: '有疑问' },
  source: { police: '民警采集', gridWorker: '网格员采集' },
  state: { verified: '已核实', collected: '已采集', rented: '出租', vacant: '空置', notCollected: '未采集' },
};

/**
 * A list as a workbook for the grid or HQ. Identifiers are masked as on screen: a file leaves the
 * station, and a full ID list in it is exactly what must not.
 */
export const exportList = async (manager: EntityManager, w: Who, list: 'residents' | 'units' | 'rooms', addressId: string | null) => {
  const workbook = new (await loadExcel()).Workbook();
  const stamp = w.now.toISOString().slice(0, 10);
  if (list === 'residents') {
    const ws = workbook.addWorksheet('实有人口');
    ws.addRow(['姓名', '性别', '年龄', '证件号码', '联系电话', '人员类别', '现住址', '核实状态', '来源', ...CODED.map(([, f]) => f.label.zh)]).font = { bold: true };
    for (const r of await listResidents(manager, w, { addressId, includeMovedOut: false, limit: 500_000 }))
      ws.addRow([r.name, r.sex ? ZH.sex[r.sex] : '', r.age ?? '', r.idNumberMasked ?? '', r.phoneMasked ?? '', ZH.category[r.category], r.addressText ?? '', ZH.verification[r.verification], ZH.source[r.source], ...CODED.map(([k, f]) => codedCell(f, r[k]))]);
  } else if (list === 'units') {
    const ws = workbook.addWorksheet('实有单位');
    ws.addRow(['单位名称', '统一社会信用代码', '法定代表人', '内保负责人', '地址', '从业人数']).font = { bold: true };
    for (const u of await listUnits(manager, { addressId, limit: 100_000 }))
      ws.addRow([u.name, u.creditCode, u.legalRepresentative, u.securityOfficer ?? '', u.addressText ?? '', u.employees ?? '']);
  } else {
    const ws = workbook.addWorksheet('房间');
    ws.addRow(['单元', '楼层', '房间', '状态', '人数', '已核实']).font = { bold: true };
    if (addressId) {
      const chart = await buildingChart(manager, addressId);
      for (const u of chart.units) for (const f of u.floors) for (const r of f.rooms) ws.addRow([u.name ?? '', f.name, r.name, ZH.state[r.state], r.residents, r.verified]);
    }
  }
  for (const ws of workbook.worksheets) ws.columns.forEach((c) => (c.width = 16));
  return { fileName: `${{ residents: '实有人口', units: '实有单位', rooms: '房间' }[list]}-${stamp}.xlsx`, data: await workbookBase64(workbook) };
};
