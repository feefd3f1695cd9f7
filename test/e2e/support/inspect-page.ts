import type { Locator, Page } from '@playwright/test'

/**
 * The Inspect screen as the e2e specs drive it: a token pasted through the real clipboard (Ctrl+L
 * focuses the token editor, as a user's shortcut does), the verdict's title and one check's row.
 */

/** Pastes `text` into the token editor through the system clipboard, as a user would. */
export async function paste(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.evaluate((value) => navigator.clipboard.writeText(value), text)
  await page.keyboard.press('Control+l')
  await page.keyboard.press('Control+v')
}

/** The verdict's title ("Valid", "Invalid", …). */
export const verdict = (page: Page): Locator => page.getByTestId('verdict-title')

/** The row of check `id` (e.g. "signature", "exp") in the checks panel. */
export const check = (page: Page, id: string): Locator =>
  page.getByTestId('checks-panel').locator(`[data-check="${id}"]`).first()
