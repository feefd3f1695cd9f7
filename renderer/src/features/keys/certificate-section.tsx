import { Loader, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { CopyValueButton } from '../../components/copy-value-button'
import { formatUtc, relativeTo } from '../../components/format-time'
import { keyCertificateFacts, type KeyCertificateFacts } from './key-certificate'
import classes from './keys.module.css'

type Parsed =
  { status: 'loading' } | { status: 'ready'; facts: KeyCertificateFacts } | { status: 'error'; message: string }

/**
 * The drawer's "Certificate" section for a key whose public JWK carries "x5c": subject, issuer,
 * validity and SHA-256 fingerprint, parsed on the page when the drawer opens (key-certificate.ts).
 * Renders nothing for a key without a certificate.
 */
export function CertificateSection({ x5c, now }: { x5c: unknown; now: number }) {
  const [parsed, setParsed] = useState<Parsed>({ status: 'loading' })
  useEffect(() => {
    // The drawer mounts one section per key (keyed by kid), so the state starts at 'loading' for each.
    let cancelled = false
    keyCertificateFacts(x5c).then(
      (facts) => !cancelled && setParsed(facts ? { status: 'ready', facts } : { status: 'loading' }),
      (error: unknown) => !cancelled && setParsed({ status: 'error', message: (error as Error).message }),
    )
    return () => {
      cancelled = true
    }
  }, [x5c])
  if (x5c === undefined) return null
  return (
    <section className={classes.drawerSection} data-testid="key-certificate">
      <div className={classes.drawerSectionTitle}>Certificate · X.509</div>
      {parsed.status === 'loading' ? (
        <Loader size="xs" />
      ) : parsed.status === 'error' ? (
        <Text fz="sm" c="red" data-testid="key-certificate-error">
          {parsed.message}
        </Text>
      ) : (
        <dl className={classes.facts}>
          <dt>Subject</dt>
          <dd className={classes.mono} data-testid="key-certificate-subject">
            {parsed.facts.subject}
          </dd>
          <dt>Issuer</dt>
          <dd className={classes.mono} data-testid="key-certificate-issuer">
            {parsed.facts.selfIssued ? 'the subject itself (self-signed)' : parsed.facts.issuer}
          </dd>
          <dt>Valid from</dt>
          <dd data-testid="key-certificate-not-before">
            {formatUtc(parsed.facts.notBefore)} · {relativeTo(parsed.facts.notBefore, now)}
          </dd>
          <dt>Valid until</dt>
          <dd data-testid="key-certificate-not-after">
            {formatUtc(parsed.facts.notAfter)} · {relativeTo(parsed.facts.notAfter, now)}
            {Date.parse(parsed.facts.notAfter) < now ? ' · expired' : ''}
          </dd>
          <dt>SHA-256</dt>
          <dd className={classes.fingerprint}>
            <span className={classes.mono} data-testid="key-certificate-fingerprint">
              {parsed.facts.sha256Fingerprint}
            </span>
            <CopyValueButton value={parsed.facts.sha256Fingerprint} label="certificate SHA-256 fingerprint" />
          </dd>
          {parsed.facts.chainLength > 1 && (
            <>
              <dt>Chain</dt>
              <dd>{parsed.facts.chainLength} certificates in "x5c"</dd>
            </>
          )}
        </dl>
      )}
    </section>
  )
}
