import { createHmac } from 'node:crypto'
import { CompactEncrypt, FlattenedEncrypt, GeneralSign } from 'jose'
import { describe, expect, it } from 'vitest'
import { errorCodes, SignetError } from '#shared/errors'
import { checkKeyStrength } from '#shared/key-material/strength'
import { parseKeyText } from '#shared/key-material/parse-key'
import {
  maxJsonDepth,
  maxJsonMembers,
  maxKeysInSet,
  maxPbes2TotalCount,
  maxSignatures,
  maxTokenChars,
  maxWeakSecretSigningInputBytes,
} from '#shared/limits'
import { encodeBase64url } from '#shared/encoding/base64url'
import { bytesToBigInt } from '#shared/encoding/big-integer'
import { decodeToken } from '#shared/token/decode'
import { decryptToken } from '#shared/token/decrypt'
import { lintToken } from '#shared/token/lint'
import { findWeakSecret } from '#shared/token/weak-secrets'

/**
 * Class: work without bounds (issue 10, item 5). Every input-driven loop has a budget with its own
 * code and a message stating the limit; each measured example from the issue is here with its
 * right outcome.
 */

const b64 = (text: string) => encodeBase64url(new TextEncoder().encode(text))
const hs256 = (payload: string, secret = 'secret') => {
  const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${payload}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

function thrown(run: () => unknown): SignetError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(SignetError)
    return error as SignetError
  }
  throw new Error('expected a SignetError')
}

async function rejected(promise: Promise<unknown>): Promise<SignetError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SignetError)
  return error as SignetError
}

describe('budgets', () => {
  it('every budget has its own stable code', () => {
    for (const code of [
      'ERR_TOKEN_TOO_LARGE',
      'ERR_JSON_TOO_DEEP',
      'ERR_JSON_TOO_MANY_MEMBERS',
      'ERR_KEY_TOO_LARGE',
      'ERR_BUDGET_EXCEEDED',
    ] as const) {
      expect(errorCodes).toContain(code)
    }
  })

  it('lint of a 1 MiB HS256 token skips the dictionary with a finding that says why, and full runs refuse the same way', async () => {
    const token = hs256(b64(JSON.stringify({ sub: 'u', blob: 'x'.repeat(768 * 1024) })))
    expect(token.length).toBeGreaterThan(1024 * 1024)
    const findings = lintToken(token, { now: 1_900_000_000 })
    const skipped = findings.find((f) => f.id === 'weak-secret-check-skipped')
    expect(skipped?.severity).toBe('info')
    expect(skipped?.message).toContain('64 KiB')
    // the check still runs on a token within the budget: "secret" is found
    expect(lintToken(hs256(b64('{"sub":"u"}')), { now: 1_900_000_000 }).map((f) => f.id)).toContain('weak-hmac-secret')
    const error = await rejected(findWeakSecret(token))
    expect(error.code).toBe('ERR_BUDGET_EXCEEDED')
    expect(error.message).toContain(`${maxWeakSecretSigningInputBytes / 1024} KiB`)
  })

  it('JWS JSON with 200 HMAC signatures is refused, stating the limit', async () => {
    const payload = b64('{"sub":"u"}')
    const signatures = Array.from({ length: 200 }, () => ({ protected: b64('{"alg":"HS256"}'), signature: 'c2ln' }))
    const error = thrown(() => decodeToken(JSON.stringify({ payload, signatures })))
    expect(error.code).toBe('ERR_BUDGET_EXCEEDED')
    expect(error.message).toContain(`at most ${maxSignatures}`)
  })

  it(`${maxSignatures} HMAC signatures over a 512 KB payload: the quick pass hashes within its budget and says what it skipped`, async () => {
    const sign = new GeneralSign(new TextEncoder().encode(JSON.stringify({ sub: 'u', blob: 'y'.repeat(512 * 1024) })))
    const key = new TextEncoder().encode('an HMAC secret that is at least thirty-two bytes long')
    for (let i = 0; i < maxSignatures; i++) sign.addSignature(key).setProtectedHeader({ alg: 'HS256', kid: `k${i}` })
    const token = JSON.stringify(await sign.sign())
    const findings = lintToken(token, { now: 1_900_000_000 })
    expect(findings.find((f) => f.id === 'weak-secret-check-skipped')?.message).toMatch(/100 HMAC signatures/)
  })

  it(
    `PBES2: the p2c budget is per token (${maxPbes2TotalCount.toLocaleString('en')} iterations in total), not per recipient`,
    { timeout: 30_000 },
    async () => {
      const p2c = 600_000
      const one = await new FlattenedEncrypt(new TextEncoder().encode('hello'))
        .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' })
        .setKeyManagementParameters({ p2c })
        .encrypt(new TextEncoder().encode('the right password'))
      const { encrypted_key, ...rest } = one
      const token = JSON.stringify({ ...rest, recipients: Array.from({ length: 20 }, () => ({ encrypted_key })) })
      const result = await decryptToken(token, { password: new TextEncoder().encode('a wrong password') })
      expect(result.status).not.toBe('decrypted')
      const attempts = JSON.stringify(result)
      // one attempt spent 600,000 iterations; every other one was refused by the budget
      expect(
        attempts.match(/Signet spends at most 1,000,000 PBKDF2 iterations on one token/g)?.length ?? 0,
      ).toBeGreaterThanOrEqual(19)
      const right = await decryptToken(token, { password: new TextEncoder().encode('the right password') })
      expect(right.status).toBe('decrypted')
    },
  )

  it('an RSA JWK with a 256 KB modulus is refused at once, in parsing and in the strength check', async () => {
    const n = encodeBase64url(new Uint8Array(256 * 1024).fill(0xab))
    const jwk = JSON.stringify({ kty: 'RSA', n, e: 'AQAB' })
    const error = await rejected(parseKeyText(jwk))
    expect(error.code).toBe('ERR_KEY_TOO_LARGE')
    expect(error.message).toContain('16,384 bits')
    expect(checkKeyStrength({ kty: 'RSA', n, e: 'AQAB' }, 'RS256')).toMatchObject({ ok: false })
  })

  it('bytes → BigInt is exact (and linear: through hex)', () => {
    expect(bytesToBigInt(new Uint8Array())).toBe(0n)
    expect(bytesToBigInt(Uint8Array.of(1, 0))).toBe(256n)
    expect(bytesToBigInt(Uint8Array.of(0, 0, 0xff))).toBe(255n)
    const big = new Uint8Array(256 * 1024).fill(0xff)
    expect(bytesToBigInt(big)).toBe((1n << BigInt(big.length * 8)) - 1n)
  })

  it('key text and JWK Sets have size limits', async () => {
    const large = await rejected(parseKeyText(`{"kty":"oct","k":"${'A'.repeat(2 * 1024 * 1024)}"}`))
    expect(large.code).toBe('ERR_KEY_TOO_LARGE')
    // The limit counts UTF-16 code units: the message says characters, never a byte size.
    expect(large.message).toContain('of at most 1,048,576 characters')
    expect(large.message).not.toMatch(/MiB|bytes/)
    const keys = Array.from({ length: maxKeysInSet + 1 }, () => ({ kty: 'oct', k: 'AAAA' }))
    const error = await rejected(parseKeyText(JSON.stringify({ keys })))
    expect(error.code).toBe('ERR_KEY_TOO_LARGE')
    expect(error.message).toContain('1,000 keys')
  })

  it('JSON nested 2,000 (and 100,000) deep: ERR_JSON_TOO_DEEP, never ERR_INTERNAL or "invalid JSON"', () => {
    for (const depth of [2_000, 100_000]) {
      const claims = `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`
      const error = thrown(() => decodeToken(`${b64('{"alg":"HS256"}')}.${b64(claims)}.c2ln`))
      expect(error.code).toBe('ERR_JSON_TOO_DEEP')
      expect(error.message).toContain(`${maxJsonDepth} levels`)
      expect(error.location?.segment).toBe('payload')
    }
    const fine = `{"a":${'['.repeat(maxJsonDepth - 1)}${']'.repeat(maxJsonDepth - 1)}}`
    expect(decodeToken(`${b64('{"alg":"HS256"}')}.${b64(fine)}.c2ln`)).toMatchObject({ payload: { kind: 'claims' } })
    // also in key parsing
    return rejected(parseKeyText(`{"kty":"oct","k":"AAAA","x":${'['.repeat(5000)}${']'.repeat(5000)}}`)).then((e) =>
      expect(e.code).toBe('ERR_JSON_TOO_DEEP'),
    )
  })

  it(
    '300k duplicate members: refused by the member budget; 40k are read without overflowing the stack',
    { timeout: 30_000 },
    () => {
      const many = (count: number) => `{${Array.from({ length: count }, () => '"a":1').join(',')}}`
      const error = thrown(() =>
        decodeToken(`${b64('{"alg":"HS256"}')}.${b64(many(300_000))}.c2ln`, { allowDuplicateMembers: true }),
      )
      expect(error.code).toBe('ERR_JSON_TOO_MANY_MEMBERS')
      expect(error.message).toContain(maxJsonMembers.toLocaleString('en'))
      const decoded = decodeToken(`${b64('{"alg":"HS256"}')}.${b64(many(40_000))}.c2ln`, {
        allowDuplicateMembers: true,
      })
      expect(decoded.notes.duplicateMembers.length).toBe(39_999)
      expect(lintToken(decoded, { now: 1_900_000_000 }).filter((f) => f.id === 'duplicate-member').length).toBe(39_999)
    },
  )

  it('a token above the size limit is refused before any work', () => {
    const error = thrown(() => decodeToken('a'.repeat(maxTokenChars + 1)))
    expect(error.code).toBe('ERR_TOKEN_TOO_LARGE')
    // The limit counts UTF-16 code units, so the message says characters, not a byte size.
    expect(error.message).toContain('at most 8,388,608 characters')
    expect(error.message).not.toMatch(/MiB|bytes/)
  })

  it('a compact JWE over the limit is refused the same way', async () => {
    const jwe = await new CompactEncrypt(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'dir', enc: 'A128GCM' })
      .encrypt(new Uint8Array(16))
    expect(decodeToken(jwe).type).toBe('jwe')
    expect(thrown(() => decodeToken(jwe + ' '.repeat(maxTokenChars))).code).toBe('ERR_TOKEN_TOO_LARGE')
  })
})
