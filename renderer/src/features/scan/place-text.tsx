import { truncateMiddle } from '#shared/text/truncate-middle'
import { BreakableText } from '../../components/breakable-text'
import type { ScanPlace } from './scan-core'
import classes from './scan.module.css'

/** A file name longer than this shows head…tail; the cell's title has every location whole. */
const fileChars = 32

/**
 * Where a token was found, for the Scan table's Locations cell: `file:line:column` (a log) or
 * `file#entry` (a HAR entry) is one unit that never wraps, and a HAR field wraps only at its seams
 * ("request.headers" + "[Authorization]"), so a narrow window never shows "Authoriza" + "tion".
 * `more` other locations are counted after it.
 */
export function PlaceText({ place, more }: { place: ScanPlace; more: number }) {
  const file = truncateMiddle(place.file, fileChars)
  const count = more > 0 ? <span className={classes.unit}> +{more}</span> : null
  if ('line' in place)
    return (
      <>
        <span className={classes.unit} data-unit>
          {file}:{place.line}:{place.column}
        </span>
        {count}
      </>
    )
  return (
    <>
      <span className={classes.unit} data-unit>
        {file}#{place.entry}
      </span>{' '}
      <span className={classes.field}>
        <BreakableText text={place.field} />
      </span>
      {count}
    </>
  )
}
