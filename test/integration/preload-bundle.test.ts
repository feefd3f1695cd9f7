import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { channels, eventNames, eventListenerKey, splitChannel, verbKey } from '#shared/contract'

// The built preload (npm test builds before this suite runs), loaded as Electron would load it,
// with `electron` replaced by a recorder: the one edge that cannot run here (no Electron binary).
const bundlePath = fileURLToPath(new URL('../../out/preload/index.cjs', import.meta.url))

function loadPreload() {
  const exposed: Record<string, unknown> = {}
  const invoked: Array<[string, unknown]> = []
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, value: unknown) => (exposed[name] = value) },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => invoked.push([channel, input]),
      on: () => undefined,
      removeListener: () => undefined,
    },
  }
  const require = (id: string) => {
    if (id !== 'electron') throw new Error(`the preload required ${id}: a sandboxed preload may require only electron`)
    return electron
  }
  runInNewContext(readFileSync(bundlePath, 'utf8'), { require, module: { exports: {} }, exports: {} })
  return { api: exposed.signet as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>, invoked }
}

describe('the privileged preload bundles names, not schemas', () => {
  it('is small and carries no zod: no schema code is reachable from the preload', () => {
    const code = readFileSync(bundlePath, 'utf8')
    expect(code.length).toBeLessThan(10_000)
    expect(code).not.toMatch(/safeParse|ZodError|\$ZodType/)
  })

  it('exposes exactly one function per contract channel, each bound to its own channel name', async () => {
    const { api, invoked } = loadPreload()
    const expected = channels.map((channel) => {
      const [domain, verb] = splitChannel(channel)
      return `${verbKey(domain)}.${verbKey(verb)}`
    })
    const actual = Object.entries(api)
      .filter(([domain]) => domain !== 'events')
      .flatMap(([domain, verbs]) => Object.keys(verbs).map((verb) => `${domain}.${verb}`))
    expect(actual.sort()).toEqual(expected.sort())

    for (const channel of channels) {
      const [domain, verb] = splitChannel(channel)
      await api[verbKey(domain)]?.[verbKey(verb)]?.({ probe: channel })
    }
    expect(invoked).toEqual(channels.map((channel) => [channel, { probe: channel }]))
  })

  it('exposes one subscribe function per event and no generic invoke', () => {
    const { api } = loadPreload()
    expect(Object.keys(api.events ?? {}).sort()).toEqual(eventNames.map(eventListenerKey).sort())
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/invoke|send/)
  })
})
