import { Badge, Group, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCircleX } from '@tabler/icons-react'
import { memo, useState } from 'react'
import type { DecodedJws, DecodedPayload, DecodedSignature } from '#shared/token/decode'
import { Panel } from '../../components/panel'
import { formatBytes } from '#shared/text/format-bytes'
import { signatureSizeNote } from './describe'
import { SegmentBody } from './segment-body'
import { ViewToggle, type SegmentViewMode } from './view-toggle'
import classes from './inspector.module.css'

interface HeaderPanelProps {
  signature: DecodedSignature
  index: number
  count: number
  now: number
}

interface PayloadPanelProps {
  payload: DecodedPayload
  unencoded: boolean
  now: number
}

const segmentColor = (name: string) => `var(--signet-seg-${name})`

/**
 * One header block per signature: protected (signed) and unprotected (not signed) parts apart.
 * Memoised by content: each keystroke decodes a new token object, but an edit elsewhere (the
 * payload, the signature) leaves this header's text, and so its rendering, the same.
 */
export const JwsHeaderPanel = memo(function JwsHeaderPanel({ signature, index, count, now }: HeaderPanelProps) {
  const [mode, setMode] = useState<SegmentViewMode>('table')
  const title = count > 1 ? `Header · signature ${index + 1} of ${count}` : 'Header'
  const alg = signature.joseHeader.alg
  const kid = signature.joseHeader.kid
  const meta = [typeof alg === 'string' ? alg : 'no alg', typeof kid === 'string' ? `kid ${kid}` : null]
    .filter(Boolean)
    .join(' · ')
  const testId = `header-panel-${index}`
  return (
    <Panel
      title={title}
      meta={meta}
      accent={segmentColor('header')}
      data-testid={testId}
      actions={
        <ViewToggle value={mode} onChange={setMode} withSigned={signature.protectedHeader !== null} label={title} />
      }
    >
      {signature.protectedHeader && (
        <>
          {signature.unprotectedHeader && <SubHeading>Protected — covered by the signature</SubHeading>}
          <SegmentBody
            members={signature.protectedHeader}
            raw={signature.protectedRaw}
            kind="header"
            mode={mode}
            now={now}
            testId={`${testId}-protected`}
          />
        </>
      )}
      {signature.unprotectedHeader && (
        <>
          <SubHeading warn>Unprotected — not covered by the signature; anyone could have changed it</SubHeading>
          <SegmentBody
            members={signature.unprotectedHeader}
            raw={null}
            kind="header"
            mode={mode === 'signed' ? 'json' : mode}
            now={now}
            testId={`${testId}-unprotected`}
          />
        </>
      )}
    </Panel>
  )
}, sameHeader)

function sameHeader(before: HeaderPanelProps, after: HeaderPanelProps): boolean {
  return (
    before.index === after.index &&
    before.count === after.count &&
    before.now === after.now &&
    before.signature.protectedRaw === after.signature.protectedRaw &&
    JSON.stringify(before.signature.unprotectedHeader) === JSON.stringify(after.signature.unprotectedHeader)
  )
}

function SubHeading({ children, warn }: { children: React.ReactNode; warn?: boolean }) {
  return (
    <div className={classes.subHeading} data-warn={warn || undefined}>
      {warn && <IconAlertTriangle size={12} stroke={1.8} aria-hidden />}
      {children}
    </div>
  )
}

/** Memoised by content: the same payload text decodes to the same claims, so editing the signature re-renders nothing here. */
export const PayloadPanel = memo(function PayloadPanel({ payload, unencoded, now }: PayloadPanelProps) {
  const [mode, setMode] = useState<SegmentViewMode>('table')
  const kindLabel = { claims: 'JWT claims set', text: 'text', binary: 'binary', detached: 'detached' }[payload.kind]
  const meta =
    payload.kind === 'detached'
      ? kindLabel
      : `${kindLabel} · ${formatBytes(payload.byteLength)}${unencoded ? ' · unencoded (b64: false)' : ''}`
  return (
    <Panel
      title="Payload"
      meta={meta}
      accent={segmentColor('payload')}
      data-testid="payload-panel"
      actions={
        payload.kind === 'claims' ? (
          <ViewToggle value={mode} onChange={setMode} withSigned={!unencoded} label="Payload" />
        ) : undefined
      }
    >
      <PayloadBody payload={payload} unencoded={unencoded} mode={mode} now={now} />
    </Panel>
  )
}, samePayload)

function samePayload(before: PayloadPanelProps, after: PayloadPanelProps): boolean {
  return (
    before.now === after.now &&
    before.unencoded === after.unencoded &&
    before.payload.kind === after.payload.kind &&
    before.payload.raw === after.payload.raw
  )
}

function PayloadBody({
  payload,
  unencoded,
  mode,
  now,
}: {
  payload: DecodedPayload
  unencoded: boolean
  mode: SegmentViewMode
  now: number
}) {
  switch (payload.kind) {
    case 'claims':
      return (
        <SegmentBody
          members={payload.claims}
          raw={unencoded ? null : payload.raw}
          kind="claim"
          mode={mode}
          now={now}
          testId="payload-claims"
        />
      )
    case 'text':
      return (
        <div className={classes.codeBlock}>
          <Text fz="xs" c="dimmed" mb={6}>
            The payload is text, not a JSON claims set: this is a JWS but not a JWT.
          </Text>
          <pre className={classes.verbatim}>{payload.text}</pre>
        </div>
      )
    case 'binary':
      return (
        <div className={classes.codeBlock}>
          <Text fz="xs" c="dimmed" mb={6}>
            The payload is {formatBytes(payload.byteLength)} of binary data (not UTF-8 text). First bytes, in hex:
          </Text>
          <pre className={classes.verbatim}>{hexPreview(payload.raw)}</pre>
        </div>
      )
    case 'detached':
      return (
        <Text fz="xs" px={12} py={10}>
          Detached payload: the token does not carry its content (RFC 7515 Appendix F). Verifying it needs the content
          supplied separately.
        </Text>
      )
  }
}

function hexPreview(raw: string): string {
  const binary = atob(raw.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (raw.length % 4)) % 4))
  const bytes = Array.from(binary.slice(0, 64), (ch) => ch.charCodeAt(0).toString(16).padStart(2, '0'))
  const lines: string[] = []
  for (let i = 0; i < bytes.length; i += 16) lines.push(bytes.slice(i, i + 16).join(' '))
  return lines.join('\n') + (binary.length > 64 ? '\n…' : '')
}

/** What verification said about one signature of the token, for its row's status. */
export interface SignatureStatus {
  signatureIndex: number
  verified: boolean
  message: string
}

/** Every signature's algorithm, size and status. */
export function SignaturesPanel({ token, status }: { token: DecodedJws; status?: SignatureStatus | null }) {
  const count = token.signatures.length
  const unsecured = token.form === 'unsecured-jwt'
  return (
    <Panel
      title={count > 1 ? `Signatures · ${count}` : 'Signature'}
      meta={unsecured ? 'none — not signed' : undefined}
      accent={segmentColor('signature')}
      data-testid="signature-panel"
    >
      <table className={classes.sigTable}>
        <tbody>
          {token.signatures.map((signature, i) => {
            const alg = signature.joseHeader.alg
            const note = signatureSizeNote(alg, signature.signatureLength)
            return (
              <tr key={i} data-testid={`signature-row-${i}`}>
                {count > 1 && <td className={classes.sigIndex}>#{i + 1}</td>}
                <td className={classes.sigAlg}>{typeof alg === 'string' ? alg : '—'}</td>
                <td className={classes.sigSize}>
                  {signature.signatureLength === 0 ? 'empty' : formatBytes(signature.signatureLength)}
                </td>
                <td className={classes.sigNote} data-tone={note.tone}>
                  {note.text}
                </td>
                <td className={classes.sigStatus}>
                  {unsecured ? (
                    <Badge variant="light" color="red" size="sm" tt="none">
                      Unsigned
                    </Badge>
                  ) : status && status.signatureIndex === i ? (
                    <Tooltip label={status.message} multiline maw={360}>
                      <Badge
                        variant="light"
                        color={status.verified ? 'teal' : 'red'}
                        size="sm"
                        tt="none"
                        leftSection={status.verified ? <IconCircleCheck size={11} /> : <IconCircleX size={11} />}
                        data-testid="signature-status"
                      >
                        {status.verified ? 'Verified' : 'Does not verify'}
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Tooltip label="Verification needs the issuer’s public key (or the shared secret).">
                      <Badge
                        variant="default"
                        size="sm"
                        tt="none"
                        leftSection={<IconCircleDashed size={11} />}
                        data-testid="not-verified"
                      >
                        Not verified yet
                      </Badge>
                    </Tooltip>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {unsecured && (
        <Group gap={6} px={12} pb={10}>
          <Text fz="xs" c="var(--signet-error)">
            An unsecured JWT carries no proof of who wrote it. Accept one only where RFC 7519 §6 explicitly allows it.
          </Text>
        </Group>
      )}
    </Panel>
  )
}
