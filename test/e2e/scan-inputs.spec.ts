import { gzipSync } from 'node:zlib'
import { expect, snap, test } from './support/fixtures'
import { dropFiles, openScan } from './support/scan-page'

/**
 * The Scan screen's inputs in real Chromium: a gzipped HAR dropped on the screen (a real drop event
 * carrying Files) is decompressed in the worker (fflate, under the shared gzip budget) and walked
 * entry by entry — the same input rule as `signet scan`; a gzip bomb beside it is reported and
 * skipped while the capture's tokens still appear.
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const unsecured = (iss: string, sub: string) => `${b64({ alg: 'none' })}.${b64({ iss, sub })}.`
const header = unsecured('https://gz-header.example', 'alice')
const twice = unsecured('https://gz-nested.example', 'bob')
const body = unsecured('https://gz-body.example', 'carol')

const capture = {
  log: {
    version: '1.2',
    entries: [
      {
        request: {
          url: `https://idp.example/logout?next=https%3A%2F%2Fapp.example%2F%253Ft%253D${twice.replace(/\./g, '%252E')}`,
          headers: [{ name: 'Authorization', value: `Bearer ${header}` }],
        },
        response: {
          content: {
            encoding: 'base64',
            text: Buffer.concat([Buffer.from([0x89, 0xff, 0xfe]), Buffer.from(` token=${body} `)]).toString('base64'),
          },
        },
      },
    ],
  },
}

test('drop a .har.gz: decompressed and walked in the worker, the planted tokens appear; a gzip bomb beside it is skipped', async ({
  app,
}) => {
  test.setTimeout(180_000)
  const screen = await openScan(app)
  await dropFiles(screen, [
    { name: 'capture.har.gz', content: gzipSync(JSON.stringify(capture)) },
    { name: 'bomb.log.gz', content: gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x41)) },
  ])

  await expect(screen.getByTestId('scan-summary')).toContainText('3 distinct tokens in 2 files', { timeout: 60_000 })
  const table = screen.getByTestId('scan-table')
  await expect(table.locator('tbody tr', { hasText: 'https://gz-header.example' })).toContainText(
    'capture.har.gz#0 request.headers[Authorization]',
  )
  await expect(table.locator('tbody tr', { hasText: 'https://gz-nested.example' })).toContainText(
    'capture.har.gz#0 request.url',
  )
  await expect(table.locator('tbody tr', { hasText: 'https://gz-body.example' })).toContainText(
    'capture.har.gz#0 response.content.text(base64)',
  )
  await expect(screen).toContainText(/bomb\.log\.gz: "bomb\.log\.gz" decompresses to more than 12\.5 MiB/)
  await expect(screen).not.toContainText(header)
  await snap(app, 'scan-har-gz-light')
  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'scan-har-gz-dark')
})
