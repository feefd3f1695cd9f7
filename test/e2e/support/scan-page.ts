import type { Locator, Page } from '@playwright/test'

/**
 * The Scan screen as the e2e specs feed it: opened from the navigation, then given files either
 * through its file input (what the "choose files" button and a drop both end in) or by a real drop
 * event carrying a DataTransfer built in the page.
 */

/** A file made in the test: its name, and its content as text or bytes. */
export interface ScanFile {
  name: string
  content: string | Buffer
  /** default: application/json for a .har, text/plain otherwise */
  mimeType?: string
}

/** Opens Scan from the navigation; the screen's locator. */
export async function openScan(app: Page): Promise<Locator> {
  await app.getByTestId('nav-scan').click()
  return app.locator('[data-screen="scan"]')
}

/** Gives `files` (made here, or a path on disk) to the screen's file input, as choosing them does. */
export async function chooseFiles(screen: Locator, files: ScanFile | ScanFile[] | string): Promise<void> {
  const input = screen.locator('input[type="file"]')
  if (typeof files === 'string') return input.setInputFiles(files)
  await input.setInputFiles(
    (Array.isArray(files) ? files : [files]).map(({ name, content, mimeType }) => ({
      name,
      mimeType: mimeType ?? (name.endsWith('.har') ? 'application/json' : 'text/plain'),
      buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
    })),
  )
}

/** Drops `files` on the screen's drop zone: a real drop event whose DataTransfer holds them as Files. */
export async function dropFiles(screen: Locator, files: { name: string; content: Buffer }[]): Promise<void> {
  const list = files.map(({ name, content }) => ({ name, bytes: [...content] }))
  const transfer = await screen.page().evaluateHandle((items) => {
    const dataTransfer = new DataTransfer()
    for (const file of items) dataTransfer.items.add(new File([new Uint8Array(file.bytes)], file.name))
    return dataTransfer
  }, list)
  await screen.getByTestId('scan-drop').dispatchEvent('drop', { dataTransfer: transfer })
}
