import { formatUtcDate } from '#shared/time/format-time'
import { describePastEvent } from '#shared/time/past-event'
import classes from './keys.module.css'

/**
 * A recorded time in a table cell (created, in its state since, last signed), as lines that never
 * break inside: "3 days ago" with the full UTC time as its tooltip. A time ahead of this machine's
 * clock reads as the clock problem it is — its date and "in the future", then what to check — never
 * as "in 8 months" (the one rule: shared/time/past-event.ts). `prefix` goes before the first line
 * ("since ").
 */
export function PastTimeLines({
  value,
  now,
  prefix = '',
  className,
}: {
  value: string | number | Date
  now: number
  prefix?: string
  className?: string
}) {
  const event = describePastEvent(value, now)
  const base = [className, classes.nowrap].filter(Boolean).join(' ')
  if (!event.future)
    return (
      <div className={base} title={event.at}>
        {prefix}
        {event.relative || event.at}
      </div>
    )
  return (
    <>
      <div className={`${base} ${classes.clockProblem}`} title={event.at} data-future>
        {prefix}
        {formatUtcDate(value)} — {event.relative}
      </div>
      <div className={`${classes.subtle} ${classes.nowrap}`}>{event.advice}</div>
    </>
  )
}
