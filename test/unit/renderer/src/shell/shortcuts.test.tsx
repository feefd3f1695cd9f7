import { describe, expect, it } from 'vitest'
import { commandForKey, describeShortcuts, type KeyInput } from '#renderer/shell/shortcuts'

const key = (overrides: Partial<KeyInput>): KeyInput => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inEditable: false,
  ...overrides,
})

describe('commandForKey', () => {
  it('Ctrl+1..6 go to the screens on Linux and Windows, Cmd+1..6 on macOS', () => {
    expect(commandForKey(key({ key: '2', code: 'Digit2', ctrlKey: true }), false, 6)).toEqual({
      type: 'go-to-screen',
      index: 1,
    })
    expect(commandForKey(key({ key: '6', code: 'Digit6', metaKey: true }), true, 6)).toEqual({
      type: 'go-to-screen',
      index: 5,
    })
    // The other platform's modifier does nothing.
    expect(commandForKey(key({ key: '2', code: 'Digit2', metaKey: true }), false, 6)).toBeNull()
    expect(commandForKey(key({ key: '2', code: 'Digit2', ctrlKey: true }), true, 6)).toBeNull()
  })

  it('uses the physical digit key, so AZERTY layouts work', () => {
    expect(commandForKey(key({ key: 'é', code: 'Digit2', ctrlKey: true }), false, 6)).toEqual({
      type: 'go-to-screen',
      index: 1,
    })
  })

  it('ignores digits beyond the registered screens, and Shift or Alt chords', () => {
    expect(commandForKey(key({ key: '7', code: 'Digit7', ctrlKey: true }), false, 6)).toBeNull()
    expect(commandForKey(key({ key: '!', code: 'Digit1', ctrlKey: true, shiftKey: true }), false, 6)).toBeNull()
    expect(commandForKey(key({ key: '1', code: 'Digit1', ctrlKey: true, altKey: true }), false, 6)).toBeNull()
  })

  it('Mod+L focuses the token editor, even from inside an editor', () => {
    expect(commandForKey(key({ key: 'l', code: 'KeyL', ctrlKey: true, inEditable: true }), false, 6)).toEqual({
      type: 'focus-token-editor',
    })
    expect(commandForKey(key({ key: 'L', code: 'KeyL', metaKey: true }), true, 6)).toEqual({
      type: 'focus-token-editor',
    })
  })

  it('"?" opens the shortcuts, but only outside text input; Mod+/ works everywhere', () => {
    expect(commandForKey(key({ key: '?', code: 'Slash', shiftKey: true }), false, 6)).toEqual({
      type: 'show-shortcuts',
    })
    expect(commandForKey(key({ key: '?', code: 'Slash', shiftKey: true, inEditable: true }), false, 6)).toBeNull()
    expect(commandForKey(key({ key: '/', code: 'Slash', ctrlKey: true, inEditable: true }), false, 6)).toEqual({
      type: 'show-shortcuts',
    })
  })

  it('leaves ordinary typing and other chords alone', () => {
    expect(commandForKey(key({ key: 'a', code: 'KeyA' }), false, 6)).toBeNull()
    expect(commandForKey(key({ key: 'c', code: 'KeyC', ctrlKey: true }), false, 6)).toBeNull()
    expect(commandForKey(key({ key: 'v', code: 'KeyV', ctrlKey: true, inEditable: true }), false, 6)).toBeNull()
  })
})

describe('describeShortcuts', () => {
  it('lists one entry per screen with the platform modifier, then the global ones', () => {
    const list = describeShortcuts(true, ['Inspect', 'Keys'])
    expect(list[0]).toEqual({ keys: ['⌘', '1'], label: 'Go to Inspect' })
    expect(list[1]).toEqual({ keys: ['⌘', '2'], label: 'Go to Keys' })
    expect(list.map((s) => s.label)).toContain('Focus the token editor')
    expect(describeShortcuts(false, ['Inspect'])[0]!.keys).toEqual(['Ctrl', '1'])
  })
})
