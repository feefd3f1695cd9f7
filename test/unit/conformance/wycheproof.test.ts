import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { decryptToken } from '#shared/token/decrypt'
import { inspectToken } from '#shared/token/inspect'

/**
 * Project Wycheproof's JOSE vectors (../shared/vectors/wycheproof, Apache-2.0), every group and
 * every case, run through the functions the CLI uses: `signet verify` (parseKeyText →
 * keySourceFromParsed → inspectToken) and `signet decrypt` (parseKeyText → decryptToken).
 * A valid case must be accepted (a JWE must decrypt to `pt`), an invalid case rejected.
 */

const vectors = new URL('../../../../shared/vectors/wycheproof/', import.meta.url)

interface TestCase {
  tcId: number
  comment: string
  flags: string[]
  result: 'valid' | 'invalid'
  jws?: string | object
  jwe?: string | object
  pt?: string
}
interface TestGroup {
  comment: string
  private: object
  public?: object
  tests: TestCase[]
}
type File =
  | 'json_web_signature_test.json'
  | 'json_web_encryption_test.json'
  | 'json_web_key_test.json'
  | 'json_web_crypto_test.json'

/**
 * Cases where Signet deliberately disagrees with the label, each for a stated reason. Keyed by
 * file and tcId; the test fails if any of these starts to agree with Wycheproof (so the list stays
 * true) or if any other case disagrees.
 */
const adjudicated: Partial<Record<File, Record<number, string>>> = {
  'json_web_signature_test.json': {
    346: 'Key says "alg": "PS256" but the token is PS384. RFC 7517 §4.4 makes a key\'s alg the algorithm it is intended for; Signet enforces it (as Wycheproof itself does for tcId 19, 20 and the WrongPrimitive cases), so this RFC 7520 example is rejected.',
    350: 'Same as 346, with key_ops: ["verify"]: the key\'s "alg" is PS256, the token uses PS384.',
    347: 'The key says "alg": "ES521", which is not a registered JWS algorithm (ES512 is). A key restricted to an unknown algorithm cannot be matched to the token\'s ES512, so Signet rejects rather than guess an alias.',
    351: 'Same as 347, with key_ops: ["verify"]: the key\'s "alg" is the non-standard "ES521".',
    372: 'Labelled valid, but the header segment contains "?", which is not base64url. RFC 7515 §2 allows only the base64url alphabet; a strict decoder rejects the token before any signature check.',
    373: 'Labelled valid, but the payload segment contains "?", which is not base64url; rejected by strict decoding like 372.',
    367: 'Labelled invalid ("invalidBase64Padding"), but the token is byte-for-byte identical to tcId 357, which is labelled valid; the padding the comment refers to is not in the vector. Signet accepts both, consistently.',
    370: 'Labelled invalid ("invalidBase64PaddingInPayload"), but byte-for-byte identical to the valid tcId 357, like 367. Signet accepts it.',
  },
  'json_web_key_test.json': {
    4: 'Two HS256 keys share kid "kid-aes-sign" and the token verifies with the first. RFC 7517 §4.5 says kids SHOULD (not MUST) be distinct; both keys are in the set the user trusts, so Signet tries each, names the one that verified, and reports the shared kid as a warning in key selection (issue 10, item 7).',
  },
}

function load(file: File): TestGroup[] {
  return (JSON.parse(readFileSync(new URL(file, vectors), 'utf8')) as { testGroups: TestGroup[] }).testGroups
}

/** A fixed evaluation time: the vectors' tokens carry no time claims, but the run must not depend on the clock. */
const at = 1_700_000_000

interface Outcome {
  accepted: boolean
  reason: string
}

async function verifyCase(group: TestGroup, token: string): Promise<Outcome> {
  try {
    const parsed = await parseKeyText(JSON.stringify(group.public ?? group.private))
    const inspection = await inspectToken(token, {
      verificationKeys: keySourceFromParsed(parsed),
      policy: defaultPolicy(),
      at,
    })
    return { accepted: inspection.trace.verdict === 'valid', reason: inspection.trace.reason }
  } catch (error) {
    if (error instanceof SignetError) return { accepted: false, reason: `${error.code}: ${error.message}` }
    throw error
  }
}

async function decryptCase(group: TestGroup, token: string, pt: string | undefined): Promise<Outcome> {
  try {
    const keys = await parseKeyText(JSON.stringify(group.private))
    // RSA1_5 is allowed here (`signet decrypt --allow-rsa1-5`) so that the RSA1_5 tokens sent to
    // RSA-OAEP keys (Pkcs15WithOaepKey) are rejected by the key's own "alg", not by the default
    // refusal; that refusal has its own unit test.
    const result = await decryptToken(token, { keys }, { allowRsa1_5: true })
    if (result.status !== 'decrypted') return { accepted: false, reason: result.reason }
    const hex = Buffer.from(result.plaintext!).toString('hex')
    return pt === undefined || hex === pt
      ? { accepted: true, reason: result.reason }
      : { accepted: false, reason: `decrypted to ${hex}, expected ${pt}` }
  } catch (error) {
    if (error instanceof SignetError) return { accepted: false, reason: `${error.code}: ${error.message}` }
    throw error
  }
}

const files: File[] = [
  'json_web_signature_test.json',
  'json_web_encryption_test.json',
  'json_web_key_test.json',
  'json_web_crypto_test.json',
]

describe('Wycheproof JOSE conformance', () => {
  for (const file of files) {
    describe(file, () => {
      const groups = load(file)
      for (const group of groups) {
        for (const test of group.tests) {
          const exception = adjudicated[file]?.[test.tcId]
          const expected = exception ? test.result !== 'valid' : test.result === 'valid'
          const title = `tcId ${test.tcId} ${test.result} ${group.comment}/${test.comment}${exception ? ' (adjudicated)' : ''}`
          it(title, async () => {
            const raw = test.jws ?? test.jwe
            const token = typeof raw === 'string' ? raw : JSON.stringify(raw)
            const outcome =
              test.jws !== undefined ? await verifyCase(group, token) : await decryptCase(group, token, test.pt)
            expect(outcome.accepted, `${title}: ${outcome.reason}`).toBe(expected)
          })
        }
      }
    })
  }

  it('runs every case of all four files', () => {
    const counts = files.map((file) => load(file).reduce((sum, group) => sum + group.tests.length, 0))
    expect(counts).toEqual([401, 139, 26, 83])
  })
})
