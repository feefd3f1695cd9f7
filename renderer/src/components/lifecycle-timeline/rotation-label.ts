/**
 * Where the rotation deadline's label ("rotation due" / "rotation overdue") goes on the timeline's
 * axis lane, which it shares with the "now" flag. A deadline just before now used to draw its label
 * across the flag; this picks the first place that stays inside the plot and clear of the flag:
 * beside its own line away from now, beside its line towards now, then past the flag on either side.
 */

/** 10px semibold system UI text: a generous per-character width, so the real text is never wider. */
const charWidth = 6.4
/** the gap between the dashed line and its label, in px */
const lineGap = 5
/** the clear space kept around the "now" flag, in px */
const flagGap = 4

export interface RotationLabelPlacement {
  /** the text's anchor x in plot pixels */
  x: number
  anchor: 'start' | 'end'
}

/** The estimated width of the label's text in px. */
export function rotationLabelWidth(text: string): number {
  return Math.ceil(text.length * charWidth)
}

/**
 * @param lineX the deadline's x in plot pixels
 * @param now the "now" flag's horizontal extent in plot pixels, or null when now is off the plot
 * @param plotWidth the plot's width in px
 * @param text the label
 * @returns the first placement that fits inside [0, plotWidth] and clears the flag; when none does
 *   (a plot narrower than the label and the flag together), the one that overlaps the flag least.
 */
export function placeRotationLabel(
  lineX: number,
  now: { left: number; right: number } | null,
  plotWidth: number,
  text: string,
): RotationLabelPlacement {
  const width = rotationLabelWidth(text)
  const towardsNowIsRight = now !== null && (now.left + now.right) / 2 >= lineX
  const left: RotationLabelPlacement = { x: lineX - lineGap, anchor: 'end' }
  const right: RotationLabelPlacement = { x: lineX + lineGap, anchor: 'start' }
  const candidates: RotationLabelPlacement[] = towardsNowIsRight ? [left, right] : [right, left]
  if (now !== null) {
    candidates.push({ x: now.right + flagGap, anchor: 'start' }, { x: now.left - flagGap, anchor: 'end' })
  }
  const extent = (c: RotationLabelPlacement): [number, number] =>
    c.anchor === 'start' ? [c.x, c.x + width] : [c.x - width, c.x]
  const overlap = (c: RotationLabelPlacement) => {
    if (now === null) return 0
    const [from, to] = extent(c)
    return Math.max(0, Math.min(to, now.right + flagGap) - Math.max(from, now.left - flagGap))
  }
  const inside = (c: RotationLabelPlacement) => {
    const [from, to] = extent(c)
    return from >= 0 && to <= plotWidth
  }
  const clear = candidates.find((c) => inside(c) && overlap(c) === 0)
  if (clear) return clear
  const fitting = candidates.filter(inside)
  const pool = fitting.length > 0 ? fitting : candidates
  return pool.reduce((best, c) => (overlap(c) < overlap(best) ? c : best))
}
