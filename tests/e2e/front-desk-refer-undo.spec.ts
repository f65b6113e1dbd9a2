import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';

test('a referral clicked by mistake is taken back from its message; once the other zone has called the visitor, it says why not', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-e2e-refer-undo-'));
  let server: RunningServer | undefined;
  try {
    server = await startServer(dataDir, await freePort());
    await setUpAndLogIn(page, request, server);
    await api(page, 'intake.register', { visitorName: '孙七', idType: 'none', purpose: 'consultation', route: 'office', note: '' });
    await page.goto(`${server.url}#/front-desk`);
    const office = page.getByTestId('board-office').getByTestId('walkin-办-001');
    const mediation = page.getByTestId('board-mediation');

    // handed on to mediation: the original ends as referred, 调-001 waits there
    await office.getByTestId('act-refer').click();
    await page.getByTestId('refer-submit').click();
    await expect(page.getByText('已转交至调解区，新号 调-001')).toBeVisible();
    await expect(office).toHaveAttribute('data-status', 'referred');
    await expect(mediation.getByTestId('walkin-调-001')).toBeVisible();
    // taken back: the original waits again, and the walk-in made in mediation is gone
    await page.getByTestId('act-undo').click();
    await expect(page.getByText('已撤销，办-001 恢复原状态')).toBeVisible();
    await expect(office).toHaveAttribute('data-status', 'waiting');
    await expect(office.getByTestId('act-serve')).toBeVisible();
    await expect(mediation.getByTestId('walkin-调-001')).toHaveCount(0);

    // referred again, and mediation calls the new number before the undo: it cannot be taken back
    await office.getByTestId('act-refer').click();
    await page.getByTestId('refer-submit').click();
    await expect(page.getByText('已转交至调解区，新号 调-002')).toBeVisible();
    const board = await api<{ walkIns: { id: string; queueNo: string }[] }>(page, 'intake.board', {});
    await api(page, 'intake.call', { route: 'mediation', walkInId: board.walkIns.find((w) => w.queueNo === '调-002')!.id });
    await page.getByTestId('act-undo').click();
    await expect(page.getByText('转去的 调-002 已经叫号，不能撤回转办')).toBeVisible();
    await expect(office).toHaveAttribute('data-status', 'referred');
    await expect(mediation.getByTestId('walkin-调-002')).toBeVisible();
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
