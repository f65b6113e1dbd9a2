import type { Page } from '@playwright/test';

/**
 * Waits until no dialog or dropdown is still playing its opening animation. A dropdown that has
 * just opened sits still for a frame or two before it grows into place, which Playwright takes for
 * "stable": a click pressed then lands on one option and is released over the option above it, and
 * the browser sends that click to the list, not to either option — nothing is chosen.
 */
export const motionSettled = (page: Page) =>
  page.waitForFunction(
    () =>
      ![...document.querySelectorAll('.ant-select-dropdown, .ant-modal, .ant-picker-dropdown')].some((el) =>
        [...el.classList].some((c) => /-(appear|enter)(-prepare|-start|-active)?$/.test(c)),
      ),
  );

/** Opens the antd Select with this test id and chooses the option with this label. */
export const chooseOption = async (page: Page, testId: string, label: string) => {
  await motionSettled(page);
  await page.getByTestId(testId).click();
  await motionSettled(page);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
};
