import { describe, expect, it, vi } from 'vitest'
import { safeJson, safeText } from '#cli/output/safe-text'
import { paint, renderStyles } from '#cli/output/style'

describe('terminal escape injection: safeText', () => {
  it('escapes C0, DEL, C1 and bidi characters visibly; keeps line feeds only in multi-line text', () => {
    expect(safeText('a\r\u001b[2Kb\u009b\u007f\u202eC\u2066\u200e\u061c')).toBe(
      'a\\r\\e[2Kb\\x9B\\x7F\\u202EC\\u2066\\u200E\\u061C',
    )
    expect(safeText('a\nb\tc')).toBe('a\\nb\\tc')
    expect(safeText('a\nb\tc', { multiline: true })).toBe('a\nb\tc')
    expect(safeText('plain “text” ✓ é', { multiline: true })).toBe('plain “text” ✓ é')
  })

  it('multi-line text escapes every character single-line text escapes, except line feed and tab', () => {
    // the fast path (nothing to escape beyond line feeds) must not let any other unsafe character through
    for (let code = 0; code < 0x2100; code++) {
      const char = String.fromCharCode(code)
      const expected = char === '\n' || char === '\t' ? char : safeText(char)
      expect(safeText(`line ${char}\n`, { multiline: true })).toBe(`line ${expected}\n`)
    }
  })

  it('JSON keeps the same value while writing C1 and bidi as \\u escapes', () => {
    const value = { kid: 'x\u009b\u202e\u2028y', n: 1 }
    const text = safeJson(value)
    expect(text).not.toMatch(/[\u0080-\u009f\u202e\u2028]/)
    expect(JSON.parse(text)).toEqual(value)
  })

  it('only our own styling becomes SGR; a forged marker or raw ESC in the text is escaped', () => {
    const hostile = '\u001b[32mVALID\uE000deadbeef:32\uE001'
    const styled = paint('red', `INVALID ${hostile}`, true)
    const rendered = renderStyles(styled, (plain) => safeText(plain, { multiline: true }))
    expect(rendered.startsWith('\u001b[31mINVALID \\e[32mVALID')).toBe(true)
    expect(rendered.endsWith('\u001b[39m')).toBe(true)
    expect(rendered.split('\u001b')).toHaveLength(3)
    expect(renderStyles(paint('red', 'x', false), (plain) => plain)).toBe('x')
  })

  it('before anything is painted (no nonce made yet) every marker-like text is plain text, escaped', async () => {
    vi.resetModules()
    const fresh = await import('#cli/output/style')
    const hostile = '\u001b[1mA\uE000:32\uE001B\uE000deadbeef:32\uE001'
    const escape = (plain: string) => `<${safeText(plain, { multiline: true })}>`
    expect(fresh.renderStyles(hostile, escape)).toBe(`<${safeText(hostile, { multiline: true })}>`)
    expect(fresh.renderStyles(fresh.paint('red', 'x', false), escape)).toBe('<x>')
    // the first painted text makes the nonce; from then on only its markers become SGR
    expect(fresh.renderStyles(fresh.paint('red', 'x', true), escape)).toBe('<>\u001b[31m<x>\u001b[39m<>')
  })
})
