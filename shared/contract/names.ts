/**
 * The contract's names without its schemas: what the preload needs to build `window.signet`, and no
 * more. The preload is privileged code, so it bundles only this file — not zod, not a schema. The
 * list of channel names itself is computed from the contract map at build time
 * (electron.vite.config.ts defines `__SIGNET_CHANNELS__` as `Object.keys(contract)`), so there is no
 * second list to keep in step; `test/integration/preload-bundle.test.ts` loads the built
 * preload and holds what it exposes equal to the contract.
 *
 * This file must import nothing: anything it imports ends up in the preload bundle.
 */

/** Main → renderer events (the payload types live in index.ts). */
export const eventNameList = ['keys:changed', 'jwks:publish-progressed'] as const

/** `keys:rotate` → `['keys', 'rotate']`: window.signet.keys.rotate(...) */
export function splitChannel(name: string): [string, string] {
  const [domain, verb] = name.split(':') as [string, string]
  return [domain, verb]
}

/** `export-file` → `exportFile`: domains and verbs are camelCased the same way. */
export function verbKey(verb: string): string {
  return verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** `keys:changed` → `onKeysChanged`: window.signet.events.onKeysChanged(listener) returns an unsubscribe function. */
export function eventListenerKey(name: string): string {
  const [domain, verb] = splitChannel(name)
  const pascal = (text: string) => text.charAt(0).toUpperCase() + verbKey(text).slice(1)
  return `on${pascal(domain)}${pascal(verb)}`
}
