import type { DecodedToken, Span } from '#shared/token/decode'
import classes from './inspector.module.css'

const spanLabels: Record<Span['name'], string> = {
  header: 'header',
  payload: 'payload',
  signature: 'signature',
  encrypted_key: 'encrypted key',
  iv: 'iv',
  ciphertext: 'ciphertext',
  tag: 'tag',
}

/** Under the editor: what each colour is, and how long each segment is. */
export function SegmentLegend({ token, spans }: { token: DecodedToken; spans: readonly Span[] }) {
  if (token.spans.length === 0) {
    // JSON serialization: members can repeat (one signature per signer), so name each colour once.
    const names = [...new Set(spans.map((span) => span.name))]
    return (
      <div className={classes.legend} data-testid="segment-legend">
        {names.map((name) => (
          <span key={name} className={classes.legendItem}>
            <span className={classes.swatch} style={{ background: `var(--signet-seg-${name})` }} aria-hidden />
            {spanLabels[name]}
          </span>
        ))}
        <span className={classes.legendTotal}>
          JSON serialization · {token.token.length.toLocaleString('en-US')} characters
        </span>
      </div>
    )
  }
  return (
    <div className={classes.legend} data-testid="segment-legend">
      {token.spans.map((span) => (
        <span key={span.name} className={classes.legendItem}>
          <span className={classes.swatch} style={{ background: `var(--signet-seg-${span.name})` }} aria-hidden />
          {spanLabels[span.name]}
          <span className={classes.legendCount}>{Math.max(0, span.end - span.start)}</span>
        </span>
      ))}
      <span className={classes.legendTotal}>{token.token.length.toLocaleString('en-US')} characters</span>
    </div>
  )
}
