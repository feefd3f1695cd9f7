import { describe, expect, it } from 'vitest'
import { truncateMiddle } from '#shared/text/truncate-middle'

describe('truncateMiddle', () => {
  it('keeps short text, and shortens long text to head…tail of exactly max code points', () => {
    expect(truncateMiddle('kid-1', 10)).toBe('kid-1')
    const thumbprint = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
    const short = truncateMiddle(thumbprint, 14)
    expect(short).toBe('NzbLsXh…RGC9Xs')
    expect([...short]).toHaveLength(14)
    expect(thumbprint.startsWith(short.split('…')[0]!)).toBe(true)
    expect(thumbprint.endsWith(short.split('…')[1]!)).toBe(true)
  })

  it('never splits a surrogate pair', () => {
    const text = '😀'.repeat(30)
    const short = truncateMiddle(text, 9)
    expect(short).toBe(`${'😀'.repeat(4)}…${'😀'.repeat(4)}`)
    expect(short).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })
})
