import { describe, expect, it } from 'vitest'
import { splitAtBreakPoints } from '#shared/text/break-points'

describe('splitAtBreakPoints', () => {
  it('splits a URL after path slashes and before dots, never inside "//"', () => {
    expect(splitAtBreakPoints('https://auth.example.com/tenants/acme')).toEqual([
      'https://auth',
      '.example',
      '.com/',
      'tenants/',
      'acme',
    ])
  })

  it('splits a query after "?" and "&" and before "=", and after "#"', () => {
    expect(splitAtBreakPoints('https://a.io/x?tenant=acme&v=2#top')).toEqual([
      'https://a',
      '.io/',
      'x?',
      'tenant',
      '=acme&',
      'v',
      '=2#',
      'top',
    ])
  })

  it('splits a dotted field before "." and "["', () => {
    expect(splitAtBreakPoints('request.headers[Authorization]')).toEqual(['request', '.headers', '[Authorization]'])
  })

  it('leaves text without delimiters whole, and gives every character back', () => {
    expect(splitAtBreakPoints('payments-prod')).toEqual(['payments-prod'])
    expect(splitAtBreakPoints('')).toEqual([''])
    for (const text of ['urn:example:issuer', '../a//b..c', 'https://x.y/?a=b&c=d#e', 'a/'])
      expect(splitAtBreakPoints(text).join('')).toBe(text)
  })
})
