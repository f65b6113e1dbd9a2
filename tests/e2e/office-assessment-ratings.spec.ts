import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';

const AUX = { name: '赵辅警', username: 'zhao', password: 'Assess2026' };
const INITIAL = 'Initial2026';

test('the head sets how ratings count in the assessment: refused on its field when wrong, then the score shows the rating lines with the rule as their source', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-assessment-ratings-'));
  let server: RunningServer | undefined;
  try {
    server = await startServer(dataDir, await freePort());
    await setUpAndLogIn(page, request, server);
    await api(page, 'staff.create', { name: AUX.name, username: AUX.username, role: 'auxiliary', phone: '13700000002', initialPassword: INITIAL });
    // the auxiliary serves three visitors at their own PC (their first password changed through the API)
    const post = async (method: string, data: unknown, token?: string) =>
      (await request.post(`${server!.url}api/${method}`, { data, headers: token ? { authorization: `Bearer ${token}` } : {} })).json();
    const first = await post('auth.login', { username: AUX.username, password: INITIAL });
    expect((await post('auth.changePassword', { currentPassword: INITIAL, newPassword: AUX.password }, first.result.token)).ok).toBe(true);
    const { result } = await post('auth.login', { username: AUX.username, password: AUX.password });
    for (const level of ['verySatisfied', 'satisfied', 'dissatisfied']) {
      const w = await api<{ id: string }>(page, 'intake.register', { visitorName: '来访人', idType: 'none', purpose: 'certificate', route: 'office', note: '' });
      for (const status of ['serving', 'done']) expect((await post('intake.setStatus', { id: w.id, status }, result.token)).ok).toBe(true);
      // the visitor rates at the desk's rating screen
      await api(page, 'intake.rate', { walkInId: w.id, level, reasons: level === 'dissatisfied' ? ['longWait'] : [] });
    }

    await page.goto(`${server.url}#/office/routine?tab=assessment`);
    const aux = page.getByTestId('assessment-row').filter({ hasText: AUX.name });
    await expect(page.getByTestId('assessment-rules-summary')).toHaveText('好差评不计入考核');
    await expect(aux.getByTestId('assessment-total')).toHaveText('200');

    // on, with 12 points per poor rating: refused on that field by the core
    await page.getByTestId('assessment-rules').click();
    const form = page.getByTestId('assessment-rules-form');
    await page.getByTestId('assessment-rules-on').click();
    await expect(page.getByTestId('assessment-rules-on')).toHaveAttribute('aria-checked', 'true');
    await page.getByTestId('assessment-rules-satisfied').fill('0.5');
    await page.getByTestId('assessment-rules-poor').fill('12');
    await page.getByTestId('assessment-rules-cap').fill('10');
    await page.getByTestId('assessment-rules-form-submit').click();
    await expect(form).toContainText('每条评价的分值不能超过 10 分');
    await page.getByTestId('assessment-rules-poor').fill('3');
    await page.getByTestId('assessment-rules-form-submit').click();
    await expect(form).toBeHidden();

    // two satisfied: +1, capped by nothing; one poor: −3 — the side is 98, the rule named as the source
    await expect(page.getByTestId('assessment-rules-summary')).toContainText('好差评计入社区分：满意 +0.5 分/条，不满意 −3 分/条，各以 10 分为限（王所长 设定于');
    await expect(aux.getByTestId('assessment-total')).toHaveText('198');
    await expect(aux).toContainText('群众评价不满意 −3');
    await aux.locator('.ant-table-row-expand-icon').click();
    const poor = page.getByTestId('assessment-breakdown').getByTestId('breakdown-community-ratingPoor');
    await expect(poor).toContainText('所长规则');
    await expect(poor).toContainText('1 项 × 3 分');
    await expect(poor).toContainText('规则设定人：王所长');
    await expect(page.getByTestId('assessment-breakdown').getByTestId('breakdown-community-ratingSatisfied')).toContainText('+1');
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
