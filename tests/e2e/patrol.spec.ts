import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDateTime, localTime } from '../../src/shared/time.js';
import { HEAD, STATION_PROFILE, residentId } from '../helpers/station.js';
import { chooseOption, motionSettled } from './antd.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';
import { openZoneTool } from './menu.js';

// a long walk through five screens: on a shared, busy machine each step may take its time
const expect = baseExpect.configure({ timeout: 30_000 });
test.setTimeout(600_000);

const RECEIVER = { name: '孙警官', username: 'sun', password: 'Initial2026' };
const OPEN_ITEM = '楼道灯损坏，已联系物业';
const VOLUNTEER = '刘桂英';
const FINDING = '3栋单元门禁损坏';

/** Types a date and time into a picker as staff do, to the minute; Enter takes it without sending the form. */
const fillPicker = async (scope: Page | Locator, testId: string, value: string) => {
  const input = scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
};

test('a shift logs two entries, patrols with a volunteer and a bicycle, hands over an open item with both signatures; the volunteer redeems goods and the monthly statement prints to PDF', async ({ page, request }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-patrol-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  try {
    // first run through the API, then the head logs in through the login page
    const setup = await request.post(`${server.url}api/station.setup`, { data: { station: STATION_PROFILE, head: HEAD } });
    expect((await setup.json()).ok).toBe(true);
    await page.goto(server.url);
    await page.locator('#login_username').fill(HEAD.username);
    await page.locator('#login_password').fill(HEAD.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('station-name')).toHaveText(STATION_PROFILE.name, { timeout: 60_000 });

    // what the head keeps: the next shift's officer, the bicycle, a route, and goods on the shelf
    await api(page, 'staff.create', { name: RECEIVER.name, username: RECEIVER.username, role: 'officer', phone: '13700000001', initialPassword: RECEIVER.password });
    await api(page, 'office.equipmentSave', { kind: 'bicycle', name: '警用自行车', code: 'ZXC-01' });
    await api(page, 'patrol.routeSave', { name: '繁荣小区夜巡', checkpoints: [{ place: '繁荣小区东门' }, { place: '3栋楼下' }] });
    const towel = await api<{ id: string }>(page, 'patrol.goodsSave', { name: '毛巾', unit: '条', price: 10 });
    await api(page, 'patrol.goodsRestock', { id: towel.id, quantity: 5 });
    // no roster yet: the head opens the shift by hand with themself on duty
    const me = await api<{ staffId: string }>(page, 'auth.me', {});
    const now = Date.now();
    await api(page, 'office.shiftOpen', { source: 'manual', name: '白班', startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 11 * 3600_000).toISOString(), staffIds: [me.staffId] });

    // a volunteer registers at the desk and gets a card number
    await openZoneTool(page, '巡防区', '巡逻 · 防范 · 义巡');
    await page.getByRole('tab', { name: '志愿者' }).click();
    await page.getByTestId('patrol-volunteer-add').click();
    await page.getByTestId('patrol-volunteer-name').fill(VOLUNTEER);
    await page.getByTestId('patrol-volunteer-phone').fill('13912345678');
    await page.getByTestId('patrol-volunteer-phone').press('Enter');
    await expect(page.getByTestId('patrol-volunteer-detail')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('patrol-volunteers')).toContainText('ZY0001');
    await expect(page.getByTestId('patrol-volunteers')).toContainText('139****5678');

    // two duty-log entries; the second stays open for the next shift
    await openZoneTool(page, '办公区', /值班日志/);
    await expect(page.getByTestId('office-shift-people')).toHaveText(HEAD.name);
    await chooseOption(page, 'office-entry-type', '接待');
    await page.getByTestId('office-entry-people').fill('张大爷');
    await page.getByTestId('office-entry-action').fill('咨询户口迁移');
    await page.getByTestId('office-entry-result').fill('已告知所需材料');
    await page.getByTestId('office-entry-save').click();
    await expect(page.getByTestId('office-entry-reception')).toContainText('咨询户口迁移');
    await chooseOption(page, 'office-entry-type', '求助');
    await page.getByTestId('office-entry-people').fill('刘大爷');
    await page.getByTestId('office-entry-action').fill(OPEN_ITEM);
    await page.getByTestId('office-entry-followup').check();
    await page.getByTestId('office-entry-action').press('Enter');
    await expect(page.getByTestId('office-entry-help')).toHaveAttribute('data-state', 'open');

    // the patrol: the route, the head, the volunteer and the bicycle
    await openZoneTool(page, '巡防区', '巡逻 · 防范 · 义巡');
    await chooseOption(page, 'patrol-start-route', '繁荣小区夜巡');
    await chooseOption(page, 'patrol-start-volunteers', VOLUNTEER);
    await page.keyboard.press('Escape');
    await chooseOption(page, 'patrol-start-bicycle', '警用自行车 ZXC-01');
    await page.getByTestId('patrol-start-submit').click();
    const card = page.getByTestId('patrol-underway');
    await expect(card.getByTestId('patrol-people')).toHaveText(`${HEAD.name}、${VOLUNTEER}（ZY0001）`);
    // the bicycle is out: offering it again says so
    await expect(page.getByTestId('patrol-start-form')).toBeVisible();
    await card.getByTestId('patrol-checkpoint-pass').first().click();
    await expect(card.getByTestId('patrol-checkpoint').first()).toContainText('到达');
    await chooseOption(page, 'patrol-finding-place', '3栋楼下');
    await card.getByTestId('patrol-finding-text').fill(FINDING);
    await card.getByTestId('patrol-finding-add').click();
    await expect(card.getByTestId('patrol-findings')).toContainText(FINDING);
    // the second checkpoint was not reached: ending says so by name first
    await card.getByTestId('patrol-end').click();
    await expect(page.getByTestId('patrol-end-skipped')).toHaveText('未到的检查点（1 个）：3栋楼下');
    await page.getByTestId('patrol-end-confirm').click();
    await expect(page.getByTestId('patrol-underway')).toHaveCount(0);
    await expect(page.getByTestId('patrol-recent')).toContainText('警用自行车 ZXC-01');
    await expect(page.getByTestId('patrol-recent')).toContainText('已结束');

    // the ended patrol is in the duty log; the handover lists the open item, both sign
    await openZoneTool(page, '办公区', /值班日志/);
    await expect(page.getByTestId('office-entry-patrol')).toContainText('繁荣小区东门 → 3栋楼下');
    await page.getByRole('tab', { name: '交接班' }).click();
    await expect(page.getByTestId('office-open-items')).toContainText(OPEN_ITEM);
    await chooseOption(page, 'office-receiver', RECEIVER.name);
    await page.getByTestId('office-summary').fill('白班平稳，巡逻一次。');
    await page.getByTestId('office-handover-save').click();
    await expect(page.getByTestId('office-handover-status')).toHaveText('待签字');
    await page.getByTestId('office-sign-giver-password').fill(HEAD.password);
    await page.getByTestId('office-sign-giver-password').press('Enter');
    await expect(page.getByTestId('office-handover-status')).toHaveText('交班人已签字');
    await page.getByTestId('office-sign-receiver-password').fill(RECEIVER.password);
    await page.getByTestId('office-sign-receiver-submit').click();
    await expect(page.getByTestId('office-handover-status')).toHaveText('已交接');

    // the points supermarket: 5 for the patrol and 10 for the finding; six towels are too many
    await openZoneTool(page, '巡防区', '巡逻 · 防范 · 义巡');
    await page.getByRole('tab', { name: '积分超市' }).click();
    await chooseOption(page, 'patrol-redeem-volunteer', `ZY0001 ${VOLUNTEER}（15）`);
    await chooseOption(page, 'patrol-redeem-goods', '毛巾');
    await page.getByTestId('patrol-redeem-quantity').fill('6');
    await page.getByTestId('patrol-redeem-submit').click();
    await expect(page.getByTestId('patrol-redeem-form')).toContainText('毛巾 库存只有 5 条');
    await page.getByTestId('patrol-redeem-quantity').fill('2');
    await page.getByTestId('patrol-redeem-submit').click();
    await expect(page.getByTestId('patrol-redeem-form')).toContainText('积分不足：余额 15 分，需要 20 分');
    await page.getByTestId('patrol-redeem-quantity').fill('1');
    await page.getByTestId('patrol-redeem-submit').click();
    await expect(page.getByTestId('patrol-redeem-done')).toHaveText(`${VOLUNTEER} 兑换了 毛巾 × 1，余额 5 积分`);
    await expect(page.getByTestId('patrol-goods-stock')).toHaveText('4 条');

    // the month's statement on A4, as a PDF whose text says it all
    await page.getByRole('tab', { name: '志愿者' }).click();
    await page.getByTestId('patrol-volunteers').getByText(VOLUNTEER).click();
    await expect(page.getByTestId('patrol-volunteer-balance')).toHaveText('5');
    await motionSettled(page);
    await page.getByTestId('patrol-statement-print').click();
    await expect(page.getByTestId('print-page')).toHaveAttribute('data-print-ready', 'true');
    await expect(page.getByTestId('statement-closing')).toHaveText('5');
    await page.emulateMedia({ media: 'print' });
    const pdfPath = testInfo.outputPath('statement.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdfText).toContain('志愿者积分月度对账单');
    expect(pdfText).toContain(STATION_PROFILE.name);
    expect(pdfText).toContain(`ZY0001${VOLUNTEER}`);
    expect(pdfText).toContain('繁荣小区夜巡');
    expect(pdfText).toContain('毛巾×1');
    // table cells come out of the PDF in their own order: the figures are checked beside their labels where they sit together
    expect(pdfText).toContain('期初余额0');
    expect(pdfText).toContain('本月获得+15');
    expect(pdfText).toContain('期末余额');

    // the towel comes back: reversed with a reason, never by changing the entry; the points return
    await page.goBack();
    await page.getByRole('tab', { name: '志愿者' }).click();
    await page.getByTestId('patrol-volunteers').getByText(VOLUNTEER).click();
    const ledger = page.getByTestId('patrol-ledger');
    await ledger.locator('tr', { hasText: '毛巾' }).getByRole('button', { name: '冲正' }).click();
    const correct = page.getByTestId('patrol-correct-form');
    await expect(correct).toContainText('冲正会记一笔相反的分录');
    await correct.locator('input').fill('毛巾退回');
    await correct.locator('input').press('Enter');
    await expect(correct).toBeHidden();
    await expect(page.getByTestId('patrol-volunteer-balance')).toHaveText('15');
    await expect(ledger).toContainText('已冲正');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('findings on patrol become a collection visit at the checkpoint’s room and a mediation case the page then opens', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-patrol-findings-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  const NEWCOMER = '1单元201新搬来住户未登记';
  const QUARREL = '两户因停车位争吵，情绪激动';
  try {
    await setUpAndLogIn(page, request, server);
    // the collection zone knows the building; the route's first checkpoint is one of its rooms
    const add = (input: Record<string, unknown>) => api<{ id: string }>(page, 'collection.addNode', { grid: null, policeArea: null, code: null, ...input });
    const division = await add({ parentId: null, kind: 'division', name: '宁江区', code: '220702' });
    const street = await add({ parentId: division.id, kind: 'street', name: '繁荣路' });
    const door = await add({ parentId: street.id, kind: 'door', name: '18号' });
    const compound = await add({ parentId: door.id, kind: 'compound', name: '繁荣小区' });
    const building = await add({ parentId: compound.id, kind: 'building', name: '3栋' });
    await api(page, 'collection.batchRooms', { buildingId: building.id, units: 1, floors: 2, roomsPerFloor: 2 });
    const chart = await api<{ units: { floors: { rooms: { id: string; name: string }[] }[] }[] }>(page, 'collection.chart', { buildingId: building.id });
    const room = chart.units[0].floors.flatMap((f) => f.rooms).find((r) => r.name === '201')!;
    await api(page, 'patrol.routeSave', { name: '繁荣小区夜巡', checkpoints: [{ addressId: room.id, place: '3栋1单元201' }, { place: '3栋楼下' }] });

    // on patrol: two findings, one at each checkpoint
    await openZoneTool(page, '巡防区', '巡逻 · 防范 · 义巡');
    await chooseOption(page, 'patrol-start-route', '繁荣小区夜巡');
    await page.getByTestId('patrol-start-submit').click();
    const card = page.getByTestId('patrol-underway');
    await expect(card).toBeVisible();
    await chooseOption(page, 'patrol-finding-place', '3栋1单元201');
    await card.getByTestId('patrol-finding-text').fill(NEWCOMER);
    await card.getByTestId('patrol-finding-add').click();
    await expect(card.getByTestId('patrol-finding')).toHaveCount(1);
    await chooseOption(page, 'patrol-finding-place', '3栋楼下');
    await card.getByTestId('patrol-finding-text').fill(QUARREL);
    await card.getByTestId('patrol-finding-add').click();
    await expect(card.getByTestId('patrol-finding')).toHaveCount(2);

    // the newcomer: a visit to the checkpoint's room, already picked from the collection zone
    const newcomer = card.getByTestId('patrol-finding').filter({ hasText: NEWCOMER });
    await newcomer.getByTestId('patrol-finding-to-appointment').click();
    const visit = page.getByTestId('patrol-appointment-form');
    await expect(visit.getByTestId('patrol-finding-facts')).toContainText(NEWCOMER);
    await expect(visit.getByTestId('patrol-appointment-room-room')).toContainText('201');
    await page.getByTestId('patrol-appointment-form-submit').click();
    await expect(visit).toBeHidden();
    await expect(newcomer.getByTestId('patrol-finding-outcome')).toContainText('已预约上门采集');

    // the quarrel: referred to mediation; the new case opens with the finding's place and facts
    const quarrel = card.getByTestId('patrol-finding').filter({ hasText: QUARREL });
    await quarrel.getByTestId('patrol-finding-to-mediation').click();
    const refer = page.getByTestId('patrol-mediation-form');
    await expect(refer.getByTestId('patrol-finding-facts')).toContainText('3栋楼下');
    // the party's name is needed: the core says so on its field, and nothing is opened
    await chooseOption(page, 'patrol-mediation-type', '邻里纠纷');
    await page.getByTestId('patrol-mediation-form-submit').click();
    await expect(refer.getByTestId('patrol-party-0')).toContainText('必填');
    await refer.getByTestId('party-name').fill('张明');
    await refer.getByTestId('party-phone').fill('13900001111');
    await refer.getByTestId('party-idNumber').fill(residentId('22070219850312001'));
    await page.getByTestId('patrol-mediation-form-submit').click();
    await expect(page.getByTestId('case-page')).toBeVisible();
    await expect(page.getByTestId('case-place-text')).toHaveText('3栋楼下');
    await expect(page.getByTestId('case-facts-text')).toContainText(QUARREL);
    await expect(page.getByTestId('case-parties')).toContainText('张明');
    const caseNo = await page.getByTestId('case-page').getAttribute('data-case-no');

    // back on patrol, then the ended patrol still tells what its findings became
    await openZoneTool(page, '巡防区', '巡逻 · 防范 · 义巡');
    await expect(card.getByTestId('patrol-finding-outcome')).toHaveCount(2);
    await card.getByTestId('patrol-end').click();
    await expect(page.getByTestId('patrol-end-skipped')).toHaveText('未到的检查点（2 个）：3栋1单元201、3栋楼下');
    await page.getByTestId('patrol-end-confirm').click();
    await expect(page.getByTestId('patrol-underway')).toHaveCount(0);
    await page.getByTestId('patrol-recent-row').first().click();
    const detail = page.getByTestId('patrol-detail');
    await expect(detail.getByTestId('patrol-finding').filter({ hasText: QUARREL })).toContainText(`已转调解（${caseNo}）`);
    await expect(detail.getByTestId('patrol-finding').filter({ hasText: NEWCOMER })).toContainText('已预约上门采集');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a patrol written up after it returned: its set-off, each checkpoint and its return at the times told; a checkpoint skipped is named before it ends; a bicycle written off with a reason leaves the inventory', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-patrol-afterwards-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  try {
    await setUpAndLogIn(page, request, server);
    await api(page, 'patrol.routeSave', { name: '繁荣小区夜巡', checkpoints: [{ place: '繁荣小区东门' }, { place: '3栋楼下' }, { place: '繁荣路口' }] });
    await api(page, 'office.equipmentSave', { kind: 'bicycle', name: '警用自行车', code: 'ZXC-09' });
    // the patrol set off two hours ago, to the minute
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - 120 * 60_000;
    const tz = 'Asia/Shanghai';
    const after = (minutes: number) => new Date(startMs + minutes * 60_000);

    await openZoneTool(page, '巡防区', '巡逻 · 防范 · 义巡');
    await chooseOption(page, 'patrol-start-route', '繁荣小区夜巡');
    await fillPicker(page, 'patrol-start-at', localDateTime(after(0), tz));
    await page.getByTestId('patrol-start-submit').click();
    const card = page.getByTestId('patrol-underway');
    await expect(card).toContainText(`${localDateTime(after(0), tz)} 出发`);
    const checkpoints = card.getByTestId('patrol-checkpoint');
    const form = page.getByTestId('patrol-checkpoint-form');

    // the first checkpoint twenty minutes in
    await checkpoints.nth(0).getByTestId('patrol-checkpoint-time').click();
    await fillPicker(form, 'patrol-checkpoint-at', localDateTime(after(20), tz));
    await page.getByTestId('patrol-checkpoint-form-submit').click();
    await expect(form).toBeHidden();
    await expect(checkpoints.nth(0)).toContainText(`繁荣小区东门 · ${localTime(after(20), tz)} 到达`);

    // the second: a time before the set-off is refused on its field, then the right one is taken
    await checkpoints.nth(1).getByTestId('patrol-checkpoint-time').click();
    await fillPicker(form, 'patrol-checkpoint-at', localDateTime(after(-10), tz));
    await page.getByTestId('patrol-checkpoint-form-submit').click();
    await expect(form.locator('.ant-form-item-explain-error')).toHaveText(`检查点时间不能早于出发时间（${localTime(after(0), tz)}）`);
    await fillPicker(form, 'patrol-checkpoint-at', localDateTime(after(50), tz));
    await page.getByTestId('patrol-checkpoint-form-submit').click();
    await expect(form).toBeHidden();
    await expect(checkpoints.nth(1)).toContainText(`3栋楼下 · ${localTime(after(50), tz)} 到达`);

    // back at 80 minutes, the third not yet recorded: ending names it, and going back ends nothing
    await fillPicker(card, 'patrol-end-at', localDateTime(after(80), tz));
    await card.getByTestId('patrol-end').click();
    await expect(page.getByTestId('patrol-end-skipped')).toHaveText('未到的检查点（1 个）：繁荣路口');
    await page.getByRole('button', { name: '返回补记' }).click();
    await expect(page.getByTestId('patrol-end-skipped')).toBeHidden();
    await expect(card).toBeVisible();
    await checkpoints.nth(2).getByTestId('patrol-checkpoint-time').click();
    await fillPicker(form, 'patrol-checkpoint-at', localDateTime(after(70), tz));
    await page.getByTestId('patrol-checkpoint-form-submit').click();
    await expect(checkpoints.nth(2)).toContainText(`繁荣路口 · ${localTime(after(70), tz)} 到达`);
    // every checkpoint reached: it ends at once, at the return told
    await card.getByTestId('patrol-end').click();
    await expect(page.getByTestId('patrol-underway')).toHaveCount(0);
    await expect(page.getByTestId('patrol-recent-row').first()).toContainText(`${localDateTime(after(0), tz)}–${localTime(after(80), tz)}`);
    await page.getByTestId('patrol-recent-row').first().click();
    const detail = page.getByTestId('patrol-detail');
    for (const [place, minutes] of [['繁荣小区东门', 20], ['3栋楼下', 50], ['繁荣路口', 70]] as const) {
      await expect(detail).toContainText(`${place} · ${localTime(after(minutes), tz)} 到达`);
    }
    await page.keyboard.press('Escape');

    // the bicycle, written off afterwards with the reason, leaves the office inventory
    await openZoneTool(page, '办公区', /值班日志/);
    await page.getByRole('tab', { name: '装备与钥匙' }).click();
    const inventory = page.getByTestId('office-equipment');
    await inventory.locator('tr', { hasText: 'ZXC-09' }).getByTestId('office-equipment-retire').click();
    await page.getByTestId('office-equipment-retire-reason').fill('车架断裂，无法修复');
    await page.getByTestId('office-equipment-retire-reason').press('Enter');
    await expect(page.getByTestId('office-equipment-retire-form')).toBeHidden();
    await expect(inventory.locator('tr', { hasText: 'ZXC-09' })).toHaveCount(0);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
