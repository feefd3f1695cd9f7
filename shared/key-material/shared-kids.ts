import type { KeyDescription } from './types'

/**
 * kids that name more than one key a verifier could confuse: same kid, same key type, and uses
 * that overlap. The same kid on a signing and an encryption key is a common, unambiguous pattern
 * and is not reported. RFC 7517 §4.5: kids SHOULD be distinct.
 * @returns each shared kid with the 1-based positions (description.index, else list order) of its keys
 */
export function sharedKids(keys: readonly KeyDescription[]): { kid: string; positions: number[] }[] {
  const byKid = new Map<string, { key: KeyDescription; position: number }[]>()
  keys.forEach((key, i) => {
    if (key.kid !== undefined)
      byKid.set(key.kid, [...(byKid.get(key.kid) ?? []), { key, position: (key.index ?? i) + 1 }])
  })
  const shared: { kid: string; positions: number[] }[] = []
  for (const [kid, entries] of byKid) {
    const confusable = entries.filter((a) =>
      entries.some(
        (b) =>
          a !== b &&
          a.key.kty === b.key.kty &&
          (a.key.use === undefined || b.key.use === undefined || a.key.use === b.key.use),
      ),
    )
    if (confusable.length > 1) shared.push({ kid, positions: confusable.map((e) => e.position) })
  }
  return shared
}
