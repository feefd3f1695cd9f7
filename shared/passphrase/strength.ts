import type { ZxcvbnFactory } from '@zxcvbn-ts/core'

/**
 * How hard a backup passphrase is to guess, by zxcvbn (dictionaries, keyboard walks, dates, l33t,
 * repeats), turned into a time against a stated attacker so the number means something for a file
 * that holds every signing key. Pure and browser-safe: the renderer shows it live as the user types,
 * and the main process applies the same rule before it writes a backup.
 *
 * The dictionaries are large (~1.6 MB, ~180 ms to parse), so they are imported on first use: every
 * CLI command and the renderer's first paint would otherwise pay for them.
 */

/**
 * The attacker model: guesses per second against a backup (PBES2-HS512+A256KW, 600,000 PBKDF2
 * iterations). A high-end GPU runs PBKDF2-HMAC-SHA512 at a few thousand guesses a second at that
 * iteration count; this assumes a rig of about a hundred of them.
 */
export const attackerGuessesPerSecond = 1_000_000

export const strengthLevels = ['weak', 'fair', 'good', 'strong'] as const
export type StrengthLevel = (typeof strengthLevels)[number]

const year = 365.25 * 24 * 3600
/** The least time-to-crack of each level, in seconds. */
const levelFloors: [StrengthLevel, number][] = [
  ['strong', 100 * year],
  ['good', year],
  ['fair', 24 * 3600],
]

/** A backup needs at least this level unless the user explicitly accepts a weaker passphrase. */
export const minimumBackupLevel: StrengthLevel = 'good'
export const minimumPassphraseLength = 12

export interface PassphraseStrength {
  level: StrengthLevel
  /** zxcvbn's 0–4 score, for a meter */
  score: 0 | 1 | 2 | 3 | 4
  /** log10 of the estimated number of guesses */
  guessesLog10: number
  /** estimated time to find it at attackerGuessesPerSecond, in seconds */
  crackSeconds: number
  /** that time in words: "3 hours", "centuries" */
  crackTime: string
  length: number
  /** whether a backup may be written with it without an explicit override */
  acceptable: boolean
  /** what is wrong with it, when something is */
  warning: string | null
  suggestions: string[]
}

let factory: Promise<ZxcvbnFactory> | undefined

function estimator(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([core, common, english]) =>
      new core.ZxcvbnFactory({
        translations: english.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...english.dictionary },
      }),
  )
  factory.catch(() => {
    factory = undefined
  })
  return factory
}

/**
 * `userInputs`: words the passphrase should not be built from (the product name, the user's set
 * names), which zxcvbn treats as the first words an attacker tries.
 */
export async function estimatePassphraseStrength(
  passphrase: string,
  userInputs: string[] = [],
): Promise<PassphraseStrength> {
  const length = [...passphrase].length
  if (length === 0) {
    return {
      level: 'weak',
      score: 0,
      guessesLog10: 0,
      crackSeconds: 0,
      crackTime: 'instantly',
      length,
      acceptable: false,
      warning: 'Enter a passphrase.',
      suggestions: [],
    }
  }
  const result = (await estimator()).check(passphrase, ['signet', 'backup', 'jwt', 'jwks', ...userInputs])
  const crackSeconds = 10 ** result.guessesLog10 / attackerGuessesPerSecond
  const level = levelFloors.find(([, floor]) => crackSeconds >= floor)?.[0] ?? 'weak'
  const tooShort = length < minimumPassphraseLength
  const acceptable = !tooShort && atLeast(level, minimumBackupLevel)
  const warning =
    result.feedback.warning ||
    (tooShort
      ? `Use at least ${minimumPassphraseLength} characters.`
      : acceptable
        ? null
        : `It could be guessed in about ${describeSeconds(crackSeconds)} by a well-equipped attacker.`)
  const suggestions = [...result.feedback.suggestions]
  if (!acceptable && suggestions.length === 0)
    suggestions.push('Use four or more random words, or a long random string from a password manager.')
  return {
    level,
    score: result.score as PassphraseStrength['score'],
    guessesLog10: Math.round(result.guessesLog10 * 100) / 100,
    crackSeconds,
    crackTime: describeSeconds(crackSeconds),
    length,
    acceptable,
    warning,
    suggestions,
  }
}

export function atLeast(level: StrengthLevel, minimum: StrengthLevel): boolean {
  return strengthLevels.indexOf(level) >= strengthLevels.indexOf(minimum)
}

export function describeSeconds(seconds: number): string {
  const units: [string, number][] = [
    ['year', year],
    ['month', year / 12],
    ['day', 24 * 3600],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ]
  if (seconds < 1) return 'less than a second'
  if (seconds >= 100 * year) return 'centuries'
  for (const [name, size] of units) {
    if (seconds >= size) {
      const n = Math.round(seconds / size)
      return `${n} ${name}${n === 1 ? '' : 's'}`
    }
  }
  return 'less than a second'
}
