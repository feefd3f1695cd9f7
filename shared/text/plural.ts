import { formatCount } from './format-count'

/**
 * "1 key", "3 keys", "0 keys": a count with its noun, never "key(s)". The plural is the noun plus
 * "s" unless given ("entry" → "entries"). Numbers are printed with thousands separators (en-US), the
 * same in the app and the CLI.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`
}
