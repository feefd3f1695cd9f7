import { useId, type CSSProperties, type ReactNode } from 'react'
import classes from './components.module.css'

export interface PanelProps {
  title: ReactNode
  /** short facts next to the title: sizes, counts */
  meta?: ReactNode
  actions?: ReactNode
  /** a CSS colour for the left edge and the title, tying the panel to its token segment */
  accent?: string
  padded?: boolean
  children: ReactNode
  'data-testid'?: string
}

/** A titled, bordered block of results: the unit the inspector and later screens are built from. */
export function Panel({ title, meta, actions, accent, padded, children, ...rest }: PanelProps) {
  const style = accent ? ({ '--panel-accent': accent } as CSSProperties) : undefined
  const titleId = useId()
  return (
    <section
      className={classes.panel}
      data-accent={accent ? true : undefined}
      style={style}
      aria-labelledby={titleId}
      data-testid={rest['data-testid']}
    >
      <div className={classes.panelHeader}>
        <h2 id={titleId} className={classes.panelTitle}>
          {title}
        </h2>
        {meta && <span className={classes.panelMeta}>{meta}</span>}
        {actions && <div className={classes.panelActions}>{actions}</div>}
      </div>
      <div className={classes.panelBody} data-padded={padded ? true : undefined}>
        {children}
      </div>
    </section>
  )
}
