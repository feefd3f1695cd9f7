import { formatDuration } from '../time/duration'
import { setNamePattern, type KeySet } from './types'

/**
 * The rules a key set's name, issuer and policy live by — in one place: the Keys screen's form shows
 * every problem as the user types, and electron/services/managed-keys/key-sets.ts throws ERR_SET_INVALID on
 * the first one. Durations are whole seconds.
 */

/** The policy a new set gets for anything not given (seconds; rotationPeriod null = no schedule). */
export const setPolicyDefaults = {
  defaultTokenLifetime: 15 * 60,
  maxTokenLifetime: 60 * 60,
  jwksCacheTime: 15 * 60,
  clockSkew: 60,
  rotationPeriod: null,
} as const

/** The largest clock skew a set may allow: beyond an hour it is no longer skew but a broken clock. */
export const maxClockSkew = 60 * 60

export type SetPolicy = Pick<
  KeySet,
  'defaultTokenLifetime' | 'maxTokenLifetime' | 'jwksCacheTime' | 'clockSkew' | 'rotationPeriod'
>
export type SetField = 'name' | 'issuer' | keyof SetPolicy

/** One broken rule: `field` it belongs to, `short` for beside that field, `message` as a whole sentence. */
export interface SetProblem {
  field: SetField
  short: string
  message: string
}

/** The name rule: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit. Null when it holds. */
export function setNameProblem(name: string): SetProblem | null {
  if (setNamePattern.test(name)) return null
  return {
    field: 'name',
    short: 'Use 1–64 letters, digits, “.”, “_” or “-”, starting with a letter or digit.',
    message: `"${name}" is not a usable set name: use 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.`,
  }
}

/** The issuer rule (RFC 7519 §2 StringOrURI: anything containing ":" must be a URI; no surrounding whitespace). */
export function issuerProblem(issuer: string): SetProblem | null {
  if (issuer.trim() !== issuer || issuer === '') {
    return {
      field: 'issuer',
      short: 'Must not be empty or start or end with whitespace.',
      message: 'The issuer must not be empty or start or end with whitespace.',
    }
  }
  if (issuer.includes(':')) {
    try {
      new URL(issuer)
    } catch {
      return {
        field: 'issuer',
        short:
          'Contains “:” but is not a valid URI (RFC 7519 StringOrURI): use a URL such as https://auth.example.com, or a plain name.',
        message: `The issuer "${issuer}" contains ":" but is not a valid URI (RFC 7519 StringOrURI). Use a URL such as https://auth.example.com, or a plain name.`,
      }
    }
  }
  return null
}

/**
 * Every broken rule of a set policy, in field order; empty when the policy is usable. A value left
 * undefined is unknown (a form field that does not parse yet): the rules that need it are skipped.
 */
export function setPolicyProblems(policy: Partial<SetPolicy>): SetProblem[] {
  const problems: SetProblem[] = []
  const { defaultTokenLifetime, maxTokenLifetime, jwksCacheTime, clockSkew, rotationPeriod } = policy
  if (maxTokenLifetime !== undefined && maxTokenLifetime < 1)
    problems.push({
      field: 'maxTokenLifetime',
      short: 'At least 1s.',
      message: 'The maximum token lifetime must be at least 1s.',
    })
  if (defaultTokenLifetime !== undefined && defaultTokenLifetime < 1) {
    problems.push({
      field: 'defaultTokenLifetime',
      short: 'At least 1s.',
      message: 'The default token lifetime must be at least 1s.',
    })
  } else if (
    defaultTokenLifetime !== undefined &&
    maxTokenLifetime !== undefined &&
    defaultTokenLifetime > maxTokenLifetime
  ) {
    problems.push({
      field: 'defaultTokenLifetime',
      short: `Longer than the maximum (${formatDuration(maxTokenLifetime)}).`,
      message: `The default token lifetime (${formatDuration(defaultTokenLifetime)}) is longer than the maximum (${formatDuration(maxTokenLifetime)}).`,
    })
  }
  if (clockSkew !== undefined && clockSkew > maxClockSkew) {
    problems.push({
      field: 'clockSkew',
      short: 'A clock skew above 1h is not plausible.',
      message: `A clock skew of ${formatDuration(clockSkew)} is not plausible; the limit is 1h.`,
    })
  }
  if (
    rotationPeriod !== undefined &&
    rotationPeriod !== null &&
    jwksCacheTime !== undefined &&
    rotationPeriod <= jwksCacheTime
  ) {
    problems.push({
      field: 'rotationPeriod',
      short: `Must be longer than the JWKS cache time (${formatDuration(jwksCacheTime)}): a new key is published that long before it signs.`,
      message: `The rotation period (${formatDuration(rotationPeriod)}) must be longer than the JWKS cache time (${formatDuration(jwksCacheTime)}): a new key has to be published that long before it can sign.`,
    })
  }
  return problems
}
