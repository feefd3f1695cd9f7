import { describe, expect, it } from 'vitest'
import { lintJwks, maxJwksBytes } from '#shared/jwks/lint'
import { checkJwksTextSize, jwksTooLarge } from '#shared/jwks/size'
import type { SignetError } from '#shared/errors'

/** A JWKS whose "keys" hold one key with a name of `count` copies of `unit`. */
function jwksWith(unit: string, count: number): string {
  return JSON.stringify({ keys: [{ kty: 'oct', kid: unit.repeat(count), k: 'AAAA' }] })
}

function thrown(run: () => unknown): SignetError {
  try {
    run()
  } catch (error) {
    return error as SignetError
  }
  throw new Error('expected an error')
}

describe('the JWKS size budget counts UTF-8 bytes', () => {
  // 400,000 three-byte characters: 400 KB of .length, 1.2 MB of UTF-8.
  const multiByte = jwksWith('€', 400_000)

  it('refuses a JWKS of multi-byte characters whose .length is under the limit, naming both sizes in bytes', async () => {
    expect(multiByte.length).toBeLessThan(maxJwksBytes)
    const bytes = new TextEncoder().encode(multiByte).length
    expect(bytes).toBeGreaterThan(maxJwksBytes)
    await expect(lintJwks(multiByte)).rejects.toMatchObject({
      code: 'ERR_JWKS_TOO_LARGE',
      message: expect.stringContaining(`at most 1 MiB`),
    })
    const error = thrown(() => checkJwksTextSize(multiByte))
    expect(error.message).toContain(`(${bytes.toLocaleString('en-US')} bytes)`)
    expect(error.message).not.toContain('characters')
  })

  it('accepts a JWKS exactly at the limit in bytes', async () => {
    const overhead = new TextEncoder().encode(jwksWith('', 0)).length
    const atLimit = jwksWith('a', maxJwksBytes - overhead)
    expect(new TextEncoder().encode(atLimit).length).toBe(maxJwksBytes)
    expect(() => checkJwksTextSize(atLimit)).not.toThrow()
    expect(() => checkJwksTextSize(`${atLimit} `)).toThrow(/1\.0 MiB \(1,048,577 bytes\)/)
  })

  it('says "more than" when a stream was cut at the limit', () => {
    expect(jwksTooLarge('Standard input', undefined).message).toMatch(/^Standard input is more than 1 MiB; /)
  })
})
