import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer } from './server.js';

/**
 * Widths of text as the app's own font stack sets it, inside an antd form (antd components take
 * their font from the theme, not from the page): ten digits against ten CJK characters, and the
 * gap a space makes between two letters.
 */
const measure = (page: Page) =>
  page.evaluate(() => {
    const host = document.querySelector('.ant-form')!;
    const width = (text: string) => {
      const span = document.createElement('span');
      span.textContent = text;
      span.style.whiteSpace = 'pre';
      host.appendChild(span);
      const w = span.getBoundingClientRect().width;
      span.remove();
      return w;
    };
    const cjk = width('警务室警务室警务室警');
    return { digitsToCjk: width('0123456789') / cjk, spaceToCjkChar: (width('a a') - width('aa')) / (cjk / 10) };
  });

test('English and Chinese both set digits and spaces half-width with the fonts a Linux desktop has', async ({ page }, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-desk-fonts-'));
  const server = await startServer(dataDir, await freePort());
  try {
    await page.goto(server.url);
    await expect(page.locator('.ant-form')).toBeVisible();
    const zh = await measure(page);
    await page.getByText('English', { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const en = await measure(page);
    await page.screenshot({ path: testInfo.outputPath('setup-english.png') });
    console.log('font widths', JSON.stringify({ zh, en }));
    // a digit is about half a CJK character wide (full-width would be 1.0), a space at most half
    for (const [lang, m] of Object.entries({ zh, en })) {
      expect(m.digitsToCjk, `${lang}: digits against CJK`).toBeLessThan(0.7);
      expect(m.spaceToCjkChar, `${lang}: a space against a CJK character`).toBeLessThan(0.5);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
