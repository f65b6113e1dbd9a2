import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';
import { openZoneTool } from './menu.js';

const RECEIVER = { name: '孙警官', username: 'sun', password: 'Initial2026' };
const OPEN_ITEM = '楼道灯损坏，已联系物业';

const chooseOption = async (page: Page, testId: string, label: string) => {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
};


test('a shift writes two entries, hands over an open item with both signatures, and the handover prints to PDF', async ({ page, request }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-office-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  try {
    // the station, set up through the API; the head logs in through the UI
    await setUpAndLogIn(page, request, server);

    // the next shift's officer and the station's bicycle, set up by the head through the API
    const receiver = await api<{ id: string }>(page, 'staff.create', { name: RECEIVER.name, username: RECEIVER.username, role: 'officer', phone: '13700000001', initialPassword: RECEIVER.password });
    await api(page, 'office.equipmentSave', { kind: 'bicycle', name: '警用自行车', code: 'ZXC-01' });
    // no roster yet: the head opens the shift by hand with themself on duty
    const me = await api<{ staffId: string }>(page, 'auth.me', {});
    const now = Date.now();
    await api(page, 'office.shiftOpen', {
      source: 'manual',
      name: '白班',
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 11 * 3600_000).toISOString(),
      staffIds: [me.staffId],
    });

    await openZoneTool(page, '办公区', /值班日志/);
    await expect(page.getByTestId('office-shift-people')).toHaveText(HEAD.name);

    // two entries, typed at the desk; the second stays open for the next shift
    await chooseOption(page, 'office-entry-type', '巡逻');
    await page.getByTestId('office-entry-people').fill('王所长');
    await page.getByTestId('office-entry-place').fill('繁荣小区');
    await page.getByTestId('office-entry-action').fill('步巡一圈');
    await page.getByTestId('office-entry-result').fill('未见异常');
    await page.getByTestId('office-entry-save').click();
    await expect(page.getByTestId('office-entry-patrol')).toContainText('步巡一圈');

    await chooseOption(page, 'office-entry-type', '求助');
    await page.getByTestId('office-entry-people').fill('刘大爷');
    await page.getByTestId('office-entry-action').fill(OPEN_ITEM);
    await page.getByTestId('office-entry-followup').check();
    await page.getByTestId('office-entry-action').press('Enter');
    await expect(page.getByTestId('office-entry-help')).toHaveAttribute('data-state', 'open');

    // the handover: the open item is listed, the bicycle counted, the receiver chosen
    await page.getByRole('tab', { name: '交接班' }).click();
    await expect(page.getByTestId('office-open-items')).toContainText(OPEN_ITEM);
    await chooseOption(page, 'office-receiver', RECEIVER.name);
    await page.getByTestId('office-summary').fill('白班平稳，接待群众一人次。');
    await page.getByTestId('office-instructions').fill('所长指示：夜间加强繁荣小区巡逻。');
    await page.getByTestId('office-handover-save').click();
    await expect(page.getByTestId('office-handover-status')).toHaveText('待签字');

    // a wrong password is refused, saying whose, and nothing is signed
    await page.getByTestId('office-sign-giver-password').fill('NotMine2026');
    await page.getByTestId('office-sign-giver-submit').click();
    await expect(page.getByTestId('office-sign-giver-error')).toHaveText(`${HEAD.name} 的密码不正确，未签字`);
    await page.getByTestId('office-sign-giver-password').fill(HEAD.password);
    await page.getByTestId('office-sign-giver-password').press('Enter');
    await expect(page.getByTestId('office-handover-status')).toHaveText('交班人已签字');

    // until the receiver signs, the handover is on the home screen
    await page.getByRole('menuitem', { name: '首页' }).click();
    await expect(page.getByTestId('home-handover-pending')).toContainText(`${HEAD.name} → ${RECEIVER.name}`);
    await page.getByTestId('home-handover-pending').click();
    await page.getByRole('tab', { name: '交接班' }).click();

    // the receiver signs at the same desk with their own password: responsibility passes
    await page.getByTestId('office-sign-receiver-password').fill(RECEIVER.password);
    await page.getByTestId('office-sign-receiver-submit').click();
    await expect(page.getByTestId('office-handover-status')).toHaveText('已交接');
    const pending = await api<{ handovers: unknown[] }>(page, 'office.pending', {});
    expect(pending.handovers).toEqual([]);
    expect(receiver.id).toBeTruthy();

    // printed on A4: station, both names and the open item are text in the PDF
    await page.getByTestId('office-handover-print').click();
    await expect(page.getByTestId('print-page')).toHaveAttribute('data-print-ready', 'true');
    await expect(page.getByTestId('handover-print-open-items')).toContainText(OPEN_ITEM);
    await page.emulateMedia({ media: 'print' });
    const pdfPath = testInfo.outputPath('handover.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdfText).toContain('交接班记录');
    expect(pdfText).toContain(STATION_PROFILE.name);
    expect(pdfText).toContain(HEAD.name);
    expect(pdfText).toContain(RECEIVER.name);
    expect(pdfText).toContain(OPEN_ITEM);
    expect(pdfText).toContain('警用自行车');
    expect(pdfText).toContain('所长指示：夜间加强繁荣小区巡逻。');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the handover follows its data: an incident closed and a bicycle added show at once, and what was typed stays', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-office-'));
  const server: RunningServer = await startServer(dataDir, await freePort());
  try {
    await setUpAndLogIn(page, request, server);
    await api(page, 'staff.create', { name: RECEIVER.name, username: RECEIVER.username, role: 'officer', phone: '13700000001', initialPassword: RECEIVER.password });
    const me = await api<{ staffId: string }>(page, 'auth.me', {});
    const now = Date.now();
    const log = await api<{ shift: { id: string } }>(page, 'office.shiftOpen', {
      source: 'manual',
      name: '白班',
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 11 * 3600_000).toISOString(),
      staffIds: [me.staffId],
    });
    await api(page, 'office.entryAdd', { shiftId: log.shift.id, type: 'incident', people: '张某', place: '繁荣小区', action: '两车剐蹭，现场调解中' });

    // the handover is typed and refused: an incident is still open
    await openZoneTool(page, '办公区', /值班日志/);
    await page.getByRole('tab', { name: '交接班' }).click();
    await chooseOption(page, 'office-receiver', RECEIVER.name);
    await page.getByTestId('office-summary').fill('白班处置剐蹭一起。');
    await page.getByTestId('office-instructions').fill('夜间注意小区停车。');
    await page.getByTestId('office-handover-save').click();
    await expect(page.getByTestId('office-handover-error')).toHaveText('还有 1 条警情未处置完毕，不能交班');

    // the incident is closed in the log, and the head adds the bicycle to the inventory
    await page.getByRole('tab', { name: '值班日志' }).click();
    await page.getByTestId('office-entry-incident').getByTestId('office-entry-close').click();
    await page.getByTestId('office-close-note').fill('双方和解');
    await page.locator('.ant-modal').getByRole('button', { name: '办结' }).click();
    await expect(page.getByTestId('office-entry-incident')).toHaveAttribute('data-state', 'closed');
    await page.getByRole('tab', { name: '装备' }).click();
    await page.getByTestId('office-equipment-name').fill('警用自行车');
    await page.getByTestId('office-equipment-code').fill('ZXC-02');
    await page.getByTestId('office-equipment-add').click();
    await expect(page.getByTestId('office-equipment')).toContainText('ZXC-02');

    // back at the handover, without reloading: the refusal is gone, the bicycle is to count, and
    // the receiver, summary and instructions are as typed
    await page.getByRole('tab', { name: '交接班' }).click();
    await expect(page.getByTestId('office-handover-error')).toHaveCount(0);
    await expect(page.getByTestId('office-check-0')).toContainText('警用自行车 ZXC-02');
    await expect(page.getByTestId('office-receiver')).toContainText(RECEIVER.name);
    await expect(page.getByTestId('office-summary')).toHaveValue('白班处置剐蹭一起。');
    await expect(page.getByTestId('office-instructions')).toHaveValue('夜间注意小区停车。');
    await page.getByTestId('office-handover-save').click();
    await expect(page.getByTestId('office-handover-status')).toHaveText('待签字');
    const saved = await api<{ handover: { summary: string; receiver: { name: string }; checklist: { name: string; code: string; state: string }[] } }>(page, 'office.shiftGet', { id: log.shift.id });
    expect(saved.handover).toMatchObject({ summary: '白班处置剐蹭一起。', receiver: { name: RECEIVER.name }, checklist: [{ name: '警用自行车', code: 'ZXC-02', state: 'present' }] });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** The station's usual shift now (the default day 08:00–20:00 and night 20:00–08:00, Shanghai), as the form shows it. */
const usualShiftNow = () => {
  const local = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  const now = new Date();
  const [today, clock] = local(now).split(' ');
  const day = (offset: number) => local(new Date(Date.parse(`${today}T12:00:00+08:00`) + offset * 86_400_000)).slice(0, 10);
  const hour = Number(clock.slice(0, 2));
  if (hour >= 8 && hour < 20) return { name: '白班', from: `${today} 08:00`, to: `${today} 20:00` };
  return hour >= 20 ? { name: '夜班', from: `${today} 20:00`, to: `${day(1)} 08:00` } : { name: '夜班', from: `${day(-1)} 20:00`, to: `${today} 08:00` };
};

test('with no roster, a shift opened by hand spans the usual shift and is on duty on the home screen; the handover opens the receiver\'s', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-office-'));
  const server: RunningServer = await startServer(dataDir, await freePort());
  try {
    await setUpAndLogIn(page, request, server);
    await api(page, 'staff.create', { name: RECEIVER.name, username: RECEIVER.username, role: 'officer', phone: '13700000001', initialPassword: RECEIVER.password });
    await expect(page.getByTestId('on-duty-none')).toHaveText('此刻不在排班表内，请先排班。');

    // the form to open a shift by hand comes filled with the station's usual shift of this moment
    await openZoneTool(page, '办公区', /值班日志/);
    const usual = usualShiftNow();
    const form = page.getByTestId('office-open-manual');
    await expect(form.getByLabel('班次名称')).toHaveValue(usual.name);
    await expect(form.locator('.ant-picker input').first()).toHaveValue(usual.from);
    await expect(form.locator('.ant-picker input').last()).toHaveValue(usual.to);
    await chooseOption(page, 'office-open-people', HEAD.name);
    await page.getByTestId('office-open-manual-submit').click();
    await expect(page.getByTestId('office-shift-people')).toHaveText(HEAD.name);
    await expect(page.getByTestId('office-shift')).toContainText(usual.name);

    // on duty now, on the home screen and at the front desk: the shift running, not "not rostered"
    await page.getByRole('menuitem', { name: '首页' }).click();
    await expect(page.getByTestId('on-duty-now')).toContainText(HEAD.name);
    await expect(page.getByTestId('on-duty-none')).toHaveCount(0);

    // the handover, signed by both: the receiver's shift opens by itself
    await openZoneTool(page, '办公区', /值班日志/);
    await page.getByRole('tab', { name: '交接班' }).click();
    await chooseOption(page, 'office-receiver', RECEIVER.name);
    await page.getByTestId('office-handover-save').click();
    await page.getByTestId('office-sign-giver-password').fill(HEAD.password);
    await page.getByTestId('office-sign-giver-password').press('Enter');
    await page.getByTestId('office-sign-receiver-password').fill(RECEIVER.password);
    await page.getByTestId('office-sign-receiver-submit').click();
    await expect(page.getByTestId('office-handover-status')).toHaveText('已交接');
    await page.getByRole('tab', { name: '值班日志' }).click();
    await expect(page.getByTestId('office-shift-people')).toHaveText(RECEIVER.name);

    await page.getByRole('menuitem', { name: '首页' }).click();
    await expect(page.getByTestId('on-duty-now')).toHaveCount(1);
    await expect(page.getByTestId('on-duty-now')).toContainText(RECEIVER.name);
    await expect(page.getByTestId('on-duty-now')).toContainText('13700000001');
    await page.getByTestId('home-go-desk').click();
    await expect(page.getByTestId('on-duty-now')).toContainText(RECEIVER.name);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('Enter in a date picker takes the date and does not send the form half filled', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-office-'));
  const server: RunningServer = await startServer(dataDir, await freePort());
  try {
    await setUpAndLogIn(page, request, server);
    // no roster and no shift: the form to open one by hand, with its time range
    await openZoneTool(page, '办公区', /值班日志/);
    const form = page.getByTestId('office-open-manual');
    const start = form.locator('.ant-picker input').first();
    await start.click();
    await start.fill('2026-12-07 08:00');
    await start.press('Enter');
    // the start is taken: nothing was sent, nothing refused
    await expect(start).toHaveValue('2026-12-07 08:00');
    await expect(form.locator('.ant-form-item-explain-error')).toHaveCount(0);
    await expect(page.getByTestId('office-shift-people')).toHaveCount(0);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
