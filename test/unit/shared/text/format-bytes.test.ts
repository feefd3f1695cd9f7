import { describe, expect, it } from 'vitest'
import { formatBytes } from '#shared/text/format-bytes'

describe('formatBytes', () => {
  it('gives the exact count below 1 KiB, with a singular and thousands separators', () => {
    expect(formatBytes(0)).toBe('0 bytes')
    expect(formatBytes(1)).toBe('1 byte')
    expect(formatBytes(64)).toBe('64 bytes')
    expect(formatBytes(1000)).toBe('1,000 bytes')
    expect(formatBytes(1023)).toBe('1,023 bytes')
  })

  it('names a whole number of binary units alone, as the limits are written', () => {
    expect(formatBytes(1024)).toBe('1 KiB')
    expect(formatBytes(64 * 1024)).toBe('64 KiB')
    expect(formatBytes(1024 * 1024)).toBe('1 MiB')
    expect(formatBytes(8 * 1024 * 1024)).toBe('8 MiB')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GiB')
  })

  it('gives one decimal and the exact count otherwise', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB (1,536 bytes)')
    expect(formatBytes(12_595)).toBe('12.3 KiB (12,595 bytes)')
    expect(formatBytes(1024 * 1024 + 1)).toBe('1.0 MiB (1,048,577 bytes)')
    expect(formatBytes(5 * 1024 ** 3 + 512 * 1024 ** 2)).toBe('5.5 GiB (5,905,580,032 bytes)')
  })

  it('moves up a unit rather than print 1024.0 of the smaller one', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MiB (1,048,575 bytes)')
    expect(formatBytes(1024 * 1024 - 60)).toBe('1023.9 KiB (1,048,516 bytes)')
  })

  it('stays in GiB above it', () => {
    expect(formatBytes(2048 * 1024 ** 3)).toBe('2048 GiB')
  })

  it('prints what is not a byte count as it is, never throwing', () => {
    expect(formatBytes(-1)).toBe('-1 bytes')
    expect(formatBytes(1.5)).toBe('1.5 bytes')
    expect(formatBytes(Number.NaN)).toBe('NaN bytes')
  })
})
