import { beforeAll, describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed, secretKeySource } from '#shared/key-material/source'
import type { KeySource, ParsedKeyInput } from '#shared/key-material/types'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { decodeToken } from '#shared/token/decode'
import { decryptToken } from '#shared/token/decrypt'
import { lintToken } from '#shared/token/lint'
import { normalizeToken } from '#shared/token/normalize'
import { verifyToken } from '#shared/token/verify/verify-token'
import { anyTokenInput } from './arbitraries'
import { fuzzRuns, fuzzTargets } from './harness'

/**
 * Decode, lint, verify and decrypt under random and structured-random tokens: 0 unhandled errors,
 * 0 ERR_INTERNAL. Every reader gets every generated input (fuzzRuns cases per target).
 */

const now = 1_900_000_000
let hmacSource: KeySource
let setSource: KeySource
let decryptionKeys: ParsedKeyInput

beforeAll(async () => {
  hmacSource = secretKeySource('an HMAC secret that is at least thirty-two bytes long')
  setSource = keySourceFromParsed(
    await parseKeyText(
      JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI', kid: 'a' }] }),
    ),
  )
  // a dir key and an oct key-wrapping key: decrypt attempts run for real, without PBKDF2 cost
  decryptionKeys = await parseKeyText(
    JSON.stringify({
      keys: [
        { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', alg: 'dir' },
        { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA', kid: 'kw' },
      ],
    }),
  )
})

describe(`fuzz: token readers (${fuzzRuns} cases per target)`, () => {
  it('normalize, decode, lint, verify (secret and key set), decrypt', async () => {
    const counts = await fuzzTargets(anyTokenInput, {
      normalize: (input) => normalizeToken(input),
      decode: (input) => decodeToken(input, { allowDuplicateMembers: true }),
      lint: (input) => lintToken(input, { now }),
      verify: (input) => verifyToken(input, hmacSource, defaultPolicy(), { at: now }),
      'verify with a key set': (input) => verifyToken(input, setSource, defaultPolicy(), { at: now }),
      decrypt: (input) => decryptToken(input, { keys: decryptionKeys }),
    })
    for (const count of Object.values(counts)) expect(count.handled + count.returned).toBe(fuzzRuns)
    // structured inputs get past the first check often enough to mean something
    expect(counts.decode!.returned).toBeGreaterThan(fuzzRuns / 20)
  })
})
