import { describe, expect, it } from 'vitest'
import { attackerGuessesPerSecond, describeSeconds, estimatePassphraseStrength } from '#shared/passphrase/strength'

describe('estimatePassphraseStrength', async () => {
  it('calls common and short passphrases weak, and not acceptable for a backup', async () => {
    for (const p of ['password', 'password123', 'qwertyuiop', 'letmein!', 'Summer2024!']) {
      const s = await estimatePassphraseStrength(p)
      expect(s.level, p).toBe('weak')
      expect(s.acceptable, p).toBe(false)
      expect(s.warning, p).toBeTruthy()
    }
  })

  it('refuses the famous "Tr0ub4dor&3" (l33t of a dictionary word)', async () => {
    const s = await estimatePassphraseStrength('Tr0ub4dor&3')
    expect(s.acceptable).toBe(false)
    expect(s.crackSeconds).toBeLessThan(365 * 24 * 3600)
  })

  it('accepts several random words and long random strings', async () => {
    for (const p of ['correct horse battery staple', 'velvet-orbit-mango-tundra-quill', 'kX9#vq2!Lm8@zR4$wT7p']) {
      const s = await estimatePassphraseStrength(p)
      expect(s.acceptable, p).toBe(true)
      expect(['good', 'strong'], p).toContain(s.level)
      expect(s.warning, p).toBeNull()
    }
  })

  it('refuses anything shorter than 12 characters even when zxcvbn likes it', async () => {
    const s = await estimatePassphraseStrength('zQ8#rT2!xW')
    expect(s.length).toBe(10)
    expect(s.acceptable).toBe(false)
    expect(s.warning).toMatch(/12 characters/)
  })

  it('treats user inputs and the product name as the first guesses', async () => {
    const plain = await estimatePassphraseStrength('productionkeys-acme')
    const told = await estimatePassphraseStrength('productionkeys-acme', ['productionkeys', 'acme'])
    expect(told.guessesLog10).toBeLessThan(plain.guessesLog10)
    expect((await estimatePassphraseStrength('signetbackup')).guessesLog10).toBeLessThan(
      (await estimatePassphraseStrength('quixotebrine')).guessesLog10,
    )
  })

  it('ties the time to crack to the stated attacker rate', async () => {
    const s = await estimatePassphraseStrength('correct horse battery staple')
    expect(Math.log10(s.crackSeconds * attackerGuessesPerSecond)).toBeCloseTo(s.guessesLog10, 2)
    expect(s.crackTime).toBe('centuries')
  })

  it('handles the empty passphrase', async () => {
    expect(await estimatePassphraseStrength('')).toMatchObject({
      level: 'weak',
      acceptable: false,
      length: 0,
      crackTime: 'instantly',
    })
  })

  it('counts characters, not UTF-16 units', async () => {
    expect((await estimatePassphraseStrength('🔑🔑🔑')).length).toBe(3)
  })
})

describe('describeSeconds', async () => {
  it('rounds to the largest unit', async () => {
    expect(describeSeconds(0.2)).toBe('less than a second')
    expect(describeSeconds(1)).toBe('1 second')
    expect(describeSeconds(90)).toBe('2 minutes')
    expect(describeSeconds(3 * 3600)).toBe('3 hours')
    expect(describeSeconds(400 * 24 * 3600)).toBe('1 year')
    expect(describeSeconds(1e12)).toBe('centuries')
  })
})
