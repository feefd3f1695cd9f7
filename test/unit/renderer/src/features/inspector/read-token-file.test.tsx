import { describe, expect, it } from 'vitest'
import { maxTokenFileBytes, tokenTextFromFile } from '#renderer/features/inspector/read-token-file'
import { SignetError } from '#shared/errors'

const bytes = (text: string) => new TextEncoder().encode(text)

function refusal(name: string, content: Uint8Array): SignetError {
  try {
    tokenTextFromFile(name, content)
  } catch (error) {
    if (error instanceof SignetError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('tokenTextFromFile', () => {
  it('returns the text of a token file, without a UTF-8 BOM', () => {
    expect(tokenTextFromFile('a.jwt', bytes('eyJ.eyJ.sig\n'))).toBe('eyJ.eyJ.sig\n')
    expect(tokenTextFromFile('a.jwt', bytes('\uFEFFeyJ.eyJ.sig'))).toBe('eyJ.eyJ.sig')
  })

  it('refuses binary, non-UTF-8, empty and oversized files with ERR_FILE_UNREADABLE naming the file', () => {
    const binary = refusal('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]))
    expect(binary.code).toBe('ERR_FILE_UNREADABLE')
    expect(binary.message).toBe(
      'photo.png is a binary file, not text. A token file holds the token as text (compact or JSON).',
    )
    expect(refusal('latin1.txt', new Uint8Array([0x65, 0xe9, 0x65])).message).toContain('not UTF-8')
    expect(refusal('empty.jwt', bytes('  \n')).message).toBe('empty.jwt is empty.')
    const big = refusal('huge.log', new Uint8Array(maxTokenFileBytes + 1).fill(0x41))
    expect(big.message).toContain('huge.log is 1.0 MiB')
    expect(big.location).toEqual({ segment: 'huge.log' })
  })

  it('accepts a file of exactly the limit', () => {
    expect(tokenTextFromFile('max.jwt', new Uint8Array(maxTokenFileBytes).fill(0x41))).toHaveLength(maxTokenFileBytes)
  })
})
