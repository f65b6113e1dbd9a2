import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { motionSettled } from './antd.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';

const MEDIATOR = { name: '孙调解', username: 'sun', password: 'Mediate2026' };
const LEGACY = { name: '周调解', username: 'zhou', password: 'Mediate2026' };
const UNLINKED = { name: '吴调解', username: 'wu', password: 'Mediate2026' };
const INITIAL = 'Initial2026';

/** The first password is changed through the API, so the login lands at home, not on the change form. */
const ready = async (request: APIRequestContext, server: RunningServer, user: { username: string; password: string }) => {
  const login = await (await request.post(`${server.url}api/auth.login`, { data: { username: user.username, password: INITIAL } })).json();
  const changed = await request.post(`${server.url}api/auth.changePassword`, {
    headers: { authorization: `Bearer ${login.result.token}` },
    data: { currentPassword: INITIAL, newPassword: user.password },
  });
  expect((await changed.json()).ok).toBe(true);
};

const switchTo = async (page: Page, user: { name: string; username: string; password: string }) => {
  await page.getByRole('button', { name: /退出登录/ }).click();
  await page.locator('#login_username').fill(user.username);
  await page.locator('#login_password').fill(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('me-name')).toContainText(user.name);
};

test('an empty pool says what to do; a 调解员 login is its pool entry; the mediator’s home lists their cases and no link they may not use', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-mediator-'));
  const server = await startServer(dataDir, await freePort());
  try {
    await setUpAndLogIn(page, request, server);
    const opened = await api(page, 'mediation.openCase', {
      source: 'direct',
      type: 'neighbour',
      place: '繁荣小区3栋',
      facts: '楼上漏水，双方为赔偿争执。',
      parties: [{ name: '李明', idType: 'resident', idNumber: '11010519491231002X', phone: '13912345678', address: null, role: 'applicant' }],
    });
    const c = await api(page, 'mediation.accept', { id: opened.id, version: opened.version });

    // 指派调解员 with nobody in the pool: what to do, and the way to the pool
    await page.goto(`${server.url}#/mediation/case/${c.id}`);
    await page.getByTestId('act-assign').click();
    const empty = page.getByTestId('pool-empty');
    await expect(empty).toContainText('调解员库中没有可指派的调解员');
    await empty.getByTestId('pool-empty-link').click();
    await expect(page.getByTestId('pool-page')).toBeVisible();

    // the head adds a 调解员 login on the staff page: it is in the pool at once, linked to itself
    await page.goto(`${server.url}#/settings/staff`);
    await page.getByTestId('staff-add').click();
    await page.locator('#staffCreate_name').fill(MEDIATOR.name);
    await page.locator('#staffCreate_username').fill(MEDIATOR.username);
    await motionSettled(page);
    await page.locator('#staffCreate_role').click();
    await motionSettled(page);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '调解员' }).first().click();
    await page.locator('#staffCreate_phone').fill('13700000005');
    await page.locator('#staffCreate_initialPassword').fill(INITIAL);
    await page.getByTestId('staffCreate-ok').click();
    await expect(page.getByText(`${MEDIATOR.name}已在调解员库中，可被指派案件`)).toBeVisible();
    await page.goto(`${server.url}#/mediation/pool`);
    await expect(page.getByTestId(`pool-row-${MEDIATOR.name}`)).toContainText('13700000005');

    // a 调解员 login made before (here through the API) is listed on the pool page to add with one click
    await api(page, 'staff.create', { name: LEGACY.name, username: LEGACY.username, role: 'mediator', phone: '13700000006', initialPassword: INITIAL });
    // (one more, left out of the pool, for the end)
    await api(page, 'staff.create', { name: UNLINKED.name, username: UNLINKED.username, role: 'mediator', phone: '13700000007', initialPassword: INITIAL });
    await page.reload();
    await expect(page.getByTestId('pool-unlinked')).toContainText(LEGACY.name);
    await expect(page.getByTestId('pool-unlinked')).not.toContainText(MEDIATOR.name);
    await page.getByTestId(`pool-unlinked-${LEGACY.name}`).getByTestId('pool-add-login').click();
    await expect(page.getByTestId(`pool-row-${LEGACY.name}`)).toContainText(LEGACY.name);
    await expect(page.getByTestId('pool-unlinked')).not.toContainText(LEGACY.name);

    // the case goes to the mediator: assigned through the same modal, which now has someone to offer
    await page.goto(`${server.url}#/mediation/case/${c.id}`);
    await page.getByTestId('act-assign').click();
    await expect(page.getByTestId(`suggest-${MEDIATOR.name}`)).toBeVisible();
    await page.getByTestId(`suggest-${MEDIATOR.name}`).getByRole('checkbox').check();
    await page.getByTestId('form-assign-submit').click();
    await expect(page.getByTestId('case-mediators')).toContainText(MEDIATOR.name);

    // the mediator's home: my cases, and no link to a page the role may not open
    await ready(request, server, MEDIATOR);
    await switchTo(page, MEDIATOR);
    await page.goto(server.url);
    const mine = page.getByTestId('home-slot-my-cases');
    await expect(mine.getByTestId(`my-case-${c.caseNo}`)).toContainText('李明');
    await expect(page.getByTestId('home-duty')).toBeVisible();
    await expect(page.getByTestId('home-go-roster')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('由后续');
    await mine.getByTestId(`my-case-${c.caseNo}`).getByText(c.caseNo).click();
    await expect(page.getByTestId('case-page')).toBeVisible();

    // a 调解员 with no pool entry is told why nothing comes to them, and whom to ask
    await ready(request, server, UNLINKED);
    await switchTo(page, UNLINKED);
    await page.goto(server.url);
    await expect(page.getByTestId('my-cases-unlinked')).toContainText('尚未关联调解员库');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
