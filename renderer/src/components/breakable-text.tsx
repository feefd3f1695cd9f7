import { Fragment } from 'react'
import { splitAtBreakPoints } from '#shared/text/break-points'

/**
 * A URI or dotted name that wraps only at its seams (shared/text/break-points.ts: after "/", before
 * "."…), marked with <wbr>. Its parent must not allow breaks anywhere (`overflow-wrap: anywhere`
 * makes a table squeeze the column to one letter); `overflow-wrap: break-word` keeps the column at
 * least as wide as the longest part and breaks inside a part only when that alone cannot fit.
 */
export function BreakableText({ text }: { text: string }) {
  const parts = splitAtBreakPoints(text)
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  )
}
