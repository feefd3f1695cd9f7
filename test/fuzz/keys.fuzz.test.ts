import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateJwk } from '#shared/key-material/jwk'
import { parseKeyText } from '#shared/key-material/parse-key'
import { parseSecret } from '#shared/key-material/secret'
import { checkKeyStrength } from '#shared/key-material/strength'
import { jwkThumbprint } from '#shared/key-material/thumbprint'
import { jwk, keyText } from './arbitraries'
import { fuzzRuns, fuzzTargets } from './harness'

/** Key parsing under random and structured-random key text: 0 unhandled errors, 0 ERR_INTERNAL. */

describe(`fuzz: key parsing (${fuzzRuns} cases per target)`, () => {
  it('parseKeyText (JWK, JWK Set, PEM) and jwkThumbprint', async () => {
    const counts = await fuzzTargets(keyText, {
      parseKeyText: (text) => parseKeyText(text),
      jwkThumbprint: (text) => jwkThumbprint(text),
    })
    expect(counts.parseKeyText!.returned).toBeGreaterThan(0)
  })

  it('validateJwk, then checkKeyStrength on what it accepts', async () => {
    await fuzzTargets(jwk, { validateJwk: (value) => checkKeyStrength(validateJwk(value).jwk, null) })
  })

  it('parseSecret in every encoding', async () => {
    const encodings = fc.constantFrom('auto', 'utf8', 'base64', 'base64url', 'hex') as fc.Arbitrary<'auto'>
    await fuzzTargets(fc.tuple(fc.string({ maxLength: 100 }), encodings), {
      parseSecret: ([text, encoding]) => parseSecret(text, encoding),
    })
  })
})
