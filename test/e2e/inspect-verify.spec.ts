import {
  createCipheriv,
  createHmac,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  constants,
  type KeyObject,
} from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { CompactEncrypt, exportJWK, generateKeyPair, importPKCS8, SignJWT, type JWK } from 'jose'
import type { Locator } from '@playwright/test'
import { expect, snap, snapBothSchemes, test } from './support/fixtures'
import { check, paste, verdict } from './support/inspect-page'

/**
 * Inspect's verification half, end to end in Chromium against the real handler table: keys pasted
 * as a JWKS, the token's own x5c chain, Signet's managed keys (real keychain); the policy, saved in
 * the real store; the timeline cursor moving the verdict; the weak-secret worker; nested JWE.
 */

const now = Math.floor(Date.now() / 1000)
const fixtures = new URL('../unit/shared/key-material/fixtures/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, fixtures), 'utf8')
const der = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, '')

/** The page x of an instant on the timeline plot, from the domain the plot reports. */
async function xOf(plot: Locator, time: number): Promise<{ x: number; y: number }> {
  const [start, end] = (await plot.getAttribute('data-domain'))!.split('-').map(Number) as [number, number]
  await plot.scrollIntoViewIfNeeded()
  const box = (await plot.boundingBox())!
  return { x: box.x + 14 + ((time - start) / (end - start)) * (box.width - 28), y: box.y + 50 }
}

let signer: { publicKey: CryptoKey; privateKey: CryptoKey }
let jwks: { keys: JWK[] }
let validToken: string
const exp = now + 20 * 60

test.beforeAll(async () => {
  signer = await generateKeyPair('ES256', { extractable: true })
  const decoy = await generateKeyPair('ES256', { extractable: true })
  const rsa = await generateKeyPair('RS256', { extractable: true })
  // No kid in the token: every key of the set that fits ES256 is tried, the decoy first.
  jwks = {
    keys: [
      { ...(await exportJWK(decoy.publicKey)), kid: 'decoy', use: 'sig' },
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', use: 'sig' },
      { ...(await exportJWK(signer.publicKey)), kid: 'signer', use: 'sig' },
    ],
  }
  validToken = await new SignJWT({ sub: 'alice', scope: 'orders:read' })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
    .setIssuer('https://issuer.example')
    .setAudience('api://orders')
    .setIssuedAt(now - 10 * 60)
    .setNotBefore(now - 10 * 60)
    .setExpirationTime(exp)
    .sign(signer.privateKey)
})

test(`a token and a JWKS without kid: verified, the key that verified named, the whole trace`, async ({ app }) => {
  await paste(app, validToken)
  await expect(app.getByTestId('verification-slot')).toContainText('Decoded, not verified.')
  await app.getByTestId('verify-key').fill(JSON.stringify(jwks, null, 2))
  await expect(verdict(app)).toHaveText('Valid')
  await expect(app.getByTestId('verification-slot')).toHaveAttribute('data-verdict', 'valid')
  await expect(app.getByTestId('verdict-reason')).toContainText(
    'Signature verified with pasted JWKS: key kid=signer (EC P-256)',
  )

  // The trace: every check with its status; the signature names the key, after the decoy.
  await expect(check(app, 'key-select')).toContainText('the 2 keys in the set that can verify ES256 are tried in turn')
  await expect(check(app, 'signature')).toHaveAttribute('data-status', 'pass')
  await expect(check(app, 'signature')).toContainText(
    'verifies with pasted JWKS: key kid=signer (EC P-256) (1 other key tried first)',
  )
  await expect(check(app, 'exp')).toHaveAttribute('data-status', 'pass')
  await expect(check(app, 'alg-allowed')).toContainText('ES256 fits the key')
  // Not-run checks are there on request; details expand.
  await expect(check(app, 'sub')).toHaveCount(0)
  await app.getByTestId('show-skipped').click()
  await expect(check(app, 'sub')).toHaveAttribute('data-status', 'skipped')
  await check(app, 'signature').getByRole('button').click()
  // The keys tried read as words; the raw detail is one click further.
  const attempts = check(app, 'signature').getByTestId('check-attempts')
  await expect(attempts.locator('li[data-tone="bad"]')).toContainText('kid=decoy')
  await expect(attempts.locator('li[data-tone="bad"]')).toContainText('signature does not match')
  await expect(attempts.locator('li[data-tone="ok"]')).toContainText('verified')
  const raw = check(app, 'signature').getByTestId('check-raw-detail')
  await expect(raw.getByText('"mismatch"')).toBeHidden()
  await raw.locator('summary').click()
  await expect(raw.getByText('"mismatch"')).toBeVisible()

  const keyList = app.getByTestId('key-list')
  await expect(keyList.locator('li[data-outcome="verified"]')).toContainText('kid=signer')
  await expect(keyList.locator('li[data-outcome="mismatch"]')).toContainText('kid=decoy')
  await expect(keyList.locator('li', { hasText: 'kid=rsa-1' })).toContainText('Not tried')
  await expect(app.getByTestId('signature-status')).toHaveText('Verified')
  await expect(app.getByTestId('tab-key')).toContainText('JWKS · 3')
  await app.getByTestId('show-skipped').click()
  await snapBothSchemes(app, 'inspect-verified')
})

test('the timeline cursor is the evaluation time: drag past exp and the verdict turns to expired, and back', async ({
  app,
}) => {
  await paste(app, validToken)
  await app.getByTestId('verify-key').fill(JSON.stringify(jwks))
  await expect(verdict(app)).toHaveText('Valid')
  const plot = app.getByTestId('timeline-plot')
  await expect(app.getByTestId('timeline-lane-0')).toHaveAttribute('data-state', 'valid')
  await expect(app.getByTestId('timeline-lane-0')).toContainText('this token · access token')

  // Drag by mouse from the cursor to just past exp + the 60 s skew.
  const from = await xOf(plot, now)
  await app.mouse.move(from.x, from.y)
  await app.mouse.down()
  const past = await xOf(plot, exp + 5 * 60)
  await app.mouse.move((from.x + past.x) / 2, past.y, { steps: 4 })
  await app.mouse.move(past.x, past.y, { steps: 4 })
  await expect(verdict(app)).toHaveText('Expired')
  await expect(app.getByTestId('verification-slot')).toHaveAttribute('data-verdict', 'invalid')
  await expect(check(app, 'exp')).toHaveAttribute('data-status', 'fail')
  await expect(check(app, 'exp')).toContainText('beyond the 1 min clock skew')
  await expect(app.getByTestId('timeline-lane-0')).toHaveAttribute('data-state', 'expired')
  await app.mouse.up()
  await expect(app.getByTestId('tab-policy')).toContainText('fixed time')
  await snap(app, 'inspect-timeline-expired')

  // Within the clock skew: accepted, with a warning.
  const inSkew = await xOf(plot, exp + 20)
  await app.mouse.click(inSkew.x, inSkew.y)
  await expect(verdict(app)).toHaveText('Valid, with 1 warning')
  await expect(check(app, 'exp')).toHaveAttribute('data-status', 'warn')

  // And back before exp.
  const before = await xOf(plot, exp - 10 * 60)
  await app.mouse.click(before.x, before.y)
  await expect(verdict(app)).toHaveText('Valid')

  // The keyboard moves it too: End goes to the end of the visible span, N back to now, [ ] between events.
  await plot.focus()
  await app.keyboard.press('End')
  await expect(verdict(app)).toHaveText('Expired')
  await app.keyboard.press('n')
  await expect(verdict(app)).toHaveText('Valid')
  await app.keyboard.press(']')
  await expect(plot).toHaveAttribute('aria-valuenow', String(exp))
  await expect(check(app, 'exp')).toHaveAttribute('data-status', 'warn')
  await app.keyboard.press(']')
  await expect(plot).toHaveAttribute('aria-valuenow', String(exp + 60))
  await expect(verdict(app)).toHaveText('Expired')
  await app.keyboard.press('[')
  await app.keyboard.press('ArrowLeft')
  await expect(verdict(app)).toHaveText('Valid')
  await app.keyboard.press('Home')
  await expect(verdict(app)).toHaveText('Not yet valid')
  await expect(plot).toHaveAttribute('aria-valuetext', /this token · access token: not yet valid/)

  // The verdict banner brings the cursor back to the clock.
  await app.getByTestId('verdict-back-to-now').click()
  await expect(verdict(app)).toHaveText('Valid')
  await expect(app.getByTestId('verdict-at')).toContainText('(now)')
})

test('several tokens on one timeline: pin this one, add another, compare at the cursor', async ({ app }) => {
  const { privateKey } = await generateKeyPair('ES256')
  const idToken = await new SignJWT({ sub: 'alice', nonce: 'n-1', auth_time: now - 3600 })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuedAt(now - 600)
    .setExpirationTime(now + 5 * 60)
    .sign(privateKey)
  await paste(app, validToken)
  await app.getByTestId('timeline-pin').click()
  await expect(app.getByTestId('timeline-pinned')).toHaveText('access token')
  await expect(app.getByTestId('timeline-pin')).toBeDisabled()
  await app.getByTestId('timeline-add').click()
  await app.getByTestId('timeline-add-token').fill(idToken)
  await app.getByTestId('timeline-add-confirm').click()
  await expect(app.getByTestId('timeline-pinned')).toHaveText(['access token', 'ID token'])
  await expect(app.getByTestId('timeline-lane-2')).toContainText('ID token')
  await expect(app.getByTestId('timeline-lane-2')).toContainText('auth_time')

  // Ten minutes from now the ID token has expired, the access token has not.
  const plot = app.getByTestId('timeline-plot')
  const later = await xOf(plot, now + 10 * 60)
  await app.mouse.click(later.x, later.y)
  await expect(app.getByTestId('timeline-lane-2')).toHaveAttribute('data-state', 'expired')
  await expect(app.getByTestId('timeline-lane-0')).toHaveAttribute('data-state', 'valid')

  // An encrypted token cannot be placed: it says why.
  await app.getByTestId('timeline-add').click()
  await app
    .getByTestId('timeline-add-token')
    .fill(
      'eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.AxY8DCtDaGlsbGljb3RoZQ.KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.U0m_YmjN04DJvceFICbCVQ',
    )
  await app.getByTestId('timeline-add-confirm').click()
  await expect(app.getByRole('alert').filter({ hasText: 'encrypted' })).toBeVisible()
  await app.keyboard.press('Escape')
  await app.getByRole('button', { name: 'Remove ID token from the timeline' }).click()
  await expect(app.getByTestId('timeline-pinned')).toHaveText(['access token'])
})

test('a token signed with a well-known weak secret: a high finding naming it, found by the worker', async ({ app }) => {
  // "devauthpassword" is deep in the dictionary: the quick inline check does not reach it.
  const weak = await new SignJWT({ sub: 'admin', role: 'root' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode('devauthpassword'))
  await paste(app, weak)
  const row = app.getByTestId('weak-secret')
  await expect(row).toHaveAttribute('data-status', 'found', { timeout: 15_000 })
  await expect(row).toContainText('The secret is "devauthpassword"')
  const finding = app.getByTestId('findings-panel').locator('[data-finding="weak-hmac-secret"]')
  await expect(finding).toHaveAttribute('data-severity', 'high')
  await expect(finding).toContainText('HMAC secret found in a public dictionary')
  await expect(finding).toContainText('the well-known secret "devauthpassword"')
  await expect(finding).toContainText('Rotate the secret now')
  await expect(app.getByTestId('findings-panel')).toContainText('1 high')

  await snap(app, 'inspect-findings-weak-secret')

  // One click puts the secret in the key panel: it verifies the token, and is too short for HS256.
  await app.getByTestId('weak-secret-use').click()
  await expect(app.getByTestId('verify-key')).toHaveValue('devauthpassword')
  await expect(app.getByTestId('secret-explanation')).toContainText('UTF-8')
  await expect(check(app, 'signature')).toHaveAttribute('data-status', 'pass')
  await expect(check(app, 'key-strength')).toHaveAttribute('data-status', 'fail')
  await expect(check(app, 'key-strength')).toContainText('The secret is 15 bytes; HS256 needs at least 32')
  await expect(verdict(app)).toHaveText('Invalid')

  // A strong secret: the whole dictionary runs and says so.
  const strong = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'HS256' }).sign(randomBytes(32))
  await paste(app, strong)
  await expect(row).toHaveAttribute('data-status', 'clean', { timeout: 15_000 })
  await expect(row).toContainText(/None of 3,\d{3} well-known HMAC secrets/)
})

test('a nested JWE: both layers shown, each inspected — decrypted with a secret, then verified', async ({ app }) => {
  const wrapKey = randomBytes(32)
  const inner = await new SignJWT({ sub: 'bob', aud: 'api://orders' })
    .setProtectedHeader({ alg: 'ES256', kid: 'signer', typ: 'JWT' })
    .setIssuer('https://issuer.example')
    .setIssuedAt(now - 60)
    .setExpirationTime(now + 600)
    .sign(signer.privateKey)
  const nested = await new CompactEncrypt(new TextEncoder().encode(inner))
    .setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM', cty: 'JWT', kid: 'wrap-1' })
    .encrypt(wrapKey)
  await paste(app, nested)
  await expect(app.getByTestId('form-badge')).toHaveText('JWE · compact (encrypted)')
  await expect(app.getByTestId('verification-slot')).toContainText('Not decrypted, not verified.')
  await expect(app.getByTestId('layer-0')).toHaveAttribute('data-status', 'locked')
  // Locked: what opens it, not an empty list of checks.
  await expect(app.getByTestId('locked-jwe')).toContainText('Encrypted for A256KW / A256GCM, kid “wrap-1”')
  await expect(app.getByTestId('locked-jwe')).toContainText(
    'Give the shared symmetric key in the Key tab to decrypt it.',
  )
  await expect(app.getByTestId('checks-panel')).toHaveCount(0)

  await app
    .getByTestId('decrypt-key')
    .fill(JSON.stringify({ kty: 'oct', k: wrapKey.toString('base64url'), kid: 'wrap-1' }))
  await expect(app.getByTestId('layer-0')).toHaveAttribute('data-status', 'decrypted')
  await expect(app.getByTestId('layer-0')).toContainText('A256KW + A256GCM')
  await expect(app.getByTestId('locked-jwe')).toHaveCount(0)
  await expect(app.getByTestId('layer-1')).toHaveAttribute('data-kind', 'jws')
  await expect(app.getByTestId('layer-1')).toContainText('No key')
  await expect(
    app.getByTestId('decoded-layer-1').getByTestId('payload-claims').locator('tr[data-claim="sub"]'),
  ).toContainText('"bob"')
  await expect(app.getByTestId('jwe-encrypted-notice')).toContainText('Decrypted with pasted JWK')

  await app.getByTestId('verify-key').fill(JSON.stringify(jwks.keys[2]))
  await expect(app.getByTestId('layer-1')).toHaveAttribute('data-status', 'verified')
  await expect(verdict(app)).toHaveText('Valid')
  // Each layer's checks, under its own caption.
  await expect(app.getByTestId('checks-layer-0').locator('[data-check="decrypt"]')).toHaveAttribute(
    'data-status',
    'pass',
  )
  await expect(app.getByTestId('checks-layer-1').locator('[data-check="signature"]')).toHaveAttribute(
    'data-status',
    'pass',
  )
  await expect(app.getByTestId('timeline-lane-0')).toContainText('this token')
  await snap(app, 'inspect-jwe-layers')

  // The wrong secret: the outer layer fails and says so; nothing inside is shown as trusted.
  await app.getByTestId('decrypt-key').fill(JSON.stringify({ kty: 'oct', k: randomBytes(32).toString('base64url') }))
  await expect(app.getByTestId('layer-0')).toHaveAttribute('data-status', 'failed')
  await expect(verdict(app)).toHaveText('Invalid')
  await expect(app.getByTestId('layer-1')).toHaveCount(0)
})

test('RSA1_5 only on explicit request, and always flagged', async ({ app }) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const token = rsa1_5Token(publicKey, JSON.stringify({ sub: 'legacy', exp: now + 600 }))
  await paste(app, token)
  await expect(app.getByTestId('findings-panel').locator('[data-finding="rsa1_5"]')).toBeVisible()
  await app.getByTestId('decrypt-key').fill(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
  await expect(app.getByTestId('layer-0')).toHaveAttribute('data-status', 'failed')
  await expect(app.getByTestId('checks-panel').locator('[data-check="jwe-alg"]')).toContainText(
    'RSA1_5 (PKCS#1 v1.5) is refused',
  )

  await app.getByTestId('allow-rsa1_5').click()
  await expect(app.getByTestId('layer-0')).toHaveAttribute('data-status', 'decrypted')
  await expect(app.getByTestId('rsa1_5-flag')).toBeVisible()
  await expect(app.getByTestId('checks-panel').locator('[data-check="jwe-alg"]')).toHaveAttribute('data-status', 'warn')
  await expect(app.getByTestId('decrypted-claims').locator('tr[data-claim="sub"]')).toContainText('"legacy"')
  // Encrypted to a public key and not signed: anyone could have written it.
  await expect(verdict(app)).toHaveText('Not verified')
  await expect(app.getByTestId('verdict-reason')).toContainText('the content is not signed')
})

test("the token's x5c chain: what was and was not validated, and a CA certificate as anchor", async ({ app }) => {
  const leafKey = await importPKCS8(fixture('leaf.key'), 'RS256')
  const token = await new SignJWT({ sub: 'svc' })
    .setProtectedHeader({ alg: 'RS256', x5c: [der(fixture('leaf.pem')), der(fixture('ca.pem'))] })
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(leafKey)
  await paste(app, token)
  await app.getByTestId('key-source').getByText('Token’s x5c chain').click()
  await expect(app.getByTestId('x5c-summary')).toContainText('The token carries 2 certificates')
  const chain = app.getByTestId('chain-report')
  await expect(chain).toContainText('Not anchored')
  await expect(chain).toContainText('CN=tokens.signet.test')
  await expect(app.getByTestId('chain-not-validated')).not.toBeEmpty()
  await expect(verdict(app)).toHaveText('Not verified')
  await expect(check(app, 'x5c-chain')).toHaveAttribute('data-status', 'warn')

  await app.getByTestId('x5c-anchor').fill(fixture('ca.pem'))
  await expect(chain).toContainText('Anchored by')
  await expect(verdict(app)).toHaveText('Valid')
  await expect(check(app, 'x5c-chain')).toHaveAttribute('data-status', 'pass')
  await expect(app.getByTestId('chain-validated')).not.toBeEmpty()
  await snap(app, 'inspect-x5c-anchored')
})

test('managed keys: a public key verifies here, an HMAC key in the main process, and key state counts', async ({
  app,
  bridge,
}) => {
  const handlers = bridge!.handlers
  await handlers['sets:create']({ name: 'prod', issuer: 'https://issuer.example' })
  const es = await handlers['keys:generate']({ set: 'prod', alg: 'ES256', activate: true })
  const signed = await handlers['sign:token']({ set: 'prod', claims: { sub: 'carol' }, expiresIn: 600 })
  await handlers['sets:create']({ name: 'internal' })
  const hs = await handlers['keys:generate']({ set: 'internal', alg: 'HS256', activate: true })
  const hsSigned = await handlers['sign:token']({ set: 'internal', claims: { sub: 'svc' }, expiresIn: 600 })

  await paste(app, signed.token)
  await app.getByTestId('key-source').getByText('Managed keys').click()
  await expect(app.getByTestId('managed-keys')).toContainText('2 managed keys in 2 sets')
  await expect(verdict(app)).toHaveText('Valid')
  await expect(check(app, 'signature')).toContainText(`managed key ${es.key.kid} (ES256, set prod, active)`)
  await expect(app.getByTestId('managed-keys').locator('li[data-outcome="verified"]')).toContainText(es.key.kid)

  await paste(app, hsSigned.token)
  await expect(verdict(app)).toHaveText('Valid')
  await expect(check(app, 'key-select')).toContainText(
    'Its secret stays in the OS keychain, so the main process checked the signature',
  )
  await expect(check(app, 'signature')).toContainText(`managed key ${hs.key.kid} (HS256`)
  await expect.poll(() => bridge!.calls.filter((c) => c.channel === 'keys:verify-token').length).toBeGreaterThan(0)
  // What crossed the bridge was the token, and what came back held no secret.
  expect(JSON.stringify(bridge!.calls)).not.toMatch(/"k":/)

  await handlers['keys:compromise']({ kid: hs.key.kid, reason: 'leaked in a log' })
  await app.getByTestId('managed-keys').getByRole('button', { name: 'Reload' }).click()
  await expect(verdict(app)).toHaveText('Invalid')
  await expect(check(app, 'key-select')).toContainText('marked compromised')
})

test('the policy: expectations fail the token, a named policy is saved to the store, exported and imported as the CLI JSON', async ({
  app,
  bridge,
}) => {
  await paste(app, validToken)
  await app.getByTestId('verify-key').fill(JSON.stringify(jwks))
  await expect(verdict(app)).toHaveText('Valid')
  await app.getByTestId('tab-policy').click()

  const issuer = app.getByTestId('policy-issuer')
  await issuer.fill('https://other.example')
  await issuer.press('Enter')
  await expect(verdict(app)).toHaveText('Invalid')
  await expect(check(app, 'iss')).toContainText('not an accepted issuer')
  await issuer.fill('https://issuer.example')
  await issuer.press('Enter')
  await expect(verdict(app)).toHaveText('Valid')
  await app.getByTestId('policy-max-lifetime').fill('15m')
  await expect(check(app, 'lifetime')).toContainText('the policy allows at most 15 min')
  await app.getByTestId('policy-max-lifetime').fill('1h')
  await app.getByTestId('policy-max-lifetime').fill('1 hour')
  await expect(app.getByTestId('policy-panel')).toContainText('"1 hour" is not a valid maximum lifetime')
  await app.getByTestId('policy-max-lifetime').fill('1h')
  await expect(check(app, 'lifetime')).toHaveAttribute('data-status', 'pass')
  await expect(app.getByTestId('tab-policy')).toContainText('2 set')
  await snap(app, 'inspect-policy')

  await app.getByTestId('policy-save').click()
  await app.getByTestId('policy-save-name').fill('prod access tokens')
  await app.getByTestId('policy-save-confirm').click()
  await expect(app.getByTestId('saved-policies')).toHaveValue('prod access tokens')
  const stored = bridge!.context.store.read().policies
  expect(stored).toEqual([
    {
      name: 'prod access tokens',
      savedAt: expect.any(String),
      policy: {
        version: 1,
        name: 'prod access tokens',
        issuer: ['https://other.example', 'https://issuer.example'],
        requiredClaims: [],
        maxLifetime: 3600,
        clockSkew: 60,
        futureIat: 'reject',
      },
    },
  ])

  await app.getByTestId('policy-json-menu').click()
  await app.getByTestId('policy-export').click()
  const exported = await app.getByTestId('policy-export-json').innerText()
  expect(JSON.parse(exported)).toEqual(stored[0]!.policy)
  await app.keyboard.press('Escape')

  await app.getByTestId('policy-json-menu').click()
  await app.getByTestId('policy-import-paste').click()
  await app.getByTestId('policy-paste').fill(JSON.stringify({ audience: 'api://billing', clockSkew: 0, colour: 'red' }))
  await app.getByTestId('policy-paste-import').click()
  await expect(app.getByRole('dialog')).toContainText('unknown field "colour"')
  await app
    .getByTestId('policy-paste')
    .fill(JSON.stringify({ audience: 'api://billing', clockSkew: 0, at: '2020-01-01T00:00:00Z' }))
  await app.getByTestId('policy-paste-import').click()
  await expect(check(app, 'aud')).toContainText('none of which is an accepted audience ("api://billing")')
  await expect(app.getByTestId('evaluation-input')).toHaveValue('2020-01-01T00:00:00Z')
  await expect(verdict(app)).toHaveText('Invalid')
  await expect(check(app, 'nbf')).toHaveAttribute('data-status', 'fail')
  await app.getByTestId('evaluation-mode').getByText('Now').click()
  await expect(check(app, 'nbf')).toHaveAttribute('data-status', 'pass')

  await app.getByTestId('saved-policies').click()
  await app.getByRole('option', { name: 'prod access tokens' }).click()
  await expect(verdict(app)).toHaveText('Valid')
  await app.getByTestId('policy-delete').click()
  await expect.poll(() => bridge!.context.store.read().policies.length).toBe(0)
})

test('key files opened and dropped; a secret read as detected, then as chosen; a PBES2 password', async ({
  app,
}, testInfo) => {
  const hexSecret = '8f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'
  const hs = await new SignJWT({ sub: 'svc' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(Uint8Array.from(Buffer.from(hexSecret, 'hex')))
  await paste(app, hs)
  const secretFile = testInfo.outputPath('secret.txt')
  writeFileSync(secretFile, `${hexSecret}\n`)
  const chooser = app.waitForEvent('filechooser')
  await app.getByTestId('verify-section').getByRole('button', { name: 'Open key file…' }).click()
  await (await chooser).setFiles(secretFile)
  await expect(app.getByTestId('verify-section')).toContainText('from secret.txt')
  await expect(app.getByTestId('secret-explanation')).toContainText('hex')
  await expect(verdict(app)).toHaveText('Valid')
  // Read as UTF-8 text instead, the same characters are other bytes: the signature no longer matches.
  await app.getByTestId('secret-encoding').click()
  await app.getByRole('option', { name: 'UTF-8 text' }).click()
  await expect(check(app, 'signature')).toHaveAttribute('data-status', 'fail')
  await expect(verdict(app)).toHaveText('Invalid')

  // A JWK dropped onto the key field replaces what was there.
  await paste(app, validToken)
  const dataTransfer = await app.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([text], name, { type: 'application/json' }))
      return transfer
    },
    { name: 'signer.jwk', text: JSON.stringify(jwks.keys[2]) },
  )
  await app.getByTestId('verify-key').dispatchEvent('drop', { dataTransfer })
  await expect(app.getByTestId('verify-section')).toContainText('from signer.jwk')
  await expect(verdict(app)).toHaveText('Valid')
  await expect(check(app, 'signature')).toContainText('signer.jwk')
  // A binary file is refused with what to do instead.
  const binary = await app.evaluateHandle(() => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array([0x30, 0x82, 0x00, 0x01])], 'cert.der'))
    return transfer
  })
  await app.getByTestId('verify-key').dispatchEvent('drop', { dataTransfer: binary })
  await expect(app.getByTestId('verify-section').getByTestId('key-error')).toContainText('cert.der is binary (DER?)')

  // PBES2: decrypted with a password.
  const pbes2 = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ sub: 'pw', exp: now + 600 })))
    .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 10_000 })
    .encrypt(new TextEncoder().encode('correct horse battery staple'))
  await paste(app, pbes2)
  await app.getByTestId('decrypt-section').getByText('Password').click()
  await app.getByTestId('decrypt-password').fill('wrong password')
  await expect(app.getByTestId('layer-0')).toHaveAttribute('data-status', 'failed')
  await app.getByTestId('decrypt-password').fill('correct horse battery staple')
  await expect(app.getByTestId('layer-0')).toHaveAttribute('data-status', 'decrypted')
  await expect(app.getByTestId('decrypted-claims').locator('tr[data-claim="sub"]')).toContainText('"pw"')
  // A password only its holders know authenticates the sender: no signature needed for "valid".
  await expect(verdict(app)).toHaveText('Valid')
})

test('fully keyboard-operable: every control in the key panel and results takes focus with a visible ring', async ({
  app,
}) => {
  await paste(app, validToken)
  await app.getByTestId('verify-key').fill(JSON.stringify(jwks))
  await expect(verdict(app)).toHaveText('Valid')
  await app.getByTestId('tab-key').focus()
  const reached: string[] = []
  const missing: string[] = []
  for (let i = 0; i < 45; i++) {
    await app.keyboard.press('Tab')
    const info = await app.evaluate(() => {
      const element = document.activeElement as HTMLElement | null
      if (!element || element === document.body) return null
      // A radio of a segmented control draws its ring on the label it sits in.
      const shown = element.matches('input[type="radio"]')
        ? ((element.closest('label, [class*="SegmentedControl-control"]') as HTMLElement | null) ?? element)
        : element
      const style = getComputedStyle(shown)
      const ring =
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
        getComputedStyle(element).outlineStyle !== 'none'
      const id =
        element.dataset.testid ??
        element.getAttribute('aria-label') ??
        element.textContent?.trim().slice(0, 40) ??
        element.tagName
      return { id, ring, editor: !!element.closest('.cm-editor') }
    })
    if (!info || info.editor) continue
    reached.push(info.id)
    if (!info.ring) missing.push(info.id)
  }
  expect(missing, 'focused without a visible ring').toEqual([])
  for (const id of ['verify-key', 'show-skipped', 'Signature: Passed', 'timeline-plot', 'timeline-pin', 'Zoom in'])
    expect(reached.some((r) => r.includes(id))).toBe(true)

  // The Policy tab, by keyboard alone.
  await app.getByTestId('tab-key').focus()
  await app.keyboard.press('ArrowRight')
  await expect(app.getByTestId('tab-policy')).toHaveAttribute('aria-selected', 'true')
  await expect(app.getByTestId('policy-panel')).toBeVisible()
})

test.describe('narrow window', () => {
  test.use({ viewport: { width: 760, height: 800 } })

  test('key, policy and results stack; nothing scrolls sideways', async ({ app }) => {
    await paste(app, validToken)
    await app.getByTestId('verify-key').fill(JSON.stringify(jwks))
    await expect(verdict(app)).toHaveText('Valid')
    const overflow = await app.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('main *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => e.className)
        .slice(0, 5),
    )
    expect(overflow).toEqual([])
    await app.getByTestId('verification-slot').scrollIntoViewIfNeeded()
    await snap(app, 'inspect-verify-narrow')
  })
})

/** RFC 7516 compact JWE with RSA1_5 + A128CBC-HS256, built by hand: jose 6 no longer writes RSA1_5. */
function rsa1_5Token(publicKey: KeyObject, plaintext: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RSA1_5', enc: 'A128CBC-HS256' })).toString('base64url')
  const cek = randomBytes(32)
  const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, cek)
  const iv = randomBytes(16)
  const cipher = createCipheriv('aes-128-cbc', cek.subarray(16), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const aad = Buffer.from(header)
  const al = Buffer.alloc(8)
  al.writeBigUInt64BE(BigInt(aad.length * 8))
  const tag = createHmac('sha256', cek.subarray(0, 16))
    .update(Buffer.concat([aad, iv, ciphertext, al]))
    .digest()
    .subarray(0, 16)
  return [
    header,
    encryptedKey.toString('base64url'),
    iv.toString('base64url'),
    ciphertext.toString('base64url'),
    tag.toString('base64url'),
  ].join('.')
}
