import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATION_PROFILE, residentId } from '../helpers/station.js';
import { chooseOption } from './antd.js';
import { freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';
import { openZoneTool } from './menu.js';

/** 220702 (宁江区) + 1985-03-12 + 011: a man. */
const GOOD_ID = residentId('22070219850312011');
const BAD_ID = GOOD_ID.slice(0, 17) + (GOOD_ID[17] === '1' ? '2' : '1');

/** Adds a child to the selected node through its form and waits until the new node is selected. */
const addChild = async (page: Page, kind: string, name: string, extra: { grid?: string; code?: string } = {}) => {
  await page.getByTestId('node-add').click();
  const form = page.getByTestId('node-form');
  await chooseOption(page, 'node-kind', kind);
  await form.getByTestId('node-name').fill(name);
  if (extra.code) await form.getByTestId('node-code').fill(extra.code);
  if (extra.grid) await form.getByTestId('node-grid').fill(extra.grid);
  await page.getByTestId('node-form-submit').click();
  await expect(page.getByTestId('node-title')).toContainText(name);
};

const pdfText = async (page: Page, path: string) => {
  await expect(page.locator('[data-print-ready="true"]')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  writeFileSync(path, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.emulateMedia({ media: 'screen' });
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
};

/**
 * A grid worker's workbook: three good people, one at a room the tree lacks (floor 19 of an
 * 18-floor building: created with the import), and two bad rows (a wrong check digit, an address
 * under no known street).
 */
const gridWorkbook = async (path: string, fixed: boolean) => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('实有人口');
  ws.addRow(['姓名', '公民身份号码', '联系电话', '现住址', '人员类别']);
  const liSi = residentId('22070219900101021');
  ws.addRow(['李四', liSi, '13800001111', '繁荣小区3栋1单元1802室', '常住']);
  ws.addRow(['王五', residentId('22070219700505031'), '', '繁荣小区3栋2单元301室', '流动']);
  ws.addRow(['赵六', residentId('22070219800808041'), '', '繁荣小区3栋2单元302室', '户籍']);
  const qian = residentId('22070219601010051');
  ws.addRow(['钱七', fixed ? qian : qian.slice(0, 17) + (qian[17] === '1' ? '2' : '1'), '', '繁荣小区3栋1单元101室', '常住']);
  ws.addRow(['孙八', residentId('22070219551111062'), '', '幸福小区1栋101室', '常住']);
  ws.addRow(['周九', residentId('22070219880808071'), '', '繁荣小区3栋2单元1901', '流动']);
  await wb.xlsx.writeFile(path);
};

test('address tree → 18×4×2 rooms → resident with a wrong then corrected ID → chart → grid workbook with a new address → pinyin search → sheet and notice as PDF', async ({ page }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-e2e-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  try {
    // a set-up station (setup itself is the front-desk test's subject), then a login through the page
    await setUpAndLogIn(page, page.request, server);

    // the address tree: division → street → door → 小区 → building
    await openZoneTool(page, '采集区', '一标三实');
    await page.getByTestId('tree-add-root').click();
    await page.getByTestId('node-form').getByTestId('node-name').fill('宁江区');
    await page.getByTestId('node-form').getByTestId('node-code').fill('220702');
    await page.getByTestId('node-form-submit').click();
    await expect(page.getByTestId('node-title')).toContainText('宁江区');
    await addChild(page, '街路巷', '繁荣路');
    await addChild(page, '门牌号', '18号');
    await addChild(page, '小区', '繁荣小区', { grid: '第三网格' });
    await addChild(page, '楼栋', '3栋');
    await expect(page.getByTestId('node-title')).toHaveText('楼栋：宁江区繁荣路18号繁荣小区3栋');

    // 18 floors × 4 rooms per floor × 2 units
    await page.getByTestId('node-batch').click();
    await expect(page.getByTestId('batch-preview')).toContainText('共 144 间');
    await page.getByTestId('batch-form-submit').click();
    const chart = page.getByTestId('building-chart');
    await expect(chart.getByTestId('chart-room-1单元-1801')).toHaveAttribute('data-state', 'notCollected');
    await expect(chart.locator('[data-testid^="chart-room-"]')).toHaveCount(144);
    await expect(page.getByTestId('chart-legend')).toContainText('未采集 144');

    // a resident of 1801: a wrong check digit is refused at the field, the corrected number gives birth date and sex
    await chart.getByTestId('chart-room-1单元-1801').click();
    await expect(page.getByTestId('node-title')).toHaveText('房间：宁江区繁荣路18号繁荣小区3栋1单元1801室');
    await page.getByTestId('room-add-resident').click();
    const form = page.getByTestId('resident-form');
    await form.getByTestId('resident-name').fill('张三');
    await form.getByTestId('resident-idNumber').fill(BAD_ID);
    await form.getByTestId('resident-ethnicity').fill('汉族');
    await form.getByTestId('resident-phone').fill('13912345678');
    await page.getByTestId('resident-form-submit').click();
    await expect(form).toContainText('身份证号码校验位错误');
    await form.getByTestId('resident-idNumber').fill(GOOD_ID);
    await expect(form.getByTestId('id-info')).toHaveText('1985-03-12 出生，男');
    await page.getByTestId('resident-form-submit').click();
    await expect(form).toBeHidden();
    const residents = page.getByTestId('room-residents');
    await expect(residents).toContainText('张三');
    await expect(residents).toContainText(`2207**********${GOOD_ID.slice(-4)}`);
    await expect(residents).not.toContainText(GOOD_ID);
    await expect(residents).toContainText('139****5678');

    // the chart shows the room collected
    await page.getByTestId('node-open-chart').click();
    await expect(page.getByTestId('building-chart').getByTestId('chart-room-1单元-1801')).toHaveAttribute('data-state', 'collected');

    // a grid worker's workbook with two bad rows: checked, imported without them, one fixed and imported again
    const book = testInfo.outputPath('grid.xlsx');
    await gridWorkbook(book, false);
    await page.getByRole('tab', { name: '网格员数据导入' }).click();
    await page.getByTestId('import-source').fill('第三网格 李网格员');
    await page.getByTestId('import-file').setInputFiles(book);
    // the check's request held on its way to the core, as a busy PC holds it: the page shows the
    // progress from the click on, not nothing until the core answers
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let passed!: Promise<void>;
    await page.route(
      '**/api/collection.importPreview',
      (route) => {
        passed = held.then(() => route.continue());
        return passed;
      },
      { times: 1 },
    );
    await page.getByTestId('import-preview').click();
    await expect(page.getByTestId('import-progress')).toContainText('发送文件');
    release();
    await passed;
    await expect(page.getByTestId('import-counts')).toHaveText('共 6 行：新增 4，更新 0，无变化 0，不能导入 2');
    await expect(page.getByTestId('import-new-addresses')).toContainText('1 个地址不在标准地址中，导入时新建（1 行）');
    await expect(page.getByTestId('import-new-addresses')).toContainText('繁荣小区3栋2单元1901');
    const problems = page.getByTestId('import-problems');
    await expect(problems.locator('tr', { hasText: '身份证号码校验位错误' })).toContainText('5');
    await expect(problems.locator('tr', { hasText: '地址在本警务室的标准地址中找不到' })).toContainText('现住址');
    await page.getByTestId('import-commit').click();
    await expect(page.getByTestId('import-done')).toContainText('新增 4');
    await expect(page.getByTestId('import-done')).toContainText('新建地址 2 个'); // floor 19 and its room
    await gridWorkbook(book, true);
    await page.getByTestId('import-file').setInputFiles(book);
    await page.getByTestId('import-preview').click();
    await expect(page.getByTestId('import-counts')).toHaveText('共 6 行：新增 1，更新 0，无变化 4，不能导入 1');
    await expect(page.getByTestId('import-new-addresses')).toBeHidden();
    await expect(page.getByText('已套用该来源上次的列对应')).toBeVisible();
    await page.getByTestId('import-commit').click();
    await expect(page.getByTestId('import-done')).toContainText('新增 1');

    // search by pinyin initials
    await page.getByRole('tab', { name: '查询' }).click();
    await page.getByTestId('collection-search').fill('ls');
    await expect(page.getByTestId('search-results')).toContainText('李四');
    await page.getByTestId('collection-search').fill('zhangsan');
    await expect(page.getByTestId('search-results')).toContainText('张三');
    await page.getByTestId('collection-search').fill('zj');
    await expect(page.getByTestId('search-results')).toContainText('宁江区繁荣路18号繁荣小区3栋2单元1901室');

    // the building chart as the door-to-door sheet, in a PDF whose text a reader can search
    await page.getByRole('tab', { name: '标准地址' }).click();
    await page.getByTestId('tree-node-宁江区').getByRole('img').first().click();
    await page.getByTestId('tree-node-繁荣路').getByRole('img').first().click();
    await page.getByTestId('tree-node-18号').getByRole('img').first().click();
    await page.getByTestId('tree-node-繁荣小区').getByRole('img').first().click();
    await page.getByTestId('tree-node-3栋').click();
    await expect(page.getByTestId('building-chart').getByTestId('chart-room-1单元-1802')).toHaveAttribute('data-state', 'collected');
    await page.getByTestId('chart-print').click();
    // 144 rooms of the batch and the one the import created
    await expect(page.getByTestId('sheet-room')).toHaveCount(145);
    const sheet = await pdfText(page, testInfo.outputPath('sheet.pdf'));
    expect(sheet).toContain('入户采集表');
    expect(sheet).toContain('宁江区繁荣路18号繁荣小区3栋');
    expect(sheet).toMatch(/1801\s+已采集\s+张三/);
    expect(sheet).toMatch(/1802\s+已采集\s+李四/);
    expect(sheet).toMatch(/1901\s+已采集\s+周九/);
    expect(sheet).not.toContain(GOOD_ID);

    // a visit to 1801, its A5 notice as a PDF
    await page.goBack();
    await page.getByTestId('building-chart').getByTestId('chart-room-1单元-1801').click();
    await page.getByTestId('room-book').click();
    await page.getByTestId('appointment-form-submit').click();
    await expect(page.getByTestId('notice')).toBeVisible();
    const notice = await pdfText(page, testInfo.outputPath('notice.pdf'));
    expect(notice).toContain('上门采集预约通知');
    expect(notice).toContain('宁江区繁荣路18号繁荣小区3栋1单元1801室');
    expect(notice).toContain(STATION_PROFILE.dutyPhones[0].number);
    expect(notice).toMatch(/09:00–10:00/);

    // English, the same page
    await page.goto(`${server.url}#/collection?tab=completeness`);
    await page.getByText('English', { exact: true }).click();
    await expect(page.getByRole('tab', { name: 'Data quality' })).toBeVisible();
    await expect(page.getByTestId('fault-count-missingFields')).toContainText('Missing fields');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
