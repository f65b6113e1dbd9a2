import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { chooseOption, motionSettled } from './antd.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';
import { openZoneTool } from './menu.js';

/** The most recent school day before today in Shanghai: a weekday that is not a public holiday. */
const lastSchoolDay = (): string => {
  const holidays = new Set<string>();
  for (const year of [2026, 2027]) {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'resources', 'holidays', `CN-${year}.json`), 'utf8')) as { days: { date: string; kind: string }[] };
    for (const d of file.days) if (d.kind === 'holiday') holidays.add(d.date);
  }
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const day = new Date(`${today}T00:00:00Z`);
  for (;;) {
    day.setUTCDate(day.getUTCDate() - 1);
    const iso = day.toISOString().slice(0, 10);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !holidays.has(iso)) return iso;
  }
};

/** The input of an antd control: the test id sits on the input itself or on a wrapper around it. */
const inputOf = (scope: Page | Locator, testId: string) => scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

/** Types into a date or time picker; Enter (or Tab) takes the value, and in a form Enter does not also send it. */
const fillPicker = async (page: Page, testId: string, value: string, take: 'Enter' | 'Tab' = 'Enter') => {
  const input = inputOf(page, testId);
  await input.click();
  await input.fill(value);
  await input.press(take);
};

const fieldError = (page: Page, formTestId: string) => page.getByTestId(formTestId).locator('.ant-form-item-explain-error');

test('a property and its night check with the feedback sheet in PDF, school-post attendance, and a camera check round with one fault', async ({ page, request }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-prevention-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  try {
    await setUpAndLogIn(page, request, server);
    // the roster's 护学岗 windows on school days, set up by the head through the API
    const settings = await api(page, 'roster.settingsGet', {});
    await api(page, 'roster.settingsSave', {
      version: settings.version,
      people: settings.people.map((p: { staffId: string }) => ({ staffId: p.staffId, included: true, qualifications: [] })),
      settings: {
        ...settings.settings,
        windowCoverage: [
          { name: '早护学岗', from: '07:00', to: '08:30', schoolDaysOnly: true, requirements: [{ min: 1 }] },
          { name: '晚护学岗', from: '16:30', to: '17:30', schoolDaysOnly: true, requirements: [{ min: 1 }] },
        ],
      },
    });

    await openZoneTool(page, '巡防区', '巡逻 · 防范 · 义巡');
    await page.getByRole('tab', { name: '物业巡逻' }).click();
    await expect(page.getByRole('tab', { name: '物业巡逻' })).toHaveAttribute('aria-selected', 'true');

    // ── a property, its guard, a night check ──
    await page.getByTestId('prevention-property-add').click();
    await page.getByTestId('prevention-property-name').fill('繁荣小区');
    await page.getByTestId('prevention-property-company').fill('松原市安居物业服务有限公司');
    await page.getByTestId('prevention-property-contact').fill('刘经理');
    await page.getByTestId('prevention-property-phone').fill('13904381234');
    await inputOf(page, 'prevention-property-pass').fill('120');
    await page.getByTestId('prevention-property-form-submit').click();
    await expect(fieldError(page, 'prevention-property-form')).toHaveText('分值必须在 0 到 100 之间');
    await inputOf(page, 'prevention-property-pass').fill('80');
    await page.getByTestId('prevention-property-name').press('Enter');
    const row = page.locator('[data-testid="prevention-property-row"][data-name="繁荣小区"]');
    // the company's working phone is not personal data: shown in full
    await expect(row).toContainText('13904381234');

    await row.getByTestId('prevention-guard-add').click();
    await page.getByTestId('prevention-guard-name').fill('张保安');
    await page.getByTestId('prevention-guard-phone').fill('13800001111');
    await page.getByTestId('prevention-guard-phone').press('Enter');
    await expect(row.getByTestId('prevention-guard')).toContainText('张保安 138****1111');

    await row.getByTestId('prevention-check-add').click();
    const check = page.getByTestId('prevention-check-form');
    await inputOf(check, 'prevention-check-guards').fill('1');
    await check.getByTestId('prevention-check-problem-add').click();
    await check.getByTestId('prevention-check-problem-0').fill('消防通道堵塞');
    await inputOf(check, 'prevention-check-problem-points-0').fill('200');
    await page.getByTestId('prevention-check-form-submit').click();
    await expect(fieldError(page, 'prevention-check-form')).toHaveText('分值必须在 0 到 100 之间');
    await inputOf(check, 'prevention-check-problem-points-0').fill('10');
    // one guard of two (−10) and the blocked fire lane (−10)
    await expect(check.getByTestId('prevention-check-live')).toHaveText('按评分规则得分：80');
    await page.getByTestId('prevention-check-form-submit').click();
    await expect(page.getByTestId('prevention-check-score')).toHaveText('80');
    await expect(row.getByTestId('prevention-property-score')).toContainText('80');

    // ── the feedback sheet on A4, as text in the PDF ──
    await row.getByTestId('prevention-feedback-print').click();
    await expect(page.getByTestId('print-page')).toHaveAttribute('data-print-ready', 'true');
    await page.emulateMedia({ media: 'print' });
    const pdfPath = testInfo.outputPath('feedback.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdfText).toContain('物业小区夜间巡逻检查情况反馈单');
    expect(pdfText).toContain(STATION_PROFILE.name);
    expect(pdfText).toContain('繁荣小区');
    expect(pdfText).toContain('松原市安居物业服务有限公司');
    expect(pdfText).toContain('刘经理13904381234');
    expect(pdfText).toContain('住房和城乡建设局');
    expect(pdfText).toContain('消防通道堵塞−10');
    expect(pdfText).toContain('80分（1次检查平均，合格分80）');
    expect(pdfText).not.toContain('13800001111');
    await page.getByRole('button', { name: '返回' }).click();

    // ── a school post's attendance on the last school day ──
    await api(page, 'patrol.schoolSave', { name: '繁荣小学', morningFrom: '07:20', morningTo: '08:00', afternoonFrom: '16:30', afternoonTo: '17:10' });
    await page.getByRole('tab', { name: '护学岗' }).click();
    const date = lastSchoolDay();
    await fillPicker(page, 'prevention-post-date', date);
    const morning = page.locator('[data-testid="prevention-post-row"][data-period="morning"]');
    const afternoon = page.locator('[data-testid="prevention-post-row"][data-period="afternoon"]');
    await expect(morning).toContainText('早护学岗 07:00–08:30');
    await expect(morning.getByTestId('prevention-post-state')).toHaveText('缺岗');

    await morning.getByTestId('prevention-post-record').click();
    await chooseOption(page, 'prevention-attendance-staff', HEAD.name);
    await fillPicker(page, 'prevention-attendance-arrived', '07:15', 'Tab');
    await fillPicker(page, 'prevention-attendance-left', '07:00', 'Tab');
    await motionSettled(page);
    await page.getByTestId('prevention-attendance-form-submit').click();
    await expect(fieldError(page, 'prevention-attendance-form')).toHaveText('离岗时间必须晚于到岗时间');
    await fillPicker(page, 'prevention-attendance-left', '08:05', 'Tab');
    await motionSettled(page);
    await page.getByTestId('prevention-attendance-form-submit').click();
    await expect(morning.getByTestId('prevention-post-state')).toHaveText('已到岗');
    await expect(morning.getByTestId('prevention-post-attendance')).toContainText(`${HEAD.name} 07:15–08:05`);

    await afternoon.getByTestId('prevention-post-record').click();
    await page.getByTestId('prevention-attendance-name').fill('王大爷');
    await page.getByTestId('prevention-attendance-absent').check();
    await page.getByTestId('prevention-attendance-form-submit').click();
    await expect(afternoon.getByTestId('prevention-post-attendance')).toContainText('王大爷 缺勤');
    await expect(afternoon.getByTestId('prevention-post-state')).toHaveText('缺岗');

    // ── cameras and a check round with one fault ──
    await page.getByRole('tab', { name: '视频通道' }).click();
    const addCamera = async (code: string, place: string) => {
      await page.getByTestId('prevention-camera-add').click();
      await page.getByTestId('prevention-camera-code').fill(code);
      await page.getByTestId('prevention-camera-place').fill(place);
      await page.getByTestId('prevention-camera-facing').fill('朝东');
      await page.getByTestId('prevention-camera-owner').fill('繁荣社区居委会');
      await page.getByTestId('prevention-camera-form-submit').click();
    };
    await addCamera('CAM-01', '繁荣路18号东门');
    await expect(page.locator('[data-testid="prevention-camera-row"][data-code="CAM-01"]')).toContainText('未巡检');
    await addCamera('cam-01', '繁荣路18号西门');
    await expect(fieldError(page, 'prevention-camera-form')).toHaveText('通道编号 CAM-01 已被“繁荣路18号东门”使用');
    await page.getByTestId('prevention-camera-code').fill('CAM-02');
    await page.getByTestId('prevention-camera-form-submit').click();
    await expect(page.locator('[data-testid="prevention-camera-row"][data-code="CAM-02"]')).toBeVisible();

    await page.getByTestId('prevention-camera-round').click();
    const west = page.locator('[data-testid="prevention-round-line"][data-code="CAM-02"]');
    await west.getByText('故障').click();
    await page.getByTestId('prevention-round-form-submit').click();
    await expect(fieldError(page, 'prevention-round-form')).toHaveText('故障必须写明情况');
    await west.getByTestId('prevention-round-note').fill('画面黑屏');
    await page.getByTestId('prevention-round-form-submit').click();
    await expect(page.locator('[data-testid="prevention-camera-row"][data-code="CAM-01"]').getByTestId('prevention-camera-status')).toHaveText('正常');
    const faulty = page.locator('[data-testid="prevention-camera-row"][data-code="CAM-02"]');
    await expect(faulty.getByTestId('prevention-camera-status')).toHaveText('故障');
    await expect(faulty).toContainText('画面黑屏');
    await expect(page.getByTestId('prevention-camera-rounds')).toContainText('2 路，故障 1 路 · CAM-02 画面黑屏');

    // the faulty camera is taken down: retired with the reason, gone from the list
    await faulty.getByTestId('prevention-camera-retire').click();
    await page.getByTestId('prevention-camera-retire-reason').fill('设备拆除');
    await page.getByTestId('prevention-camera-retire-reason').press('Enter');
    await expect(page.locator('[data-testid="prevention-camera-row"][data-code="CAM-02"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="prevention-camera-row"][data-code="CAM-01"]')).toBeVisible();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
