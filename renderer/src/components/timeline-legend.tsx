import type { CSSProperties, HTMLAttributes, ReactNode } from 'react'
import classes from './timeline-legend.module.css'

/** The legend row under a timeline (validity timeline, lifecycle timeline): items wrap as the width allows. */
export function TimelineLegend({ children, className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div {...rest} className={[classes.legend, className].filter(Boolean).join(' ')}>
      {children}
    </div>
  )
}

/** One meaning: a mark (a LegendSwatch, or the timeline's own SVG glyph), then its words. */
export function LegendItem({ children }: { children: ReactNode }) {
  return <span className={classes.item}>{children}</span>
}

/**
 * A block of the colour a state is drawn in: `color` a CSS colour (the timeline's `var(--tl-…)`),
 * `width`/`height` in px (a thin one for states drawn as a thin line), `opacity` as on the plot.
 */
export function LegendSwatch({
  color,
  width,
  height,
  opacity,
  state,
}: {
  color: string
  width: number
  height: number
  opacity?: number
  /** the state it stands for, for tests and styles that select by state */
  state?: string
}) {
  const style: CSSProperties = { background: color, width, height, opacity }
  return <span className={classes.swatch} style={style} data-state={state} />
}
