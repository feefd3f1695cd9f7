import { describe, expect, it } from 'vitest'
import { exampleTokens } from '#renderer/features/inspector/examples'
import { jsonSerializationSpans } from '#renderer/features/inspector/json-spans'

const textOf = (text: string, spans: { name: string; start: number; end: number }[]) =>
  spans.map((s) => [s.name, text.slice(s.start, s.end)])

describe('jsonSerializationSpans', () => {
  it('finds every base64url member of a general JWS, in text order, in the coordinates as typed', () => {
    const general = `  ${exampleTokens.find((e) => e.id === 'rfc7515-json-general')!.token}`
    const spans = jsonSerializationSpans(general)
    const parsed = JSON.parse(general) as { payload: string; signatures: { protected: string; signature: string }[] }
    expect(textOf(general, spans)).toEqual([
      ['payload', parsed.payload],
      ['header', parsed.signatures[0]!.protected],
      ['signature', parsed.signatures[0]!.signature],
      ['header', parsed.signatures[1]!.protected],
      ['signature', parsed.signatures[1]!.signature],
    ])
  })

  it('maps the JWE JSON members to the compact segment colours, per recipient too', () => {
    const jwe = JSON.stringify({
      protected: 'eyJlbmMiOiJBMTI4R0NNIn0',
      recipients: [{ header: { alg: 'dir' }, encrypted_key: 'AAAA' }],
      iv: 'AAAA',
      ciphertext: 'BBBB',
      tag: 'CCCC',
    })
    expect(textOf(jwe, jsonSerializationSpans(jwe)).map(([name]) => name)).toEqual([
      'header',
      'encrypted_key',
      'iv',
      'ciphertext',
      'tag',
    ])
  })

  it('ignores nested look-alikes and non-string members, and gives nothing for broken JSON', () => {
    const tricky = JSON.stringify({ payload: 'AAAA', header: { protected: 'nested', signature: 1 }, signature: 5 })
    expect(textOf(tricky, jsonSerializationSpans(tricky))).toEqual([['payload', 'AAAA']])
    expect(jsonSerializationSpans('{"payload": "AAAA"')).toEqual([])
    expect(jsonSerializationSpans('{"payload": ""}')).toEqual([])
  })
})
