import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { chooseOption, motionSettled } from './antd.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';
import { openZoneTool } from './menu.js';

const AUX = { name: '赵辅警', username: 'zhao', password: 'Initial2026' };
const NOTE = '繁荣小区步巡一圈，未见异常';
const PHONE = '13912345678';

/** A real PNG, drawn here: `size`×`size` pixels of one colour, as any viewer opens it. */
const pngOf = (size: number, [r, g, b]: [number, number, number]): Buffer => {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
};

test('the head assigns a standard task, it is completed with a note and a photo, a notice prints to PDF and into the duty log, and the assessment shows its breakdown', async ({ page, request }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-office-tasks-'));
  const port = await freePort();
  const server: RunningServer = await startServer(dataDir, port);
  try {
    await setUpAndLogIn(page, request, server);
    await api(page, 'staff.create', { name: AUX.name, username: AUX.username, role: 'auxiliary', phone: '13700000002', initialPassword: AUX.password });
    // a shift on duty, opened by hand (no roster yet): printing a notice is written in its log
    const me = await api<{ staffId: string }>(page, 'auth.me', {});
    const now = Date.now();
    await api(page, 'office.shiftOpen', { source: 'manual', name: '白班', startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 8 * 3600_000).toISOString(), staffIds: [me.staffId] });

    await openZoneTool(page, '办公区', '任务 · 公告 · 考核');
    await expect(page.getByTestId('task-standard-info')).toContainText('共 48 项');

    // assign from the standard; a due date before today is refused on its field
    await page.getByTestId('task-assign').click();
    // 48 tasks in a virtual list: typed to find, as at the desk
    await page.getByTestId('task-standard').click();
    await page.keyboard.type('ZA-01');
    await motionSettled(page);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'ZA-01 社区治安巡逻' }).click();
    await chooseOption(page, 'task-assignee', AUX.name);
    // the standard's rhythm is proposed
    await expect(page.getByTestId('task-recurrence')).toContainText('每天');
    const due = page.getByTestId('task-due');
    const typeDate = async (date: string) => {
      await due.click();
      await due.fill(date);
      // the typed date is taken when the field is left
      await page.locator('.ant-modal-title').click();
      await motionSettled(page);
    };
    await typeDate('2020-01-01');
    await expect(due).toHaveValue('2020-01-01');
    await page.getByTestId('task-assign-form-submit').click();
    await expect(page.getByTestId('task-assign-form')).toContainText('完成期限不能早于派发日期');
    await typeDate(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()));
    await page.getByTestId('task-assign-form-submit').click();
    await expect(page.getByTestId('task-assign-form')).toBeHidden();
    const row = page.getByTestId('task-row').filter({ hasText: '社区治安巡逻' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(AUX.name);

    // completed with a note and a photo (the head records it for the auxiliary); the daily task comes back for tomorrow
    await row.getByTestId('task-complete').click();
    await page.getByTestId('task-evidence-note').fill(NOTE);
    const fileInput = page.getByTestId('task-complete-form').locator('input[type=file]');
    // a PDF passed off as a photo is refused on the photo's field, and nothing is done
    await fileInput.setInputFiles({ name: '巡逻记录.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await expect(page.getByTestId('task-photo-name')).toContainText('巡逻记录.png');
    await page.getByTestId('task-complete-form-submit').click();
    await expect(page.getByTestId('task-complete-form')).toContainText('照片只能是 JPG 或 PNG 图片');
    await fileInput.setInputFiles({ name: '巡逻现场.png', mimeType: 'image/png', buffer: pngOf(12, [200, 30, 30]) });
    await expect(page.getByTestId('task-photo-name')).toContainText('巡逻现场.png');
    await page.getByTestId('task-complete-form-submit').click();
    await expect(page.getByTestId('task-complete-form')).toBeHidden();
    await expect(page.getByTestId('task-row')).toHaveCount(1);
    await page.getByTestId('task-status-filter').getByText('已完成').click();
    const evidence = page.getByTestId('task-row').filter({ hasText: '社区治安巡逻' }).getByTestId('task-evidence');
    await expect(evidence).toContainText(NOTE);
    // the photo is opened from the list, as it was taken
    await evidence.getByTestId('task-photo-open').click();
    const photo = page.getByTestId('task-photo-preview');
    await expect(photo).toBeVisible();
    const img = page.locator('.ant-modal img[alt="巡逻现场.png"]');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([12, 12]);
    await page.keyboard.press('Escape');
    await expect(photo).toBeHidden();

    // the public board's notice, filled in and printed on A4
    await page.getByRole('tab', { name: '公告告示' }).click();
    await page.getByTestId('notice-template').filter({ hasText: '社区民警公示牌' }).getByTestId('notice-fill').click();
    await expect(page.getByTestId('notice-field-station')).toHaveValue(STATION_PROFILE.name);
    await expect(page.getByTestId('notice-field-officer')).toHaveValue(HEAD.name);
    await page.getByTestId('notice-field-phone').fill(PHONE);
    await page.getByTestId('notice-field-duties').fill('人口管理、治安防范、矛盾调解');
    await page.getByTestId('notice-fill-form-submit').click();
    await expect(page.getByTestId('print-page')).toHaveAttribute('data-print-ready', 'true');
    await expect(page.getByTestId('notice-print')).toContainText(`社区民警：${HEAD.name}`);
    await expect(page.getByTestId('notice-print').locator('svg[role="img"]')).toHaveAttribute('aria-label', `tel:${PHONE}`);
    await page.emulateMedia({ media: 'print' });
    const pdfPath = testInfo.outputPath('notice.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(pdfText).toContain('社区民警公示栏');
    expect(pdfText).toContain(STATION_PROFILE.name);
    expect(pdfText).toContain(`社区民警：${HEAD.name}`);
    expect(pdfText).toContain(`联系电话：${PHONE}`);
    expect(pdfText).toContain('24小时值班电话：0438-6123456');
    expect(pdfText).toContain('人口管理、治安防范、矛盾调解');
    const pages = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(pages).toMatch(/Page size:\s+59[45]\.\d* x 841\.\d* pts \(A4\)/);

    // the duty log says a notice was printed
    await page.goto(`${server.url}#/office`);
    await expect(page.getByTestId('office-entry-noticePrinted')).toContainText('《社区民警公示栏》A4');

    // the assessment: every person's two scores with the breakdown beside them and in full
    await page.goto(`${server.url}#/office/routine?tab=assessment`);
    const aux = page.getByTestId('assessment-row').filter({ hasText: AUX.name });
    await expect(aux.getByTestId('assessment-total')).toHaveText('200');
    await aux.locator('.ant-table-row-expand-icon').click();
    const breakdown = page.getByTestId('assessment-breakdown');
    await expect(breakdown.getByTestId('breakdown-police-overdueTask')).toContainText('任务逾期');
    await expect(breakdown.getByTestId('breakdown-community-disputedRecord')).toContainText('采集信息有误');
    await expect(breakdown.getByTestId('breakdown-community-overdueMediation')).toContainText('调解超期');

    // a manual item worth 200 points is refused on its field; 5 points with a reason counts
    await page.getByTestId('assessment-add-item').click();
    await chooseOption(page, 'assessment-item-person', AUX.name);
    await page.getByTestId('assessment-item-points').fill('200');
    await page.getByTestId('assessment-item-reason').fill('值班期间脱岗');
    await page.getByTestId('assessment-item-form-submit').click();
    await expect(page.getByTestId('assessment-item-form')).toContainText('单项分值不能超过 100 分');
    await page.getByTestId('assessment-item-points').fill('5');
    await page.getByTestId('assessment-item-form-submit').click();
    await expect(page.getByTestId('assessment-item-form')).toBeHidden();
    await expect(aux.getByTestId('assessment-total')).toHaveText('195');
    await expect(aux).toContainText('值班期间脱岗 −5');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
