/**
 * Findings name what they found, but a finding must never become the leak it warns about: values
 * that look secret are shown masked, keeping just enough to recognise them.
 */

/** "hunter2-long-password" → "hu*****************rd"; short values are masked entirely. */
export function maskSecret(value: string): string {
  const chars = Array.from(value)
  if (chars.length < 8) return '*'.repeat(Math.max(chars.length, 3))
  return chars[0]! + chars[1]! + '*'.repeat(chars.length - 4) + chars[chars.length - 2]! + chars[chars.length - 1]!
}

/** "4111111111111111" → "4111 **** **** 1111" (first and last four digits, the way receipts print it). */
export function maskCardNumber(digits: string): string {
  const groups: string[] = []
  for (let i = 0; i < digits.length; i += 4) groups.push(digits.slice(i, i + 4))
  return groups.map((group, i) => (i === 0 || i === groups.length - 1 ? group : '*'.repeat(group.length))).join(' ')
}

/** Keeps the last four characters: "123-45-6789" → "***-**-6789". */
export function maskTail(value: string): string {
  return value.slice(0, -4).replace(/[A-Za-z0-9]/g, '*') + value.slice(-4)
}

/** A header value quoted for a message, with control characters made visible and long values cut. */
export function quote(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  const visible = Array.from(text, (ch) => {
    const code = ch.codePointAt(0) ?? 0
    return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : ch
  }).join('')
  return JSON.stringify(visible.length > max ? `${visible.slice(0, max - 1)}…` : visible).replace(/\\\\u/g, '\\u')
}
