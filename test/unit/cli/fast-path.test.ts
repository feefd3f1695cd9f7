import { describe, expect, it } from 'vitest'
import { fastCall } from '#cli/fast-path'

describe('fastCall: the calls answered without commander', () => {
  it('takes --version / -V alone and decode with one token and an optional --json on either side', () => {
    expect(fastCall(['--version'])).toEqual({ command: 'version' })
    expect(fastCall(['-V'])).toEqual({ command: 'version' })
    expect(fastCall(['decode', 'a.b.c'])).toEqual({ command: 'decode', token: 'a.b.c', json: false })
    expect(fastCall(['decode', 'a.b.c', '--json'])).toEqual({ command: 'decode', token: 'a.b.c', json: true })
    expect(fastCall(['decode', '--json', 'a.b.c'])).toEqual({ command: 'decode', token: 'a.b.c', json: true })
    // "-" is standard input, a positional argument for commander too; an empty token is one as well
    expect(fastCall(['decode', '-'])).toEqual({ command: 'decode', token: '-', json: false })
    expect(fastCall(['decode', ''])).toEqual({ command: 'decode', token: '', json: false })
  })

  it('leaves everything else to commander: help, other options, --, globals, extra or missing arguments', () => {
    for (const argv of [
      [],
      ['--help'],
      ['--version', '--json'],
      ['-V', 'decode'],
      ['--data-dir', 'x', 'decode', 'a.b.c'],
      ['--data-dir=x', 'decode', 'a.b.c'],
      ['decode'],
      ['decode', '--json'],
      ['decode', '--json', '--json'],
      ['decode', '--json', '--json', 'a.b.c'],
      ['decode', '--help'],
      ['decode', 'a.b.c', '-h'],
      ['decode', 'a.b.c', '--jsn'],
      ['decode', 'a.b.c', '--json=true'],
      ['decode', '--', 'a.b.c'],
      ['decode', 'a.b.c', '--'],
      ['decode', '-x.b.c'],
      ['decode', '--x'],
      ['decode', 'a.b.c', 'd.e.f'],
      ['verify', 'a.b.c'],
      ['Decode', 'a.b.c'],
      ['help', 'decode'],
    ])
      expect(fastCall(argv), argv.join(' ')).toBeUndefined()
  })
})
