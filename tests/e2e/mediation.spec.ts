import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseOption } from './antd.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';

/** A valid resident ID: 110105 + 19491231 + 002 + X (GB 11643 check character). */
const GOOD_ID = '11010519491231002X';
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** The duty officer, who hears of a failed mediation on the home screen. */
const OFFICER = { name: '刘警官', username: 'liu', password: 'Desk2026ok' };
const TERMS = '李四于十日内赔偿张三漏水损失人民币叁仟元整，双方不再就此事发生争执。';


/** Opens the case action's form, lets `fill` type into it, and submits it with Enter or its button. */
const act = async (page: Page, action: string, fill?: (form: ReturnType<Page['getByTestId']>) => Promise<void>) => {
  const version = await page.getByTestId('case-page').getAttribute('data-version');
  await page.getByTestId(`act-${action}`).click();
  const form = page.getByTestId(`form-${action}`);
  await expect(form).toBeVisible();
  if (fill) await fill(form);
  await page.getByTestId(`form-${action}-submit`).click();
  await expect(form).toBeHidden();
  // the page shows the case as the core now has it
  await expect(page.getByTestId('case-page')).not.toHaveAttribute('data-version', version ?? '');
};

test('walk-in → case → accepted → mediator → minutes → agreement PDF → follow-up → archived; a failure reaches the duty officer', async ({ page, request }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-med-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  try {
    // the station, set up through the API; the head logs in through the UI
    await setUpAndLogIn(page, request, server);

    // a walk-in routed to mediation, registered at the front desk (through the API)
    await api(page, 'intake.register', {
      visitorName: '张三',
      idType: 'resident',
      idNumber: GOOD_ID,
      phone: '13912345678',
      purpose: 'dispute',
      route: 'mediation',
    });

    // the collection zone knows the building's door: a standard address to pick for the place
    const division = await api<{ id: string }>(page, 'collection.addNode', { parentId: null, kind: 'division', name: '宁江区', code: '220702' });
    const street = await api<{ id: string }>(page, 'collection.addNode', { parentId: division.id, kind: 'street', name: '繁荣路' });
    await api(page, 'collection.addNode', { parentId: street.id, kind: 'door', name: '18号' });

    // the mediator pool: one entry
    await page.goto(`${server.url}#/zone/mediation`);
    await page.getByTestId('pool-link').click();
    await page.getByTestId('pool-add').click();
    await page.getByTestId('pool-name').fill('刘调解');
    await chooseOption(page, 'pool-specialties', '邻里纠纷');
    await page.keyboard.press('Escape');
    await page.getByTestId('pool-organisation').fill('繁荣社区人民调解委员会');
    await page.getByTestId('pool-organisation').press('Enter');
    await expect(page.getByTestId('pool-row-刘调解')).toContainText('邻里纠纷');

    // the walk-in becomes a case in one action
    await page.goto(`${server.url}#/zone/mediation`);
    const walkIn = page.getByTestId('mwalkin-调-001');
    await expect(walkIn).toContainText('张三');
    await walkIn.getByTestId('act-open-case').click();
    await chooseOption(page, 'case-type', '邻里纠纷');
    await page.getByTestId('case-place').fill('繁荣路18');
    await page.locator('.ant-select-item-option').filter({ hasText: '繁荣路18号' }).click();
    await expect(page.getByTestId('case-place-standard')).toBeVisible();
    await expect(page.getByTestId('case-place')).toHaveValue(/繁荣路18号/);
    await page.getByTestId('case-facts').fill('楼上李四家卫生间漏水，张三家天花板受损，双方多次协商未果。<b>HTML</b>');
    await page.getByTestId('new-case-submit').click();
    await expect(page.getByTestId('case-page')).toBeVisible();
    await expect(page.getByTestId('case-status')).toHaveText('待受理');
    await expect(page.getByTestId('case-facts-text')).toContainText('<b>HTML</b>');
    await expect(page.getByTestId('case-parties')).toContainText('1101**********002X');
    await expect(page.getByTestId('case-parties')).not.toContainText(GOOD_ID);

    // the other party
    await page.getByTestId('act-addParty').click();
    await page.getByTestId('party-name').fill('李四');
    await chooseOption(page, 'party-idType', '未出示证件');
    await expect(page.getByTestId('party-form')).toContainText('未出示证件');
    await page.getByTestId('party-address').fill('繁荣路18号3单元402');
    await page.getByTestId('party-address').press('Enter');
    await expect(page.getByTestId('case-parties')).toContainText('李四');

    // evidence: a photo of the ceiling, sent over browser mode's upload path and kept with its checksum
    const files = page.getByTestId('case-files');
    await files.locator('input[type=file]').setInputFiles({ name: '天花板漏水.png', mimeType: 'image/png', buffer: PNG });
    await expect(files.getByTestId('file-1')).toContainText('天花板漏水.png');
    await expect(files.getByTestId('file-1').getByTestId('file-sha256')).toHaveAttribute('title', createHash('sha256').update(PNG).digest('hex'));
    await files.getByTestId('file-1').getByTestId('file-open').click();
    await expect(page.getByTestId('file-preview')).toBeVisible();
    await page.keyboard.press('Escape');
    // a program dressed up as a photo is refused by the core, with words a person understands
    await files.locator('input[type=file]').setInputFiles({ name: '照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]) });
    await expect(files.getByTestId('file-error')).toContainText('只能上传图片');
    await expect(files.getByTestId('file-2')).toHaveCount(0);
    // a photo put in by mistake is withdrawn with a reason, kept on record and gone from the case
    await files.getByTestId('file-1').getByTestId('file-withdraw').click();
    const withdraw = page.getByTestId('file-withdraw-form');
    await withdraw.locator('input').fill('传错了照片');
    await withdraw.locator('input').press('Enter');
    await expect(withdraw).toBeHidden();
    await expect(files.getByTestId('file-1')).toHaveCount(0);

    await act(page, 'accept');
    await expect(page.getByTestId('case-status')).toHaveText('已受理');
    await expect(page.getByTestId('case-clocks')).toContainText('剩');

    // the suggestion shows the pool entry with its specialty; the best fit comes checked
    await act(page, 'assign', async (form) => {
      await expect(form.getByTestId('suggest-刘调解')).toContainText('擅长此类');
    });
    await expect(page.getByTestId('case-mediators')).toContainText('刘调解');

    await act(page, 'addSession', async (form) => {
      await form.getByTestId('f-place').fill('警务室调解室');
      await form.getByTestId('f-minutes').fill('双方陈述各自意见，李四同意赔偿，张三同意接受。');
      await form.getByTestId('f-mediatorSigned').check();
    });
    await expect(page.getByTestId('case-status')).toHaveText('调解中');
    await expect(page.getByTestId('case-sessions')).toContainText('李四同意赔偿');

    await act(page, 'recordAgreement', async (form) => {
      await form.getByTestId('f-terms').fill(TERMS);
      await form.getByTestId('f-liability').fill('李四家防水层老化，应承担全部责任。');
      await form.getByTestId('f-performanceMethod').fill('现金支付');
    });
    await expect(page.getByTestId('case-status')).toHaveText('已达成协议');
    await page.screenshot({ path: testInfo.outputPath('case.png'), fullPage: true });

    // the agreement as a PDF: parties, terms and the copy count are text in it
    await page.getByTestId('print-agreement').click();
    await expect(page.locator('[data-print-ready="true"]')).toBeVisible();
    await expect(page.getByTestId('agreement-copy-3')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    const pdfPath = testInfo.outputPath('agreement.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdfText).toContain('人民调解协议书');
    expect(pdfText).toContain('张三');
    expect(pdfText).toContain('李四');
    expect(pdfText).toContain(GOOD_ID);
    expect(pdfText).toContain(TERMS.replace(/\s+/g, ''));
    expect(pdfText).toContain('第3份共3份');
    expect(pdfText).toContain('司法确认');
    await page.getByRole('button', { name: /返\s*回/ }).click();

    // follow-up, then archive
    await expect(page.getByTestId('case-page')).toBeVisible();
    await act(page, 'recordFollowUp', async (form) => {
      await form.getByTestId('f-notes').fill('已按协议赔偿，双方关系缓和。');
    });
    await expect(page.getByTestId('case-status')).toHaveText('已回访');
    await act(page, 'archive');
    await expect(page.getByTestId('case-status')).toHaveText('已归档');
    await expect(page.getByTestId('case-actions')).toContainText('当前环节无可办理事项');

    // a second case, opened directly and accepted (API), fails in the UI …
    const second = await api(page, 'mediation.openCase', {
      source: 'direct',
      type: 'debt',
      place: '繁荣市场',
      facts: '王五欠赵六货款两万元未还。',
      parties: [
        { name: '赵六', idType: 'none', role: 'applicant' },
        { name: '王五', idType: 'none', role: 'respondent' },
      ],
    });
    await api(page, 'mediation.accept', { id: second.id, version: second.version });
    await page.goto(`${server.url}#/mediation/case/${second.id}`);
    await act(page, 'recordFailure', async (form) => {
      await form.getByTestId('f-feedback').fill('王五拒绝还款，双方分歧较大，建议通过诉讼解决。');
    });
    await expect(page.getByTestId('case-status')).toHaveText('调解失败');

    // … and waits on the duty officer's home screen until the officer acknowledges it
    await api(page, 'staff.create', { name: OFFICER.name, username: OFFICER.username, role: 'officer', phone: '13700000000', initialPassword: 'Initial2026' });
    const officerLogin = await (await request.post(`${server.url}api/auth.login`, { data: { username: OFFICER.username, password: 'Initial2026' } })).json();
    const changed = await request.post(`${server.url}api/auth.changePassword`, {
      headers: { authorization: `Bearer ${officerLogin.result.token}` },
      data: { currentPassword: 'Initial2026', newPassword: OFFICER.password },
    });
    expect((await changed.json()).ok).toBe(true);
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.locator('#login_username').fill(OFFICER.username);
    await page.locator('#login_password').fill(OFFICER.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('me-name')).toContainText(OFFICER.name);
    // the officer starts from the home screen, as after opening the app
    await page.goto(server.url);
    const alerts = page.getByTestId('home-slot-alerts');
    await expect(alerts.getByTestId(`home-case-${second.caseNo}`)).toContainText('赵六');
    await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true });
    await alerts.getByTestId(`home-case-${second.caseNo}`).getByText(second.caseNo).click();
    await expect(page.getByTestId('case-failure')).toContainText('王五拒绝还款');
    await act(page, 'acknowledgeFailure');
    await expect(page.getByTestId('case-failure')).toContainText(OFFICER.name);
    await page.goto(server.url);
    await expect(page.getByTestId('home-slot-alerts')).toContainText('无预警');
    // the walk-in that became a case is served: the zone offers no second case for it
    await page.goto(`${server.url}#/zone/mediation`);
    await expect(page.getByTestId('mwalkin-调-001')).toContainText('张三');
    await expect(page.getByTestId('mwalkin-调-001').getByTestId('act-open-case')).toHaveCount(0);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a case the head transfers to another station says so at the top of its page, and nothing on it can be changed', async ({ page, request }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-med-'));
  const server: RunningServer = await startServer(dataDir, await freePort());
  try {
    await setUpAndLogIn(page, request, server);
    const c = await api<{ id: string; caseNo: string; version: number }>(page, 'mediation.openCase', {
      source: 'direct',
      type: 'neighbour',
      place: '繁荣小区3栋',
      facts: '楼上漏水，双方为赔偿争执。',
      parties: [
        { name: '李明', idType: 'none', role: 'applicant' },
        { name: '王强', idType: 'none', role: 'respondent' },
      ],
    });
    await api(page, 'mediation.accept', { id: c.id, version: c.version });

    // the head asks for the transfer on the sync screen
    await page.goto(`${server.url}#/settings/sync`);
    await chooseOption(page, 'transfer-case', c.caseNo);
    await page.getByTestId('transfer-to').fill('SY-NJ-002');
    await page.getByTestId('transfer-reason').fill('当事人均已迁居，由居住地警务室续办');
    await page.getByTestId('transfer-send').click();
    await expect(page.getByTestId(`transfer-status-${c.caseNo}`)).toBeVisible();

    // the case page says where it went, who asked and why, and that it is read-only here
    await page.goto(`${server.url}#/mediation/case/${c.id}`);
    const notice = page.getByTestId('case-transferred');
    await expect(notice).toContainText('本案件已申请移交至 SY-NJ-002，等待对方警务室接收');
    await expect(notice).toContainText(/王所长 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}.* 申请移交，理由：当事人均已迁居，由居住地警务室续办。/);
    await expect(notice).toContainText('只能查看，不能修改');
    await expect(page.getByTestId('case-actions')).toContainText('当前环节无可办理事项');
    await expect(page.getByTestId('act-assign')).toHaveCount(0);
    await expect(page.getByTestId('act-addParty')).toHaveCount(0);
    await expect(page.getByTestId('file-upload')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('case-transferred.png') });

    // until the other station takes it the case is still this station's work: in the queue, marked
    await page.goto(`${server.url}#/zone/mediation`);
    const row = page.getByTestId(`case-row-${c.caseNo}`);
    await expect(row.getByTestId('transfer-pending')).toHaveText('移交中 → SY-NJ-002');
    await expect(row.getByTestId('countdown-start')).toBeVisible();
    await page.getByTestId('filter-transferred-away').click();
    await expect(page.getByTestId('queue-total')).toHaveText('已移交其他警务室 0 件（只读，不计入在办与逾期）');
    await expect(page.getByTestId('mediation-queue')).toContainText('没有已移交其他警务室的案件');
    await page.goto(`${server.url}#/mediation/case/${c.id}`);

    await page.getByText('English', { exact: true }).click();
    await expect(notice).toContainText('This case is being transferred to SY-NJ-002, waiting for that station to take it');
    await expect(notice).toContainText('Reason: 当事人均已迁居，由居住地警务室续办.');
    await expect(notice).toContainText('can only be viewed here');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
