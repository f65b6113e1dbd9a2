import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_CARD, SimulatedReader } from '../helpers/id-card-reader-sim.js';
import { chooseOption } from './antd.js';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';

test('ID card reader: chosen in Settings → card laid → form filled → registered → returning visitor by one Enter → slip', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-e2e-card-'));
  const sim = await SimulatedReader.start();
  let server: RunningServer | undefined;
  try {
    server = await startServer(dataDir, await freePort());
    await setUpAndLogIn(page, request, server);

    // Settings: the port typed by hand (a pseudo-terminal is not listed), saved, and a test read
    await page.goto(`${server.url}#/settings/station`);
    const settings = page.getByTestId('card-reader-settings');
    await settings.getByTestId('reader-port').locator('input').fill(sim.path);
    await settings.getByTestId('reader-save').click();
    await expect(settings.getByTestId('reader-state')).toHaveText(/就绪/);
    await settings.getByTestId('reader-test').click();
    await expect(settings.getByTestId('reader-test-result')).toContainText('当前没有放卡');

    // the front desk: a first visit by card fills name and ID, focus on the phone
    await page.goto(`${server.url}#/front-desk`);
    await expect(page.getByTestId('card-status')).toHaveAttribute('data-state', 'ready');
    sim.lay();
    await expect(page.getByTestId('card-banner')).toHaveAttribute('data-filled', 'true');
    await expect(page.getByTestId('walkin-visitorName')).toHaveValue('王秀英');
    await expect(page.getByTestId('walkin-idNumber')).toHaveValue(SAMPLE_CARD.idNumber);
    await expect(page.getByTestId('id-info')).toContainText('1985-03-12');
    await expect(page.getByTestId('walkin-phone')).toBeFocused();
    await page.keyboard.type('13912345678');
    await chooseOption(page, 'walkin-purpose', '开具证明');
    await page.getByTestId('walkin-submit').click();
    await expect(page.getByTestId('registered-name')).toHaveText('王秀英');
    const first = (await page.getByTestId('queue-no').innerText()).trim();
    expect(first).toBe('办-001');
    const board = await api<{ walkIns: { id: string; queueNo: string }[] }>(page, 'intake.board', {});
    await api(page, 'intake.setStatus', { id: board.walkIns[0].id, status: 'serving' });
    await api(page, 'intake.setStatus', { id: board.walkIns[0].id, status: 'done' });

    // the card taken away and laid again: a returning visitor, everything filled, one Enter registers
    sim.remove();
    await sim.commands(2);
    sim.lay();
    await expect(page.getByTestId('card-banner')).toHaveAttribute('data-filled', 'true');
    await expect(page.getByTestId('walkin-phone')).toHaveValue('13912345678');
    await expect(page.getByTestId('walkin-submit')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('queue-no')).toHaveText('办-002');
    await expect(page.getByTestId('board').getByTestId('walkin-办-002')).toBeVisible();

    // laid once more while waiting: said so, and the submit does not take the next Enter
    sim.remove();
    await sim.commands(2);
    sim.lay();
    await expect(page.getByTestId('card-waiting')).toContainText('办-002');
    await expect(page.getByTestId('walkin-submit')).not.toBeFocused();

    // the slip of the walk-in registered by card
    await page.getByTestId('print-receipt').click();
    await expect(page.getByTestId('slip-queue-no')).toHaveText('办-002');
    await expect(page.getByTestId('slip-name')).toContainText('王');

    // unplugged: the desk is told
    await page.goBack();
    await expect(page.getByTestId('card-status')).toHaveAttribute('data-state', 'ready');
    await sim.unplug();
    await expect(page.getByTestId('card-status')).toHaveAttribute('data-state', 'fault');
    await expect(page.getByTestId('card-status')).toContainText('已断开');
  } finally {
    await server?.stop();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
