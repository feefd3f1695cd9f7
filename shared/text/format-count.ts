/**
 * A count as a person reads it in a message — budget messages state their limits with it (or with
 * plural(), which uses it), the same in the app and the CLI whatever the machine's locale.
 * A number as people read it in Signet's English text: "12,345", "-7", "1.5" — exactly what
 * `count.toLocaleString('en-US')` gives, without its cost where it matters.
 *
 * The first toLocaleString of a process initialises ICU's number formatting: measured here, ~50 ms
 * of CPU, a third of `node -e 1`, spent by every `signet decode` that prints "32 bytes". Integers
 * (all counts and sizes) are therefore grouped here in plain code; anything else (fractions, NaN,
 * ±Infinity, -0, integers beyond 2^53) is left to toLocaleString, whose rules (rounding to three
 * fraction digits, "∞", "-0") are not worth restating. Checked equal to toLocaleString('en-US') in
 * test/unit/shared/text/format-count.test.ts.
 */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count) || Object.is(count, -0)) return count.toLocaleString('en-US')
  const digits = String(count)
  // en-US groups by three from the right with "," and no minimum grouping digits ("1,000")
  return digits.replace(/\B(?=(\d{3})+$)/g, ',')
}
