/**
 * Printed documents as a station prints them, read back from real PDFs: how many sheets, what is on
 * each sheet, no block orphaned on a sheet of its own, no label printed twice, every code captioned.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD, STATION_PROFILE, residentId } from '../helpers/station.js';
import { api, freePort, startServer, type RunningServer } from './server.js';

/** The sheets of a PDF as text, whitespace removed (pdftotext ends each page with a form feed). */
const sheetsOf = (pdfPath: string): string[] => {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1]);
  const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
  const sheets = text.split('\f').slice(0, pages).map((s) => s.replace(/\s+/g, ''));
  expect(sheets).toHaveLength(pages);
  return sheets;
};

/** The print route at `path`, once its data is there, printed to PDF as the shell does (CSS page size). */
const printed = async (page: Page, server: RunningServer, path: string, file: string): Promise<string[]> => {
  await page.goto(`${server.url}#${path}`);
  await expect(page.getByTestId('print-page')).toHaveAttribute('data-print-ready', 'true', { timeout: 60_000 });
  await page.emulateMedia({ media: 'print' });
  const pdfPath = test.info().outputPath(file);
  writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.emulateMedia({ media: 'screen' });
  return sheetsOf(pdfPath);
};

const count = (text: string, part: string) => text.split(part).length - 1;

const FACTS =
  '申请人张建国住繁荣小区3栋2单元501室，被申请人李卫东住同单元601室。2026年11月以来，601室卫生间防水层老化漏水，致501室卫生间及客厅天花板大面积受潮、墙皮脱落、吊顶变形，' +
  '张建国多次上门协商，双方就损失数额和维修方式未能达成一致，并发生口角，张建国遂向社区警务室求助。';
const TERMS =
  '一、李卫东于2026年12月20日前自行委托有资质的维修单位对601室卫生间防水层进行重新施工，施工期间保证501室正常使用；\n' +
  '二、李卫东于2026年12月31日前一次性赔偿张建国天花板、墙面及吊顶修复费用人民币叁仟伍佰元整（¥3500.00）；\n' +
  '三、防水施工完成后由双方共同进行闭水试验，试验合格后张建国自行修复本户受损部分；\n' +
  '四、本协议履行完毕后，双方不得再就此事发生争执，今后如发生新的漏水，另行协商解决。';

/** The head logs in through the login page (a loaded machine may take a while to draw the frame). */
const logIn = async (page: Page) => {
  await page.goto(server.url);
  await page.locator('#login_username').fill(HEAD.username);
  await page.locator('#login_password').fill(HEAD.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('station-name')).toHaveText(STATION_PROFILE.name, { timeout: 60_000 });
};

let server: RunningServer;
let dataDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-desk-prints-'));
  server = await startServer(dataDir, await freePort());
  const setup = await fetch(`${server.url}api/station.setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ station: STATION_PROFILE, head: HEAD }),
  });
  expect((await setup.json()).ok).toBe(true);
});

test.afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A case carried through to a written agreement, as the mediation zone's forms do it. */
const agreedCase = async (page: Page, terms: string) => {
  const mediator = await api(page, 'mediation.poolCreate', { name: '陈调解', specialties: ['neighbour'], organisation: '繁荣社区人民调解委员会' });
  let c = await api(page, 'mediation.openCase', {
    source: 'direct',
    type: 'neighbour',
    place: '繁荣小区3栋2单元',
    facts: FACTS,
    parties: [
      { name: '张建国', idType: 'resident', idNumber: residentId('22070219700314201'), phone: '13604381234', address: '繁荣小区3栋2单元501室', role: 'applicant' },
      { name: '李卫东', idType: 'resident', idNumber: residentId('22070219750921301'), phone: '13904385678', address: '繁荣小区3栋2单元601室', role: 'respondent' },
    ],
  });
  c = await api(page, 'mediation.accept', { id: c.id, version: c.version });
  c = await api(page, 'mediation.assign', { id: c.id, version: c.version, mediatorIds: [mediator.id] });
  c = await api(page, 'mediation.addSession', { id: c.id, version: c.version, heldAt: c.clocks.acceptedAt, place: '警务室调解室', minutes: '双方陈述意见，同意按协议处理。' });
  c = await api(page, 'mediation.recordAgreement', {
    id: c.id,
    version: c.version,
    terms,
    liability: '601室卫生间防水层老化是漏水的原因，李卫东应承担全部责任。',
    performanceMethod: '维修自行委托施工；赔偿款以现金或转账方式支付',
    performancePlace: '繁荣社区警务室',
    performanceDueDate: '2026-12-31',
  });
  return c as { id: string };
};

test('调解协议书, three copies: one sheet each, every sheet with the parties’ signatures and the committee’s seal', async ({ page }) => {
  await logIn(page);
  const c = await agreedCase(page, TERMS);
  const sheets = await printed(page, server, `/print/mediation/agreement/${c.id}`, 'agreement.pdf');
  expect(sheets).toHaveLength(3);
  sheets.forEach((sheet, i) => {
    expect(sheet).toContain(`第${i + 1}份共3份`);
    expect(sheet).toContain('申请人（签名或按指印）');
    expect(sheet).toContain('被申请人（签名或按指印）');
    expect(sheet).toContain('人民调解员（签名）');
    expect(count(sheet, '（调解委员会印章）')).toBe(1);
  });
});

test('a long 调解协议书 breaks cleanly: the signatures and the seal stay together, never a sheet with the seal alone', async ({ page }) => {
  await logIn(page);
  const long = Array.from({ length: 4 }, (_, i) => TERMS.replace(/^一/, `${'一二三四'[i]}（续）`)).join('\n');
  const c = await agreedCase(page, long);
  const sheets = await printed(page, server, `/print/mediation/agreement/${c.id}`, 'agreement-long.pdf');
  // each copy takes more than one sheet, and no sheet holds two copies
  expect(sheets.length).toBeGreaterThan(3);
  expect(sheets.filter((s) => s.includes('人民调解协议书'))).toHaveLength(3);
  const sealed = sheets.filter((s) => s.includes('（调解委员会印章）'));
  expect(sealed).toHaveLength(3);
  for (const sheet of sealed) {
    expect(sheet).toContain('申请人（签名或按指印）');
    expect(sheet).toContain('被申请人（签名或按指印）');
    expect(sheet).toContain('人民调解员（签名）');
  }
});

test('the queue slip and the contact card say 值班电话 once when the phone keeps its default label', async ({ page }) => {
  await logIn(page);
  const visit = await api(page, 'intake.register', { visitorName: '赵来访', idType: 'none', phone: null, purpose: 'dispute', route: 'mediation' });
  for (const size of ['receipt80', 'A5']) {
    const [slip, ...more] = await printed(page, server, `/print/slip/${visit.id}?size=${size}`, `slip-${size}.pdf`);
    expect(more).toHaveLength(0);
    expect(slip).toContain(STATION_PROFILE.dutyPhones[0].number);
    expect(count(slip, '值班电话')).toBe(1);
  }

  const [card, ...cardMore] = await printed(page, server, '/print/contact-card', 'contact-card.pdf');
  expect(cardMore).toHaveLength(0);
  const phone = page.getByTestId('contact-card-duty-phone');
  await expect(phone).toHaveCount(1);
  await expect(phone).toHaveText(STATION_PROFILE.dutyPhones[0].number);
  // the heading, and the QR code's caption that says what scanning it dials
  expect(count(card, '值班电话')).toBe(2);
  expect(card).toContain('24小时值班电话0438-6123456');
  expect(card).toContain('扫码拨打值班电话');
});

test('the anti-fraud notice’s QR code is captioned with what it dials, in Chinese and in English', async ({ page }) => {
  await logIn(page);
  const templates = await api<{ id: string; version: number; qr: string | null }[]>(page, 'office.noticeTemplates', {});
  const antiFraud = templates.find((t) => t.qr === 'tel:96110');
  expect(antiFraud).toBeTruthy();
  const notice = await api(page, 'office.noticePrint', {
    templateId: antiFraud!.id,
    templateVersion: antiFraud!.version,
    pageSize: 'A4',
    values: { station: STATION_PROFILE.name, officer: HEAD.name, phone: HEAD.phone, dutyPhone: STATION_PROFILE.dutyPhones[0].number, date: '2026年12月7日' },
  });
  const sheets = await printed(page, server, `/print/office/notice/${notice.id}`, 'anti-fraud.pdf');
  expect(sheets).toHaveLength(1);
  expect(sheets[0]).toContain('扫码拨打96110');

  await page.evaluate(() => localStorage.setItem('station-desk.language', 'en'));
  await page.reload();
  await expect(page.getByTestId('notice-qr-caption')).toHaveText('Scan to call 96110', { timeout: 60_000 });
  await page.evaluate(() => localStorage.setItem('station-desk.language', 'zh-CN'));
});

test('the volunteer card’s QR code says what it holds', async ({ page }) => {
  await logIn(page);
  const volunteer = await api(page, 'patrol.volunteerSave', { name: '孙义巡', phone: '15066778899', note: null });
  const sheets = await printed(page, server, `/print/patrol/card/${volunteer.id}`, 'volunteer-card.pdf');
  expect(sheets).toHaveLength(1);
  expect(sheets[0]).toContain(`扫码核对志愿者编号${volunteer.cardNo}`);
});

test('the property company’s feedback sheet shows the company’s own phone in full', async ({ page }) => {
  await logIn(page);
  const property = await api(page, 'patrol.propertySave', {
    name: '繁荣小区',
    addressId: null,
    company: '松原市安居物业服务有限公司',
    contactName: '刘经理',
    contactPhone: '13904381234',
    nightGuards: 2,
    patrolPoints: 4,
    passScore: 80,
  });
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
  const sheets = await printed(page, server, `/print/patrol/feedback/${property.id}/${month}`, 'feedback.pdf');
  expect(sheets).toHaveLength(1);
  expect(sheets[0]).toContain('刘经理13904381234');
  expect(sheets[0]).not.toContain('139****1234');
});
