import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { chooseOption } from './antd.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';


const parties = (a: string, b: string) => [
  { name: a, idType: 'none', role: 'applicant' },
  { name: b, idType: 'none', role: 'respondent' },
];

test('statistics with charts, the monthly report as a PDF, the head tuning the early-warning rules, and a referral from the duty officer', async ({ page, request }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-medstats-'));
  const server: RunningServer = await startServer(dataDir, await freePort());
  try {
    // the station, set up through the API; the head logs in through the UI
    await setUpAndLogIn(page, request, server);

    // this month: three accepted — one resolved after a high-risk warning, one failed — and one declined
    const mediator = await api(page, 'mediation.poolCreate', { name: '孙调解', specialties: ['neighbour'] });
    const run = async (facts: string, names: [string, string], end: 'agreed' | 'failed' | 'declined') => {
      let c = await api(page, 'mediation.openCase', { source: 'direct', type: 'neighbour', place: '繁荣小区', facts, parties: parties(...names) });
      if (end === 'declined') return api(page, 'mediation.decline', { id: c.id, version: c.version, reason: '一方拒绝调解' });
      c = await api(page, 'mediation.accept', { id: c.id, version: c.version });
      c = await api(page, 'mediation.assign', { id: c.id, version: c.version, mediatorIds: [mediator.id] });
      c = await api(page, 'mediation.addSession', { id: c.id, version: c.version, heldAt: new Date().toISOString(), place: '调解室', minutes: '双方陈述。' });
      if (end === 'agreed') return api(page, 'mediation.recordAgreement', { id: c.id, version: c.version, terms: '赔偿五百元。' });
      return api(page, 'mediation.recordFailure', { id: c.id, version: c.version, feedback: '分歧过大。' });
    };
    const risky = await run('对方扬言要弄死他，还持刀威胁。', ['甲一', '乙一'], 'agreed');
    expect(risky.risk.peakLevel).toBe('high');
    await run('噪音扰民。', ['甲二', '乙二'], 'failed');
    await run('楼道堆物。', ['甲三', '乙三'], 'agreed');
    await run('占用车位。', ['甲四', '乙四'], 'declined');

    await page.goto(`${server.url}#/zone/mediation`);
    await page.getByTestId('stats-link').click();
    await expect(page.getByTestId('stats-headline')).toHaveText('受理纠纷 3 件，调解成功 2 件，化解民转刑风险 1 件（共预警高风险 1 件）');
    await expect(page.getByTestId('stat-declined')).toContainText('1');
    await expect(page.getByTestId('stat-failed')).toContainText('1');
    // the charts are drawn (SVG, so they print sharp) with the figures' names
    await expect(page.getByTestId('chart-month').locator('svg')).toBeVisible();
    await expect(page.getByTestId('chart-month')).toContainText('调解成功');
    await expect(page.getByTestId('chart-type')).toContainText('邻里纠纷');
    await expect(page.getByTestId('chart-mediator')).toContainText('孙调解');
    await page.screenshot({ path: testInfo.outputPath('stats.png'), fullPage: true });

    // the monthly report of this month, printed to PDF: the figures are text in it
    await page.getByTestId('print-report').click();
    await expect(page.locator('[data-print-ready="true"]')).toBeVisible();
    await expect(page.getByTestId('report-summary')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    const pdfPath = testInfo.outputPath('report.pdf');
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const pdf = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    const flat = pdf.replace(/\s+/g, '');
    expect(flat).toContain('人民调解工作月报');
    expect(flat).toContain(STATION_PROFILE.name);
    expect(flat).toContain('受理纠纷3件，调解成功2件，化解民转刑风险1件');
    expect(flat).toContain('孙调解');
    // the mediator's line: 3 concluded, 2 resolved, 1 failed
    expect(pdf).toMatch(/孙调解\s+3\s+2\s+1\s+66\.7%/);
    expect(flat).toContain('邻里纠纷');

    // the head adds a keyword and raises the start limit; the next case is scored with the new word
    await page.goto(`${server.url}#/zone/mediation`);
    await page.getByTestId('settings-link').click();
    await expect(page.getByTestId('settings-page')).toHaveAttribute('data-version', '0');
    await page.getByTestId('settings-startLimit').fill('48');
    const keywords = page.getByTestId('rule-threats-keywords');
    await keywords.click();
    await page.keyboard.type('砸车');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rule-threats')).toContainText('砸车');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-page')).toHaveAttribute('data-version', '1');
    const saved = await api(page, 'mediation.settingsGet', {});
    expect(saved.startLimitHours).toBe(48);
    expect(saved.riskRules.threats.keywords).toContain('砸车');
    const next = await api(page, 'mediation.openCase', { source: 'direct', type: 'neighbour', place: '幸福路', facts: '他说明天就来砸车。', parties: parties('甲五', '乙五') });
    expect(next.risk.reasons.map((r: { rule: string }) => r.rule)).toContain('threats');
    // a bad value is refused by the core with the field named
    await page.getByTestId('settings-medium').fill('90');
    await page.getByTestId('settings-high').fill('80');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-page')).toContainText('高风险分值须高于中风险分值');
    await expect(page.getByTestId('settings-page')).toHaveAttribute('data-version', '1');
    // a dispute the duty officer could not settle on the spot, referred to mediation (Art. 18)
    await page.goto(`${server.url}#/zone/mediation`);
    await page.getByTestId('new-case-button').click();
    await chooseOption(page, 'case-source', '民警移交');
    await expect(page.getByTestId('case-referredBy')).toContainText(HEAD.name);
    await chooseOption(page, 'case-type', '婚姻家庭');
    await page.getByTestId('case-place').fill('和平小区5栋');
    await page.getByTestId('case-facts').fill('夫妻争吵，民警出警后未能当场化解。');
    await page.getByTestId('new-party-0').getByTestId('party-name').fill('钱七');
    await page.getByTestId('new-party-0').getByTestId('party-idNumber').fill('11010519491231002X');
    await page.getByTestId('new-case-submit').click();
    await expect(page.getByTestId('case-page')).toBeVisible();
    await expect(page.getByTestId('case-page')).toContainText(`民警移交 · ${HEAD.name}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
