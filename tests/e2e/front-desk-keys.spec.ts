import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, freePort, setUpAndLogIn, startServer, type RunningServer } from './server.js';

/** A valid resident ID (GB 11643 check character) and the visitor's mobile from an earlier visit. */
const ID = '11010519491231002X';
const PHONE = '13912345678';

test('a returning visitor typed by hand: after the ID number, three keystrokes register them', async ({ page, request }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-e2e-keys-'));
  let server: RunningServer | undefined;
  try {
    server = await startServer(dataDir, await freePort());
    await setUpAndLogIn(page, request, server);
    // an earlier visit, served and done
    const earlier = await api<{ id: string }>(page, 'intake.register', {
      visitorName: '张三',
      idType: 'resident',
      idNumber: ID,
      phone: PHONE,
      purpose: 'consultation',
      route: 'office',
      note: '',
    });
    await api(page, 'intake.setStatus', { id: earlier.id, status: 'serving' });
    await api(page, 'intake.setStatus', { id: earlier.id, status: 'done' });

    await page.goto(`${server.url}#/front-desk`);
    await page.getByTestId('walkin-idNumber').click();
    await page.keyboard.type(ID);
    // the match fills the name and the phone and moves on to the purpose
    await expect(page.getByTestId('returning')).toBeVisible();
    await expect(page.getByTestId('walkin-visitorName')).toHaveValue('张三');
    await expect(page.getByTestId('walkin-phone')).toHaveValue(PHONE);
    await expect(page.locator('#walkin_purpose')).toBeFocused();

    // what the desk presses from here: the purpose's number, Enter to take it, Enter to register
    const keys = ['2', 'Enter', 'Enter'];
    await page.keyboard.press(keys[0]);
    await page.keyboard.press(keys[1]);
    await expect(page.getByTestId('walkin-submit')).toBeFocused();
    await page.keyboard.press(keys[2]);
    expect(keys.length).toBeLessThanOrEqual(3);
    await expect(page.getByTestId('registered-name')).toHaveText('张三');
    await expect(page.getByTestId('queue-no')).toHaveText('办-002');
    const board = await api<{ walkIns: { queueNo: string; purpose: string }[] }>(page, 'intake.board', {});
    expect(board.walkIns.find((w) => w.queueNo === '办-002')).toMatchObject({ purpose: 'certificate' });
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
