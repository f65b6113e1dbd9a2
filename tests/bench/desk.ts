/**
 * Front desk benchmark, in Chromium against browser mode with a simulated ID card reader on a
 * pseudo-terminal pair (socat), the real serialport in the core:
 * - card to filled form: from the moment the card is laid on the reader to the moment the desk's
 *   form holds the card (and, for a returning visitor, the last visit) and says so — p50/p95/max;
 * - keystrokes per returning visitor by card: what the desk presses, after the card is laid, until
 *   the walk-in is registered;
 * - keystrokes per returning visitor by hand: what the desk presses after typing the ID number (the
 *   match fills the rest) until the walk-in is registered, counted as tests/e2e/front-desk-keys.spec.ts
 *   counts them: each key pressed, chosen by where the focus is, until the queue slip changes;
 * - call to display: from the click on 叫下一位 at the desk to the moment the hall's display (the
 *   desk's second window) shows that call — p50/p95/max.
 * Prints one JSON line; progress goes to stderr.
 *
 *   npm run bench:desk [-- --visitors 20]
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { checkCharacter } from '../../src/shared/checks/idNumber.js';
import { chooseOption } from '../e2e/antd.js';
import { api, freePort, startServer } from '../e2e/server.js';
import { SAMPLE_CARD, SimulatedReader, type SimCard } from '../helpers/id-card-reader-sim.js';
import { newStationSignedIn, summary } from './common.js';

const BUDGET_MS = 300;
const CALL_BUDGET_MS = 1000;
const { values } = parseArgs({ options: { visitors: { type: 'string', default: '20' } } });
const visitors = Number(values.visitors);

const cardOf = (i: number): SimCard => {
  const first17 = `11010519${String(60 + (i % 40)).padStart(2, '0')}0${(i % 9) + 1}1${String(i % 10)}${String(100 + i).slice(-3)}`;
  return { ...SAMPLE_CARD, name: `访客${String.fromCharCode(0x7532 + i)}`, idNumber: first17 + checkCharacter(first17) };
};

/**
 * Resolves with the page's clock (ms since the epoch) at the moment the form shows the card's own
 * fields (`fields`) and at the moment it holds the last visit too and says so (`filled`).
 * A string: tsx would wrap named functions in a helper the page does not have.
 */
const filledAt = (page: Page, idNumber: string): Promise<{ fields: number; filled: number }> =>
  page.evaluate(`new Promise((resolve) => {
    const id = ${JSON.stringify(idNumber)};
    let observer;
    let fields = null;
    const done = () => {
      const banner = document.querySelector('[data-testid="card-banner"]');
      const input = document.querySelector('[data-testid="walkin-idNumber"]');
      const holds = banner && input && input.value === id;
      if (holds && fields === null) fields = Date.now();
      if (holds && banner.getAttribute('data-filled') === 'true') {
        observer.disconnect();
        resolve({ fields, filled: Date.now() });
      }
    };
    observer = new MutationObserver(done);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    done();
  })`);

/** The purpose the desk picks by its number in the list (开具证明), as the keys test does. */
const PURPOSE_KEY = '2';

/**
 * Presses what the focus asks for until the walk-in is registered (the queue slip shows another
 * number), and answers how many keys that took: on the purpose, its number and then Enter to take
 * it; on 登记, Enter. The focus anywhere else means the desk would have to reach for the mouse.
 */
const pressUntilRegistered = async (page: Page, queueNoBefore: string, who: string): Promise<number> => {
  let pressed = 0;
  let purposeKeyed = false;
  const registered = () =>
    page.evaluate((prev) => document.querySelector('[data-testid="queue-no"]')?.textContent?.trim() !== prev, queueNoBefore);
  while (!(await registered())) {
    if (pressed >= 10) throw new Error(`${who}: not registered after ${pressed} keystrokes`);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? null);
    if (focused === 'walkin_purpose') {
      await page.keyboard.press(purposeKeyed ? 'Enter' : PURPOSE_KEY);
      // the purpose taken, the form moves the focus on (a purpose not taken keeps it: counted again)
      if (purposeKeyed) await page.waitForFunction(() => document.activeElement?.id !== 'walkin_purpose', null, { timeout: 5000 }).catch(() => undefined);
      purposeKeyed = true;
    } else if (focused === 'walkin-submit') {
      await page.keyboard.press('Enter');
      await page.waitForFunction((prev) => document.querySelector('[data-testid="queue-no"]')?.textContent?.trim() !== prev, queueNoBefore);
    } else {
      throw new Error(`${who}: the focus is on ${focused}, not on the purpose or 登记`);
    }
    pressed += 1;
  }
  return pressed;
};

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-bench-desk-'));
  const sim = await SimulatedReader.start();
  const server = await startServer(dataDir, await freePort());
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await newStationSignedIn(browser, server.url);
    await api(page, 'intake.cardReaderSet', { path: sim.path });
    await page.goto(`${server.url}#/front-desk`);
    await page.locator('[data-testid="card-status"][data-state="ready"]').waitFor();

    const fieldsMs: number[] = [];
    const lay = async (card: SimCard) => {
      const filled = filledAt(page, card.idNumber);
      const t0 = Date.now();
      sim.lay(card);
      const at = await filled;
      fieldsMs.push(at.fields - t0);
      return at.filled - t0;
    };
    const takeAway = async () => {
      sim.remove();
      await sim.commands(2);
    };

    // first visits: the card fills name and ID; the desk types the phone and the purpose
    const firstMs: number[] = [];
    for (let i = 0; i < visitors; i++) {
      const card = cardOf(i);
      firstMs.push(await lay(card));
      await page.keyboard.type(`139${String(10_000_000 + i)}`);
      await chooseOption(page, 'walkin-purpose', '开具证明');
      await page.getByTestId('walkin-submit').click();
      await page.locator('[data-testid="registered-name"]', { hasText: card.name }).waitFor();
      await takeAway();
      process.stderr.write(`first visit ${i + 1}/${visitors}: ${firstMs[i]} ms\n`);
    }
    // they are served and gone: nobody waits today any more
    const board = await api<{ walkIns: { id: string }[] }>(page, 'intake.board', {});
    for (const w of board.walkIns) {
      await api(page, 'intake.setStatus', { id: w.id, status: 'serving' });
      await api(page, 'intake.setStatus', { id: w.id, status: 'done' });
    }

    // returning visitors: the card, then what the desk must press to register
    const returningMs: number[] = [];
    const keystrokes: number[] = [];
    for (let i = 0; i < visitors; i++) {
      const card = cardOf(i);
      returningMs.push(await lay(card));
      const before = (await page.getByTestId('queue-no').innerText()).trim();
      let pressed = 0;
      // Enter, and nothing else, as long as the submit holds the focus
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      if (focused !== 'walkin-submit') throw new Error(`returning visitor ${i}: focus on ${focused}, not on the submit`);
      await page.keyboard.press('Enter');
      pressed += 1;
      await page.waitForFunction((prev) => document.querySelector('[data-testid="queue-no"]')?.textContent?.trim() !== prev, before);
      keystrokes.push(pressed);
      await takeAway();
      process.stderr.write(`returning visitor ${i + 1}/${visitors}: ${returningMs[i]} ms, ${pressed} keystroke(s)\n`);
    }

    // the returning visitors wait at the office zone: the desk calls them one by one, the display shows each
    const bar = page.getByTestId('call-bar');
    const [display] = await Promise.all([page.waitForEvent('popup'), bar.getByRole('button', { name: '打开叫号屏' }).click()]);
    const screen = display.getByTestId('hall-display');
    await screen.waitFor();
    const callMs: number[] = [];
    for (let i = 0; i < returningMs.length; i++) {
      const before = (await screen.getAttribute('data-shown-call')) ?? '';
      // the desk ready for the click (the last call's answer and refresh done): the time is the call's, not the desk's
      await page.waitForFunction(() => {
        const b = document.querySelector('[data-testid="call-next"]') as HTMLButtonElement | null;
        return !!b && !b.disabled && !b.classList.contains('ant-btn-loading');
      });
      const clickedAt = await page.evaluate(() => Date.now());
      await bar.getByTestId('call-next').click();
      await display.waitForFunction((prev) => {
        const el = document.querySelector('[data-testid="hall-display"]') as HTMLElement | null;
        return !!el?.dataset.shownCall && el.dataset.shownCall !== prev;
      }, before);
      callMs.push(Number(await screen.getAttribute('data-shown-at')) - clickedAt);
      process.stderr.write(`call ${i + 1}/${returningMs.length}: ${callMs[i]} ms\n`);
    }

    // they are called and gone again; the same visitors come back once more, with no card on the reader
    const called = await api<{ walkIns: { id: string; status: string }[] }>(page, 'intake.board', {});
    for (const w of called.walkIns.filter((v) => v.status === 'waiting')) {
      await api(page, 'intake.setStatus', { id: w.id, status: 'serving' });
      await api(page, 'intake.setStatus', { id: w.id, status: 'done' });
    }
    const byHand: number[] = [];
    for (let i = 0; i < visitors; i++) {
      const card = cardOf(i);
      const before = (await page.getByTestId('queue-no').innerText()).trim();
      await page.getByTestId('walkin-idNumber').click();
      await page.keyboard.type(card.idNumber);
      await page.getByTestId('returning').waitFor();
      byHand.push(await pressUntilRegistered(page, before, `returning visitor ${i} by hand`));
      process.stderr.write(`returning visitor ${i + 1}/${visitors} by hand: ${byHand[i]} keystroke(s) after the ID number\n`);
    }

    const all = [...firstMs, ...returningMs];
    const calls = summary(callMs);
    const s = summary(all);
    console.log(
      JSON.stringify({
        bench: 'desk',
        cardToFilledForm: {
          samples: all.length,
          p50Ms: s.p50,
          p95Ms: s.p95,
          maxMs: s.max,
          firstVisitP95Ms: summary(firstMs).p95,
          returningP95Ms: summary(returningMs).p95,
          // the card's own fields (name, ID) on the form, before the returning-visitor lookup
          cardFieldsP95Ms: summary(fieldsMs).p95,
          budgetMs: BUDGET_MS,
          withinBudget: s.p95 <= BUDGET_MS,
        },
        callToDisplay: { samples: callMs.length, p50Ms: calls.p50, p95Ms: calls.p95, maxMs: calls.max, budgetMs: CALL_BUDGET_MS, withinBudget: calls.p95 <= CALL_BUDGET_MS },
        keystrokesPerReturningVisitorByCard: keystrokes.reduce((a, b) => a + b, 0) / keystrokes.length,
        returningVisitorsByCard: keystrokes.length,
        // after the ID number (18 keys) is typed: the match fills the name and the phone
        keystrokesPerReturningVisitorByHand: byHand.reduce((a, b) => a + b, 0) / byHand.length,
        returningVisitorsByHand: byHand.length,
        // the machine's load while measuring (the budget is for a quiet desk PC)
        loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
      }),
    );
  } finally {
    await browser.close();
    await server.stop();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
