import { curatedSecrets } from './dictionary-data'

/**
 * The candidate list for the weak-secret check: the curated list first (most common first), then
 * systematic variants of the phrases developers type when a tutorial says "put your secret here"
 * ("my_jwt_secret", "AppSecretKey", "dev-token-secret"…), then a few suffixed forms of the commonest.
 */

const owners = ['', 'my', 'your', 'the', 'app', 'api', 'super', 'test', 'dev', 'default']
const subjects = ['', 'jwt', 'token', 'access token', 'refresh token', 'session', 'auth', 'signing']
const nouns = ['secret', 'key', 'secret key', 'password']
const suffixes = ['123', '1', '!', '1234', '2024', '2025']
/** How many of the curated entries also get the suffixed forms above. */
const suffixedHead = 60

type Style = (words: string[]) => string
const styles: Style[] = [
  (w) => w.join(''),
  (w) => w.join('_'),
  (w) => w.join('-'),
  (w) => w.join(' '),
  (w) => w.map((x, i) => (i === 0 ? x : capitalize(x))).join(''),
  (w) => w.map(capitalize).join(''),
  (w) => w.join('_').toUpperCase(),
]

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

let cached: readonly string[] | undefined

export function weakSecretDictionary(): readonly string[] {
  if (cached) return cached
  const seen = new Set<string>()
  const list: string[] = []
  const add = (candidate: string) => {
    if (candidate.length === 0 || seen.has(candidate)) return
    seen.add(candidate)
    list.push(candidate)
  }
  curatedSecrets.forEach(add)
  for (const noun of nouns) {
    for (const subject of subjects) {
      for (const owner of owners) {
        const words = [owner, subject, noun].join(' ').split(' ').filter(Boolean)
        for (const style of styles) add(style(words))
      }
    }
  }
  for (const base of curatedSecrets.slice(0, suffixedHead)) for (const suffix of suffixes) add(base + suffix)
  cached = Object.freeze(list)
  return cached
}
