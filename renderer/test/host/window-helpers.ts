// Small page helpers shared by the browser scenarios: find a settings field by its schema path (the
// same id the window derives), read the error standing beside it, and wait for text to appear.
import type { Locator, Page } from 'playwright-core';
import { fieldId } from '../../src/components/common/field-ids';

export const field = (page: Page, path: string): Locator => page.locator(`#${fieldId(path)}`);

/** The error element of a field, looked up inside the field's own container (so: beside it). */
export function errorBeside(page: Page, path: string): Locator {
  return page.locator('.field', { has: field(page, path) }).locator(`[data-error-for="${path}"]`);
}

export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

export async function goTo(page: Page, screen: '連携設定' | '待機中のファイル' | '実行履歴'): Promise<void> {
  await page.getByRole('navigation', { name: '画面' }).getByRole('button', { name: screen }).click();
}

/** Waits until the locator's text matches (the window updates from events, asynchronously). */
export async function waitForText(locator: Locator, pattern: RegExp): Promise<string> {
  await locator.filter({ hasText: pattern }).first().waitFor();
  return (await locator.filter({ hasText: pattern }).first().textContent()) ?? '';
}
