import { writeFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, snap, snapBothSchemes, test } from './support/fixtures'
import { paste } from './support/inspect-page'

const rfc7519 =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const [rfcHeader, rfcPayload, rfcSignature] = rfc7519.split('.') as [string, string, string]

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

const editor = (page: Page) => page.getByTestId('token-editor')
const claimRow = (page: Page, panel: string, name: string) =>
  page.getByTestId(panel).locator(`tr[data-claim="${name}"]`)

test(`the RFC 7519 example: header, claims, explanations and times`, async ({ app }) => {
  await paste(app, rfc7519)
  await expect(editor(app)).toHaveText(rfc7519)
  await expect(app.getByTestId('form-badge')).toHaveText('JWS · compact')

  // The segments are coloured from the decoder's spans.
  await expect(app.locator('.cm-seg-header')).toHaveText(rfcHeader)
  await expect(app.locator('.cm-seg-payload')).toHaveText(rfcPayload)
  await expect(app.locator('.cm-seg-signature')).toHaveText(rfcSignature)
  await expect(app.getByTestId('segment-legend')).toContainText('header40')

  const alg = claimRow(app, 'header-panel-0-protected', 'alg')
  await expect(alg).toContainText('"HS256"')
  await expect(alg).toContainText('Algorithm')
  await expect(alg).toContainText('RFC 7515 §4.1.1')
  await expect(claimRow(app, 'header-panel-0-protected', 'typ')).toContainText('"JWT"')

  await expect(claimRow(app, 'payload-claims', 'iss')).toContainText('Issuer')
  await expect(claimRow(app, 'payload-claims', 'iss')).toContainText('"joe"')
  const exp = claimRow(app, 'payload-claims', 'exp')
  await expect(exp).toContainText('1300819380')
  await expect(exp.getByTestId('time-exp')).toContainText('2011-03-22T18:43:00Z')
  await expect(exp.getByTestId('time-exp')).toContainText(/expired \d+ years ago/)
  await expect(exp.getByTestId('time-exp')).toHaveAttribute('data-tone', 'bad')
  await expect(claimRow(app, 'payload-claims', 'http://example.com/is_root')).toContainText('Public claim')

  const signature = app.getByTestId('signature-row-0')
  await expect(signature).toContainText('HS256')
  await expect(signature).toContainText('32 bytes')
  await expect(signature.getByTestId('not-verified')).toHaveText('Not verified yet')
  await expect(app.getByTestId('verification-slot')).toContainText('Decoded, not verified.')
  await snapBothSchemes(app, 'inspect-jwt')
})

test('"As signed" shows the exact decoded bytes; JSON shows the parsed value', async ({ app }) => {
  await paste(app, rfc7519)
  const header = app.getByTestId('header-panel-0')
  await header.getByText('As signed').click()
  // The RFC example's header carries a CR LF and a space, which the signature covers.
  expect(await app.getByTestId('header-panel-0-protected-signed').innerText()).toBe(
    '{"typ":"JWT",\u240d\n "alg":"HS256"}',
  )
  await header.getByText('JSON', { exact: true }).click()
  await expect(app.getByTestId('header-panel-0-protected-json')).toHaveText('{\n  "typ": "JWT",\n  "alg": "HS256"\n}')
})

test('relative times refresh while the screen is open', async ({ app }) => {
  const start = Date.parse('2026-01-01T12:00:00Z')
  await app.clock.install({ time: start - 5_000 })
  await app.reload()
  await app.clock.pauseAt(start)
  const now = start / 1000
  const token = `${b64url({ alg: 'ES256', typ: 'at+jwt' })}.${b64url({ sub: 'alice', iat: now - 60, nbf: now - 60, exp: now + 20 * 60 })}.${b64url('x'.repeat(64))}`
  await paste(app, token)
  // Typed and pasted text reaches the analysis after the keystroke's frame, and animation frames are
  // timers of the paused fake clock: let one pass.
  await app.clock.runFor(100)
  const exp = app.getByTestId('time-exp')
  await expect(exp).toHaveText('2026-01-01T12:20:00Z · expires in 20 minutes')
  await expect(exp).toHaveAttribute('data-tone', 'ok')
  await expect(app.getByTestId('time-iat')).toContainText('issued 1 minute ago')
  await app.clock.fastForward('10:00')
  await expect(exp).toHaveText('2026-01-01T12:20:00Z · expires in 10 minutes')
  await app.clock.fastForward('10:30')
  await expect(exp).toContainText('expired 30 seconds ago')
  await expect(exp).toHaveAttribute('data-tone', 'bad')
})

test('a corrupted token: the message names the segment and the editor underlines the place', async ({ app }) => {
  const broken = `${rfcHeader}.${rfcPayload.slice(0, 20)}*${rfcPayload.slice(21)}.${rfcSignature}`
  await paste(app, broken)
  await expect(app.getByTestId('form-badge')).toHaveText('Does not decode')
  await expect(app.getByTestId('decode-error-code')).toHaveText('ERR_TOKEN_BASE64URL')
  const offset = rfcHeader.length + 1 + 20
  await expect(app.getByTestId('decode-error-message')).toContainText(`The payload is not valid base64url: "*"`)
  await expect(app.getByTestId('decode-error-message')).toContainText(`at offset ${offset}`)
  await expect(app.getByTestId('decode-error')).toContainText(`in payload · offset ${offset}`)
  await expect(app.getByTestId('token-error-mark')).toHaveText('*')
  await expect(app.getByTestId('results').getByTestId('decode-error')).toBeVisible()
  await expect(app.getByTestId('empty-results')).toHaveCount(0)
  await snap(app, 'inspect-error-light')

  await app.getByRole('button', { name: 'Show in editor' }).click()
  await expect(editor(app)).toBeFocused()
  expect(await app.evaluate(() => window.getSelection()?.toString())).toBe('*')

  // A truncated token (the signature lost): the count is named, and the fix.
  await paste(app, `${rfcHeader}.${rfcPayload}`)
  await expect(app.getByTestId('decode-error-code')).toHaveText('ERR_TOKEN_SEGMENT_COUNT')
  await expect(app.getByTestId('decode-error-message')).toContainText('found 2')
  await expect(app.getByTestId('decode-error-message')).toContainText('truncated')

  // Valid base64url, but not JSON: the header is named.
  await paste(app, `${b64url('{"alg":"HS256",')}.${rfcPayload}.${rfcSignature}`)
  await expect(app.getByTestId('decode-error-code')).toHaveText('ERR_TOKEN_JSON')
  await expect(app.getByTestId('decode-error-message')).toContainText('The header is not valid JSON')
})

test('typing, Backspace and Delete edit the token; its colours, the results and undo follow', async ({ app }) => {
  await paste(app, rfc7519)
  await expect(app.locator('.cm-seg-signature')).toHaveText(rfcSignature)
  await app.keyboard.press('Control+End')
  // Backspace and Delete over plain text are the browser's own (native-deletion.ts): the document follows.
  for (let i = 0; i < 3; i++) await app.keyboard.press('Backspace')
  await expect(editor(app)).toHaveText(rfc7519.slice(0, -3))
  await expect(app.locator('.cm-seg-signature')).toHaveText(rfcSignature.slice(0, -3))
  await app.keyboard.type(rfc7519.slice(-3))
  await expect(app.locator('.cm-seg-signature')).toHaveText(rfcSignature)
  await app.keyboard.press('Control+Home')
  await app.keyboard.press('Delete')
  await expect(editor(app)).toHaveText(rfc7519.slice(1))
  await expect(app.getByTestId('form-badge')).toHaveText('Does not decode')
  await app.keyboard.press('Shift+ArrowRight')
  await app.keyboard.press('Shift+ArrowRight')
  await app.keyboard.press('Backspace')
  await expect(editor(app)).toHaveText(rfc7519.slice(3))
  await app.keyboard.press('Control+z')
  await expect(editor(app)).toHaveText(rfc7519.slice(1))
  await app.keyboard.press('Control+z')
  await expect(editor(app)).toHaveText(rfc7519)
  await expect(app.locator('.cm-seg-header')).toHaveText(rfcHeader)
  await expect(claimRow(app, 'payload-claims', 'iss')).toBeVisible()
})

test('a JWE: the protected header is decoded, the encrypted parts only sized', async ({ app }) => {
  await app.getByTestId('examples-menu').click()
  await app.getByTestId('example-rfc7516-jwe').click()
  await expect(app.getByTestId('form-badge')).toHaveText('JWE · compact (encrypted)')
  await expect(app.locator('.cm-seg-encrypted_key')).toHaveCount(1)
  await expect(app.locator('.cm-seg-tag')).toHaveText('U0m_YmjN04DJvceFICbCVQ')
  const header = app.getByTestId('jwe-header-protected')
  await expect(header.locator('tr[data-claim="alg"]')).toContainText('"A128KW"')
  await expect(header.locator('tr[data-claim="enc"]')).toContainText('Content encryption')
  const content = app.getByTestId('jwe-content-panel')
  await expect(content.getByTestId('jwe-encrypted-notice')).toContainText('Encrypted — decryption needs the key')
  await expect(content.locator('tr', { hasText: 'Encrypted key' })).toContainText('40 bytes')
  await expect(content.locator('tr', { hasText: 'Initialization vector' })).toContainText('16 bytes')
  await expect(content.locator('tr', { hasText: 'Ciphertext' })).toContainText('32 bytes')
  await expect(content.locator('tr', { hasText: 'Authentication tag' })).toContainText('16 bytes')
  await expect(app.getByTestId('payload-panel')).toHaveCount(0)
  await expect(app.getByTestId('signature-panel')).toHaveCount(0)
  await snap(app, 'inspect-jwe-light')
})

test('JWS JSON general serialization: one header block per signature', async ({ app }) => {
  await app.getByTestId('examples-menu').click()
  await app.getByTestId('example-rfc7515-json-general').click()
  await expect(app.getByTestId('form-badge')).toHaveText('JWS · JSON (general)')
  await expect(app.getByTestId('header-panel-0')).toContainText('Header · signature 1 of 2')
  await expect(app.getByTestId('header-panel-1')).toContainText('Header · signature 2 of 2')
  await expect(app.getByTestId('header-panel-2')).toHaveCount(0)
  await expect(app.getByTestId('header-panel-0-protected').locator('tr[data-claim="alg"]')).toContainText('"RS256"')
  await expect(app.getByTestId('header-panel-0-unprotected').locator('tr[data-claim="kid"]')).toContainText(
    '"2010-12-29"',
  )
  await expect(app.getByTestId('header-panel-1')).toContainText('not covered by the signature')
  await expect(app.getByTestId('signature-row-0')).toContainText('RS256')
  await expect(app.getByTestId('signature-row-0')).toContainText('256 bytes')
  await expect(app.getByTestId('signature-row-0')).toContainText('2048-bit RSA key')
  await expect(app.getByTestId('signature-row-1')).toContainText('ES256')
  await expect(app.getByTestId('signature-row-1')).toContainText('64 bytes')
  await expect(app.getByTestId('segment-legend')).toContainText('JSON serialization')
  // The JSON members are coloured like the compact segments they correspond to.
  await expect(app.locator('.cm-seg-header')).toHaveText(['eyJhbGciOiJSUzI1NiJ9', 'eyJhbGciOiJFUzI1NiJ9'])
  await expect(app.locator('.cm-seg-signature')).toHaveCount(2)
  await expect(app.locator('.cm-seg-payload')).toHaveText(rfcPayload)
  await expect(claimRow(app, 'payload-claims', 'iss')).toContainText('"joe"')
  await snap(app, 'inspect-json-general-light')
})

test('notes: a removed "Bearer " prefix and non-canonical base64url', async ({ app }) => {
  // 'k' → 'l' changes only the two unused trailing bits of the 32-byte signature.
  const nonCanonical = rfc7519.slice(0, -1) + 'l'
  await paste(app, `Bearer ${nonCanonical}`)
  await expect(app.getByTestId('form-badge')).toHaveText('JWS · compact')
  const notes = app.getByTestId('decode-notes')
  await expect(notes).toContainText('Removed a leading "Bearer " prefix before decoding.')
  await expect(notes).toContainText('The signature is not canonical base64url')
  // Offsets refer to the text as pasted: the header colour starts after "Bearer ".
  await expect(app.locator('.cm-seg-header')).toHaveText(rfcHeader)
})

test('payloads that are not claims: text, binary, detached, unencoded', async ({ app }) => {
  const header = b64url({ alg: 'HS256' })
  const sig = b64url('s'.repeat(32))
  await paste(app, `${header}.${b64url('Live long and prosper.')}.${sig}`)
  await expect(app.getByTestId('payload-panel')).toContainText('text · 22 bytes')
  await expect(app.getByTestId('payload-panel')).toContainText('The payload is text, not a JSON claims set')
  await expect(app.getByTestId('payload-panel')).toContainText('Live long and prosper.')

  await paste(app, `${header}.${Buffer.from([0xff, 0x00, 0x10, 0xab]).toString('base64url')}.${sig}`)
  await expect(app.getByTestId('payload-panel')).toContainText('binary · 4 bytes')
  await expect(app.getByTestId('payload-panel')).toContainText('ff 00 10 ab')

  await paste(app, `${header}..${sig}`)
  await expect(app.getByTestId('payload-panel')).toContainText('Detached payload')

  // RFC 7797: "b64": false carries the payload as is.
  await paste(app, `${b64url({ alg: 'HS256', b64: false, crit: ['b64'] })}.$02.${sig}`)
  await expect(app.getByTestId('payload-panel')).toContainText('unencoded (b64: false)')
  await expect(app.getByTestId('payload-panel')).toContainText('$02')
})

test('the unsecured example is flagged as unsigned', async ({ app }) => {
  await app.getByTestId('examples-menu').click()
  await app.getByTestId('example-rfc7519-unsecured').click()
  await expect(app.getByTestId('form-badge')).toHaveText('Unsecured JWT (alg "none")')
  await expect(app.getByTestId('signature-panel')).toContainText('Unsigned')
  await expect(app.getByTestId('signature-panel')).toContainText('carries no proof of who wrote it')
})

test('open a token file, drop a token file, and refuse a binary one', async ({ app }, testInfo) => {
  const good = testInfo.outputPath('access.jwt')
  const binary = testInfo.outputPath('image.png')
  writeFileSync(good, `${rfc7519}\n`)
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))

  const chooser = app.waitForEvent('filechooser')
  await app.getByRole('button', { name: 'Open file…' }).click()
  await (await chooser).setFiles(good)
  await expect(app.getByTestId('form-badge')).toHaveText('JWS · compact')
  await expect(app.getByText('access.jwt')).toBeVisible()

  const chooser2 = app.waitForEvent('filechooser')
  await app.getByRole('button', { name: 'Open file…' }).click()
  await (await chooser2).setFiles(binary)
  await expect(app.getByTestId('decode-error-code').first()).toHaveText('ERR_FILE_UNREADABLE')
  await expect(app.getByTestId('decode-error').first()).toContainText('image.png is a binary file, not text')
  // The token already in the editor is kept.
  await expect(app.getByTestId('form-badge')).toHaveText('JWS · compact')

  await app.getByRole('button', { name: 'Clear' }).click()
  const jwe =
    'eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ'
  const dataTransfer = await app.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([text], name, { type: 'text/plain' }))
      return transfer
    },
    { name: 'dropped.jwe', text: `${jwe}\r\n` },
  )
  await editor(app).dispatchEvent('drop', { dataTransfer })
  await expect(app.getByTestId('form-badge')).toHaveText('JWE · compact (encrypted)')
  await expect(app.getByText('dropped.jwe')).toBeVisible()
  await expect(app.getByTestId('decode-error')).toHaveCount(0)
})

test.describe('narrow window', () => {
  test.use({ viewport: { width: 760, height: 800 } })

  test(`editor on top, results below`, async ({ app }) => {
    await snapBothSchemes(app, 'inspect-narrow-empty')
    await paste(app, rfc7519)
    await expect(app.getByTestId('form-badge')).toHaveText('JWS · compact')
    // The columns dissolve in a narrow window (display: contents): compare the editor and the results' own boxes.
    const editorBox = (await app.locator('.cm-editor').boundingBox())!
    const resultsBox = (await app.getByTestId('result-scroll').boundingBox())!
    expect(resultsBox.y).toBeGreaterThanOrEqual(editorBox.y + editorBox.height - 1)
    expect(Math.abs(resultsBox.x - editorBox.x)).toBeLessThan(2)
    // Nothing wider than the window: no horizontal scrolling anywhere.
    const overflow = await app.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('main *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => e.className)
        .slice(0, 5),
    )
    expect(overflow).toEqual([])
    await snapBothSchemes(app, 'inspect-narrow')
  })
})
