import { expect, type Page } from '@playwright/test';

/** A side menu entry by its label (its accessible name is the icon's, then the label). */
export const menuEntry = (page: Page, label: string) => page.getByRole('menuitem', { name: new RegExp(` ${label}$`) });

/** Opens a tool of a station zone (办公区, 调解区, 采集区, 巡防区) from the side menu, unfolding the zone first if it is folded. */
export const openZoneTool = async (page: Page, zone: string, tool: string | RegExp) => {
  const head = menuEntry(page, zone);
  await expect(head).toBeVisible();
  if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
  await page.getByRole('menuitem', { name: tool }).click();
};
