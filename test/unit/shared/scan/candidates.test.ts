import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeJsonSegment, validateCompact } from '#shared/scan/candidates'

const b64 = (text: string) => Buffer.from(text).toString('base64url')

afterEach(() => vi.restoreAllMocks())

describe('decodeJsonSegment: cheap structural rejections before JSON.parse', () => {
  it('rejects a decoy header that cannot be a JSON object without parsing it', () => {
    const parse = vi.spyOn(JSON, 'parse')
    expect(validateCompact('eyJh.eyJh.eyJh')).toBeNull()
    expect(decodeJsonSegment(b64('{"alg":"HS256"'))).toBeNull()
    expect(decodeJsonSegment(b64('{"alg":"HS256"} x'))).toBeNull()
    expect(parse).not.toHaveBeenCalled()
  })

  it('still reads every object, whitespace around it included, and still parses to reject a bad one', () => {
    expect(decodeJsonSegment(b64(' \n{"alg":"none"}\r\n\t '))).toEqual({ alg: 'none' })
    expect(decodeJsonSegment(b64('{"alg":"none"}'))).toEqual({ alg: 'none' })
    expect(decodeJsonSegment(b64('{"alg":}'))).toBeNull()
    expect(decodeJsonSegment(b64('{} {}'))).toBeNull()
  })
})
