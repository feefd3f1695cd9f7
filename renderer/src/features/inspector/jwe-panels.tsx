import { Group, Text } from '@mantine/core'
import { IconLock, IconLockOpen } from '@tabler/icons-react'
import { useState } from 'react'
import type { DecodedJwe } from '#shared/token/decode'
import { Panel } from '../../components/panel'
import { formatBytes } from '#shared/text/format-bytes'
import { SegmentBody } from './segment-body'
import { ViewToggle, type SegmentViewMode } from './view-toggle'
import classes from './inspector.module.css'

/** The JWE's headers: the protected one, the shared unprotected one, and each recipient's. */
export function JweHeaderPanel({
  token,
  protectedRaw,
  now,
}: {
  token: DecodedJwe
  protectedRaw: string | null
  now: number
}) {
  const [mode, setMode] = useState<SegmentViewMode>('table')
  const { alg, enc } = token.joseHeader
  const meta = [typeof alg === 'string' ? alg : 'no alg', typeof enc === 'string' ? enc : 'no enc'].join(' · ')
  const recipientHeaders = token.recipients.map((r, i) => ({ header: r.header, i })).filter((r) => r.header !== null)
  const several = [token.protectedHeader, token.sharedUnprotectedHeader, ...recipientHeaders].filter(Boolean).length > 1
  return (
    <Panel
      title="Header"
      meta={meta}
      accent="var(--signet-seg-header)"
      data-testid="jwe-header-panel"
      actions={<ViewToggle value={mode} onChange={setMode} withSigned={protectedRaw !== null} label="Header" />}
    >
      {token.protectedHeader && (
        <>
          {several && (
            <div className={classes.subHeading}>Protected — integrity-protected as additional authenticated data</div>
          )}
          <SegmentBody
            members={token.protectedHeader}
            raw={protectedRaw}
            kind="header"
            mode={mode}
            now={now}
            testId="jwe-header-protected"
          />
        </>
      )}
      {token.sharedUnprotectedHeader && (
        <>
          <div className={classes.subHeading} data-warn>
            Shared unprotected — not integrity-protected
          </div>
          <SegmentBody
            members={token.sharedUnprotectedHeader}
            raw={null}
            kind="header"
            mode={mode === 'signed' ? 'json' : mode}
            now={now}
          />
        </>
      )}
      {recipientHeaders.map(({ header, i }) => (
        <div key={i}>
          <div className={classes.subHeading} data-warn>
            Recipient {i + 1} — per-recipient, not integrity-protected
          </div>
          <SegmentBody members={header!} raw={null} kind="header" mode={mode === 'signed' ? 'json' : mode} now={now} />
        </div>
      ))}
    </Panel>
  )
}

/** What can be said about encrypted content without the key: which parts there are, and their sizes. */
export function JweContentPanel({ token, decryptedWith }: { token: DecodedJwe; decryptedWith?: string | null }) {
  const rows: { name: string; segment: string; bytes: number | null; note: string }[] = [
    ...token.recipients.map((recipient, i) => ({
      name: token.recipients.length > 1 ? `Encrypted key · recipient ${i + 1}` : 'Encrypted key',
      segment: 'encrypted_key',
      bytes: recipient.encryptedKeyLength,
      note:
        recipient.encryptedKeyLength === 0
          ? 'empty: direct key agreement or a pre-shared key (dir, ECDH-ES)'
          : 'the content key, wrapped for the recipient',
    })),
    {
      name: 'Initialization vector',
      segment: 'iv',
      bytes: token.ivLength,
      note: `${token.ivLength * 8}-bit nonce for the content cipher`,
    },
    { name: 'Ciphertext', segment: 'ciphertext', bytes: token.ciphertextLength, note: 'the encrypted payload' },
    {
      name: 'Authentication tag',
      segment: 'tag',
      bytes: token.tagLength,
      note: `${token.tagLength * 8}-bit tag; any change to the token makes decryption fail`,
    },
    ...(token.aadLength !== null
      ? [{ name: 'Additional data', segment: 'header', bytes: token.aadLength, note: 'authenticated, not encrypted' }]
      : []),
  ]
  return (
    <Panel
      title="Encrypted content"
      meta={`${formatBytes(token.ciphertextLength)} of ciphertext`}
      accent="var(--signet-seg-ciphertext)"
      data-testid="jwe-content-panel"
    >
      <Group gap={8} px={12} py={10} wrap="nowrap" className={classes.encryptedNotice}>
        {decryptedWith ? (
          <IconLockOpen size={16} stroke={1.7} aria-hidden />
        ) : (
          <IconLock size={16} stroke={1.7} aria-hidden />
        )}
        <Text fz="sm" data-testid="jwe-encrypted-notice">
          {decryptedWith
            ? `Decrypted with ${decryptedWith}; what it holds is shown below.`
            : 'Encrypted — decryption needs the key. Only the header is readable without it.'}
        </Text>
      </Group>
      <table className={classes.sigTable}>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <td className={classes.partName}>
                <span
                  className={classes.swatch}
                  style={{ background: `var(--signet-seg-${row.segment})` }}
                  aria-hidden
                />
                {row.name}
              </td>
              <td className={classes.sigSize}>{row.bytes === null ? '—' : formatBytes(row.bytes)}</td>
              <td className={classes.sigNote}>{row.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  )
}
