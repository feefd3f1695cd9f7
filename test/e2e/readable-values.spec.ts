import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { expect, snap, test } from './support/fixtures'
import { check, paste } from './support/inspect-page'

/**
 * Values people read are words, dates and durations, never the stored form: a check's detail on
 * Inspect shows `exp` as a date in the one time format and a lifetime as a duration — not
 * `1796013936`, `900` or `futureIat` (the stored JSON stays behind its own disclosure).
 */

const utc = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')

test("a check's detail reads as dates and durations, with the stored JSON one click away", async ({ app }) => {
  const now = Math.floor(Date.now() / 1000)
  const exp = now + 20 * 60
  const signer = await generateKeyPair('ES256', { extractable: true })
  const token = await new SignJWT({ sub: 'alice' })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuedAt(now - 60)
    .setExpirationTime(exp)
    .sign(signer.privateKey)
  await paste(app, token)
  await app.getByTestId('verify-key').fill(JSON.stringify(await exportJWK(signer.publicKey)))
  await expect(app.getByTestId('verdict-title')).toHaveText('Valid')

  await check(app, 'exp').getByRole('button').click()
  const facts = check(app, 'exp').getByTestId('check-detail-facts')
  await expect(facts.locator('[data-detail="exp"]')).toHaveText(`Expires (exp)${utc(exp)}`)
  await expect(facts.locator('[data-detail="skew"] dd')).toHaveText(/^\d+ (s|min)$/)
  await expect(facts).not.toContainText(String(exp))
  // The stored form is there on request only.
  const raw = check(app, 'exp').getByTestId('check-raw-detail')
  await expect(raw.getByText(String(exp))).toBeHidden()
  await raw.locator('summary').click()
  await expect(raw.getByText(String(exp))).toBeVisible()

  // The iat check's detail names the policy's setting in words, not by its camelCase key.
  await check(app, 'iat').getByRole('button').click()
  const iatFacts = check(app, 'iat').getByTestId('check-detail-facts')
  await expect(iatFacts.locator('[data-detail="iat"]')).toHaveText(`Issued at (iat)${utc(now - 60)}`)
  await expect(iatFacts.locator('[data-detail="futureIat"] dt')).toHaveText('A future iat is, by the policy')
  await expect(iatFacts).not.toContainText('futureIat')
  await expect(iatFacts).not.toContainText(String(now - 60))
  // The validity timeline's legend gives the skew as a duration, not a count of seconds.
  const legend = app.getByText(/^within clock skew \(/).first()
  await expect(legend).toHaveText('within clock skew (1 min)')
  await snap(app, 'inspect-check-detail-readable')
})
