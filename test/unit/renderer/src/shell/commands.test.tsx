import { describe, expect, it, vi } from 'vitest'
import { createShellCommandBus } from '#renderer/shell/commands'

describe('the shell command bus', () => {
  it('delivers a command to every subscriber and reports whether anyone listened', () => {
    const bus = createShellCommandBus()
    expect(bus.emit('focus-token-editor')).toBe(false)
    const first = vi.fn()
    const second = vi.fn()
    const stopFirst = bus.subscribe('focus-token-editor', first)
    bus.subscribe('focus-token-editor', second)
    expect(bus.emit('focus-token-editor')).toBe(true)
    stopFirst()
    bus.emit('focus-token-editor')
    expect(first).toHaveBeenCalledTimes(1)
    expect(second).toHaveBeenCalledTimes(2)
  })
})

describe('commands with a payload', () => {
  it('hands "inspect-token" its token and source, to every subscriber', () => {
    const bus = createShellCommandBus()
    const seen: string[] = []
    bus.subscribe('inspect-token', ({ token, source }) => seen.push(`${source}:${token}`))
    bus.subscribe('inspect-token', ({ token }) => seen.push(token))
    expect(bus.emit('inspect-token', { token: 'a.b.c', source: 'Sign' })).toBe(true)
    expect(seen).toEqual(['Sign:a.b.c', 'a.b.c'])
    // a different command reaches none of them
    expect(bus.emit('focus-token-editor')).toBe(false)
  })
})
