import { expect, test, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { api, freePort, startServer, type RunningServer } from './server.js';

const root = join(__dirname, '..', '..');
const HQ_MAIN = join(root, 'dist/main/hq.cjs');

/**
 * The environment of an HQ process: never a PostgreSQL database from the caller's environment, which
 * every worker would share; each HQ here keeps its data in its own temp directory.
 */
const hqEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.HQ_DATABASE_URL;
  delete env.HQ_DATABASE_SCHEMA;
  return env;
};

/** `npm run hq` as built: the HQ service on an SQLite directory. */
const startHq = async (dataDir: string, port: number): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> => {
  const child = spawn(process.execPath, [HQ_MAIN, '--data-dir', dataDir, '--port', String(port)], {
    cwd: root,
    env: hqEnv({ HQ_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HQ did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('HQ listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`HQ exited ${code}:\n${out}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/** A walk-in registered as the front desk does, through the station's API with the tab's session. */
const register = async (page: Page, visitorName: string) => {
  const answer = await page.evaluate(async (name) => {
    const token = sessionStorage.getItem('station-desk.token');
    const r = await fetch('./api/intake.register', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ visitorName: name, idType: 'none', purpose: 'report', route: 'duty' }),
    });
    return r.json();
  }, visitorName);
  expect(answer.ok).toBe(true);
};

test('HQ creates a station, the head enrols it, the station shows its state online and offline, HQ sees its walk-ins', async ({ page, context }) => {
  const hqDir = mkdtempSync(join(tmpdir(), 'station-desk-hq-'));
  const stationDir = mkdtempSync(join(tmpdir(), 'station-desk-sync-'));
  const hqPort = await freePort();
  execFileSync(process.execPath, [HQ_MAIN, '--data-dir', hqDir, '--add-user', 'admin', '--role', 'admin'], {
    env: hqEnv({ HQ_USER_PASSWORD: 'Admin-2026-hq' }),
  });
  let hq = await startHq(hqDir, hqPort);
  let server: RunningServer | undefined;
  try {
    // HQ: an admin creates the station and reads its one-time code off the page
    const hqPage = await context.newPage();
    await hqPage.goto(`${hq.url}/`);
    await hqPage.getByLabel('用户名').fill('admin');
    await hqPage.getByLabel('密码').fill('Admin-2026-hq');
    await hqPage.keyboard.press('Enter');
    await hqPage.getByRole('tab', { name: '警务室与更新' }).click();
    await hqPage.getByLabel('编码').fill(STATION_PROFILE.code);
    await hqPage.getByLabel('名称').first().fill(STATION_PROFILE.name);
    await hqPage.getByLabel('辖区').fill('宁江区');
    await hqPage.getByTestId('create-station').click();
    const code = (await hqPage.getByTestId('enrolment-code').innerText()).trim();
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    // the station: set up, a walk-in, then the head enrols it on the sync screen
    server = await startServer(stationDir, await freePort());
    const setup = await page.request.post(`${server.url}api/station.setup`, { data: { station: STATION_PROFILE, head: HEAD } });
    expect((await setup.json()).ok).toBe(true);
    await page.goto(server.url);
    await page.locator('#login_username').fill(HEAD.username);
    await page.locator('#login_password').fill(HEAD.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('station-name')).toHaveText(STATION_PROFILE.name);
    await register(page, '张三');
    await page.goto(`${server.url}#/settings/sync`);
    await expect(page.getByTestId('sync-state')).toHaveText('未接入市局');
    await page.locator('#syncEnrol_hqUrl').fill(hq.url);
    await page.locator('#syncEnrol_code').fill(code.toLowerCase());
    await page.getByTestId('sync-enrol').click();
    await expect(page.getByTestId('sync-state')).toHaveText('在线', { timeout: 15_000 });
    await expect(page.getByTestId('sync-backlog')).toHaveText('0 条变更');
    await expect(page.getByTestId('sync-clock')).toHaveText('与市局一致');

    // HQ goes away: the station says so in words and keeps a backlog
    await hq.stop();
    await register(page, '李四');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-state')).toHaveText('离线', { timeout: 15_000 });
    await expect(page.getByTestId('sync-error')).toContainText('连不上市局');
    await expect(page.getByTestId('sync-backlog')).not.toHaveText('0 条变更');
    await page.screenshot({ path: join(root, 'test-results', 'sync-offline.png') }).catch(() => undefined);

    // back: the backlog goes up within seconds, without anyone asking
    hq = await startHq(hqDir, hqPort);
    await expect(page.getByTestId('sync-state')).toHaveText('在线', { timeout: 15_000 });
    await expect(page.getByTestId('sync-backlog')).toHaveText('0 条变更');

    // HQ's overview: the station, synced, with today's two walk-ins
    await hqPage.reload();
    await hqPage.getByRole('tab', { name: '总览' }).click();
    const row = hqPage.getByTestId('stations-table').locator('tr', { hasText: STATION_PROFILE.code });
    await expect(row).toContainText(STATION_PROFILE.name);
    await expect(row.locator('td').nth(8)).toHaveText('2');
    await expect(hqPage.getByTestId('walk-in-chart').locator('canvas')).toBeVisible();
    const download = hqPage.waitForEvent('download');
    await hqPage.getByTestId('export-csv').click();
    // the name HQ gives the file: the range's first and last day
    expect((await download).suggestedFilename()).toMatch(/^overview-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    // the page's icon is served (every page asked for a missing one)
    const icon = await hqPage.locator('link[rel=icon]').getAttribute('href');
    const served = await page.request.get(new URL(icon!, `${hq.url}/`).toString());
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toContain('image/svg+xml');

    // a notice HQ publishes is on the station's home screen, to be marked read there
    const hqToken = await hqPage.evaluate(() => sessionStorage.getItem('hq.token'));
    const published = await page.request.post(`${hq.url}/api/reference/directives`, {
      headers: { authorization: `Bearer ${hqToken}` },
      data: { payload: { title: '关于加强冬季防火巡查的通知', body: '请各警务室本周内完成辖区防火巡查。' } },
    });
    expect(published.status()).toBe(200);
    await page.getByTestId('sync-now').click();
    // the round that brings it runs in the background: once the station has it, the home screen shows it
    await expect
      .poll(async () => (await api<{ directives: { title: string }[] }>(page, 'sync.directives', {})).directives.map((d) => d.title))
      .toContain('关于加强冬季防火巡查的通知');
    await page.goto(`${server.url}#/`);
    await page.reload();
    const notices = page.getByTestId('home-directives');
    await expect(notices.getByTestId('home-directives-item')).toContainText('关于加强冬季防火巡查的通知');
    await expect(notices).toContainText('未读');
    await notices.getByTestId('home-directives-read').click();
    await expect(notices).not.toContainText('未读');
  } finally {
    await server?.stop();
    await hq.stop();
    rmSync(hqDir, { recursive: true, force: true });
    rmSync(stationDir, { recursive: true, force: true });
  }
});

/** HQ's web page as a user of the given account sees it, logged in on a tab of its own. */
const hqLogin = async (page: Page, url: string, username: string, password: string) => {
  await page.goto(`${url}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: '下发资料' }).click();
};

/** A standard list with a task for each of the four functions. */
const LIST = {
  listId: 'e2e-2027',
  title: '2027 年标准化任务清单',
  titleEn: 'Standard task list 2027',
  publishedAt: '2026-12-01',
  tasks: [
    { code: 'RK-01', function: 'population', zh: '实有人口核查', en: 'Check the resident population', recurrence: 'monthly' },
    { code: 'ZA-01', function: 'security', zh: '夜间巡逻', en: 'Night patrol', recurrence: 'daily' },
    { code: 'XX-01', function: 'information', zh: '社情民意收集', en: 'Collect public opinion', recurrence: 'none' },
    { code: 'TJ-01', function: 'mediation', zh: '矛盾纠纷排查', en: 'Screen for disputes', recurrence: 'weekly' },
  ],
};

test('an HQ admin publishes the standard task list and the holidays from the page; a station pulls them; a viewer sees them and cannot publish', async ({ page, context }) => {
  const hqDir = mkdtempSync(join(tmpdir(), 'station-desk-hq-'));
  const stationDir = mkdtempSync(join(tmpdir(), 'station-desk-sync-'));
  const listFile = join(hqDir, 'task-list.json');
  writeFileSync(listFile, JSON.stringify(LIST, null, 2));
  for (const [user, role] of [['admin', 'admin'], ['viewer', 'viewer']]) {
    execFileSync(process.execPath, [HQ_MAIN, '--data-dir', hqDir, '--add-user', user, '--role', role], { env: hqEnv({ HQ_USER_PASSWORD: 'Hq-2026-pass' }) });
  }
  const hq = await startHq(hqDir, await freePort());
  let server: RunningServer | undefined;
  const year = new Date().getFullYear();
  try {
    const admin = await context.newPage();
    await hqLogin(admin, hq.url, 'admin', 'Hq-2026-pass');

    // the task list: a broken paste and a list short of a function are refused, naming why
    const tasks = admin.getByTestId('tasklist');
    await expect(tasks).toContainText('尚未下发');
    await tasks.getByTestId('tasklist-json').fill('{"listId": "e2e-2027",');
    await tasks.getByTestId('tasklist-publish').click();
    await expect(tasks.getByTestId('tasklist-error')).toContainText('不是有效的 JSON');
    await tasks.getByTestId('tasklist-json').fill(JSON.stringify({ ...LIST, tasks: LIST.tasks.slice(0, 3) }));
    await tasks.getByTestId('tasklist-publish').click();
    await expect(tasks.getByTestId('tasklist-error')).toHaveText('字段 tasks：清单缺少“矛盾调解”职能的任务');
    await tasks.getByTestId('tasklist-json').fill(JSON.stringify({ ...LIST, tasks: LIST.tasks.map((t, i) => (i === 1 ? { ...t, colour: 'red' } : t)) }));
    await tasks.getByTestId('tasklist-publish').click();
    await expect(tasks.getByTestId('tasklist-error')).toContainText('字段 tasks.1.colour：不是这类资料的字段');
    // the file as HQ's office keeps it: uploaded, then published as version 1
    await tasks.locator('input[type=file]').setInputFiles(listFile);
    await expect(tasks.getByTestId('tasklist-json')).toHaveValue(/e2e-2027/);
    await tasks.getByTestId('tasklist-publish').click();
    await expect(tasks.getByTestId('tasklist-current')).toContainText('当前为第 1 版');
    await expect(tasks.getByTestId('tasklist-current')).toContainText('e2e-2027 · 2027 年标准化任务清单 · 4 项任务');
    const download = admin.waitForEvent('download');
    await tasks.getByTestId('tasklist-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('taskList-v1.json');
    expect(JSON.parse(readFileSync((await file.path())!, 'utf8'))).toEqual(LIST);

    // the holidays: two days of this year's National Day, one of them worked (调休)
    const holidays = admin.getByTestId('holidays');
    await expect(holidays).toContainText(`${year} 年还没有下发节假日`);
    const addDay = async (date: string, name: string, workday = false) => {
      await holidays.getByTestId('holiday-add').click();
      const row = holidays.getByTestId(/^holiday-new-/).last();
      await row.locator('input').first().fill(date);
      await row.locator('input').first().press('Enter');
      const dated = holidays.getByTestId(`holiday-${date}`);
      await dated.getByTestId('holiday-name').fill(name);
      if (workday) await dated.getByTestId('holiday-workday').click();
      await expect(dated).toContainText('待下发');
    };
    await addDay(`${year}-10-01`, '国庆节');
    await addDay(`${year}-10-10`, '国庆节调休', true);
    // a day without a name is refused by HQ, named, and stays in the table to correct
    await addDay(`${year}-12-31`, '');
    await holidays.getByTestId('holidays-publish').click();
    await expect(holidays.getByTestId('holidays-error')).toHaveText(`${year}-12-31：名称：必填`);
    await expect(holidays.getByTestId(`holiday-${year}-10-01`)).not.toContainText('待下发');
    await expect(holidays.getByTestId(`holiday-${year}-10-10`).getByRole('switch')).toBeChecked();
    await holidays.getByTestId(`holiday-${year}-12-31`).getByRole('button', { name: /撤\s*销/ }).click();
    await expect(holidays.getByTestId(`holiday-${year}-12-31`)).toHaveCount(0);
    // a date published by mistake is withdrawn: it leaves the table
    await addDay(`${year}-10-02`, '误加');
    await holidays.getByTestId('holidays-publish').click();
    await expect(holidays.getByTestId(`holiday-${year}-10-02`)).not.toContainText('待下发');
    await holidays.getByTestId(`holiday-${year}-10-02`).getByTestId('holiday-withdraw').click();
    await admin.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect(holidays.getByTestId(`holiday-${year}-10-02`)).toContainText('将撤回');
    await holidays.getByTestId('holidays-publish').click();
    await expect(holidays.getByTestId(`holiday-${year}-10-02`)).toHaveCount(0);
    await admin.screenshot({ path: join(root, 'test-results', 'hq-reference.png'), fullPage: true }).catch(() => undefined);

    // HQ serves them in their buckets
    const token = await admin.evaluate(() => sessionStorage.getItem('hq.token'));
    const bucket = async (name: string, as = token) =>
      (await (await page.request.get(`${hq.url}/api/reference/${name}`, { headers: { authorization: `Bearer ${as}` } })).json()) as { payload: Record<string, unknown> }[];
    expect((await bucket('holidays')).map((i) => i.payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ date: `${year}-10-01`, name: '国庆节', workday: false }),
        expect.objectContaining({ date: `${year}-10-10`, name: '国庆节调休', workday: true }),
        expect.objectContaining({ date: `${year}-10-02`, withdrawn: true, version: 2 }),
      ]),
    );
    expect(await bucket('holidays')).toHaveLength(3);

    // a station enrolled afterwards pulls them: HQ's list is its standard now
    const created = await (
      await page.request.post(`${hq.url}/api/stations`, {
        headers: { authorization: `Bearer ${token}` },
        data: { code: STATION_PROFILE.code, name: STATION_PROFILE.name, district: '宁江区' },
      })
    ).json();
    server = await startServer(stationDir, await freePort());
    const station = server.url;
    expect((await (await page.request.post(`${station}api/station.setup`, { data: { station: STATION_PROFILE, head: HEAD } })).json()).ok).toBe(true);
    const login = await (await page.request.post(`${station}api/auth.login`, { data: { username: HEAD.username, password: HEAD.password } })).json();
    const call = async (method: string, input: unknown) =>
      (await page.request.post(`${station}api/${method}`, { headers: { authorization: `Bearer ${login.result.token}` }, data: input })).json();
    expect((await call('sync.enrol', { hqUrl: hq.url, code: created.enrolmentCode })).ok).toBe(true);
    await expect
      .poll(async () => {
        await call('sync.now', {});
        return (await call('office.taskStandard', {})).result;
      }, { timeout: 20_000 })
      .toMatchObject({ source: 'hq', listId: 'e2e-2027', title: '2027 年标准化任务清单', tasks: [{ code: 'RK-01' }, { code: 'ZA-01' }, { code: 'XX-01' }, { code: 'TJ-01' }] });

    // a viewer sees what is published and is offered nothing to publish; HQ refuses it anyway
    const viewer = await context.newPage();
    await hqLogin(viewer, hq.url, 'viewer', 'Hq-2026-pass');
    await expect(viewer.getByTestId('tasklist-current')).toContainText('当前为第 1 版');
    await expect(viewer.getByTestId(`holiday-${year}-10-10`)).toContainText('调休上班');
    await expect(viewer.getByTestId('tasklist-publish')).toHaveCount(0);
    await expect(viewer.getByTestId('holidays-publish')).toHaveCount(0);
    await expect(viewer.getByTestId('holiday-name')).toHaveCount(0);
    await expect(viewer.getByRole('tab', { name: '警务室与更新' })).toHaveCount(0);
    await expect(viewer.getByTestId('tasklist-download')).toBeVisible();
    const refused = await viewer.evaluate(async (y) => {
      const post = (bucket: string, payload: unknown) =>
        fetch(`/api/reference/${bucket}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem('hq.token')}` },
          body: JSON.stringify({ payload }),
        }).then(async (r) => [r.status, (await r.json()).error]);
      return [await post('holidays', { date: `${y}-05-01`, name: '劳动节' }), await post('taskList', { listId: 'viewer' })];
    }, year);
    expect(refused).toEqual([
      [403, 'forbidden'],
      [403, 'forbidden'],
    ]);
    expect(await bucket('holidays')).toHaveLength(3);
  } finally {
    await server?.stop();
    await hq.stop();
    rmSync(hqDir, { recursive: true, force: true });
    rmSync(stationDir, { recursive: true, force: true });
  }
});
