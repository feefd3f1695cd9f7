/**
 * Shortens a long identifier (a kid, a thumbprint) to its head and tail around one "…", so both
 * ends stay comparable at a glance and the text never wraps mid-string. Counts code points, so a
 * surrogate pair is never split. Returns the text unchanged when it has at most `max` code points.
 *
 * @param max the longest result, in code points (at least 5)
 */
export function truncateMiddle(text: string, max: number): string {
  const points = [...text]
  if (points.length <= max) return text
  const keep = Math.max(4, max) - 1
  const head = Math.ceil(keep / 2)
  return `${points.slice(0, head).join('')}…${points.slice(points.length - (keep - head)).join('')}`
}
