import { Button, Group, Text } from '@mantine/core'
import { IconScanEye } from '@tabler/icons-react'
import type { SignResult } from '#shared/contract/keys'
import { formatDuration } from '#shared/time/duration'
import type { JsonValue } from '#shared/encoding/json'
import { CopyValueButton } from '../../components/copy-value-button'
import { formatUtc, relativeTo } from '../../components/format-time'
import { JsonView } from '../../components/json-view'
import { Panel } from '../../components/panel'
import { WarningList } from '../../components/warning-list'
import classes from './sign.module.css'

/** The signed token, coloured by segment like Inspect colours it, with what it says and when it is valid. */
export function SignedOutput({
  result,
  signedAt,
  onInspect,
}: {
  result: SignResult
  signedAt: number
  onInspect: () => void
}) {
  const segments = result.token.split('.')
  const jwe = result.encrypted !== null
  const times = (['iat', 'nbf', 'exp'] as const).filter((name) => typeof result.claims[name] === 'number')
  return (
    <>
      <Panel
        title="Token"
        meta={`${jwe ? `JWE ${result.encrypted!.alg} + ${result.encrypted!.enc} around a ` : ''}JWS · ${result.alg} · kid ${result.kid} · ${result.token.length} characters`}
        actions={
          <Group gap={4}>
            <CopyValueButton value={result.token} label="token" withText testId="copy-token" />
            <Button
              size="xs"
              variant="light"
              leftSection={<IconScanEye size={14} />}
              onClick={onInspect}
              data-testid="open-in-inspect"
            >
              Open in Inspect
            </Button>
          </Group>
        }
        data-testid="signed-token"
      >
        <p className={classes.token} data-testid="token-text">
          {segments.map((segment, i) => (
            <span key={i}>
              {i > 0 && <span className={classes.dot}>.</span>}
              <span className={jwe ? classes[`segJwe${i}` as 'segJwe0'] : classes[`seg${i}` as 'seg0']}>{segment}</span>
            </span>
          ))}
        </p>
      </Panel>
      <WarningList warnings={result.warnings} />
      <Panel
        title={jwe ? 'Signed header (inside the JWE)' : 'Header'}
        meta={`kid and alg from the key${result.header.typ ? `, typ ${String(result.header.typ)}` : ''}`}
        padded
        data-testid="signed-header"
      >
        <JsonView value={result.header as JsonValue} />
      </Panel>
      <Panel title={jwe ? 'Claims (inside the JWE)' : 'Claims'} meta={`set ${result.set}`} data-testid="signed-claims">
        <div style={{ padding: '10px 12px' }}>
          <JsonView value={result.claims as JsonValue} />
        </div>
        {times.length > 0 && (
          <dl className={classes.times} data-testid="signed-times">
            {times.map((name) => {
              const ms = (result.claims[name] as number) * 1000
              return (
                <Row
                  key={name}
                  name={name}
                  at={formatUtc(ms)}
                  relative={describe(name, ms, signedAt, result.claims.iat)}
                />
              )
            })}
          </dl>
        )}
      </Panel>
      <Text fz="xs" c="dimmed">
        Signed {formatUtc(signedAt)} in the main process with the private key from the OS keychain; this window received
        the token only.
      </Text>
    </>
  )
}

function Row({ name, at, relative }: { name: string; at: string; relative: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{at}</dd>
      <dd style={{ color: 'var(--mantine-color-dimmed)' }}>{relative}</dd>
    </>
  )
}

function describe(name: 'iat' | 'nbf' | 'exp', ms: number, now: number, iat: unknown): string {
  const relative = relativeTo(ms, now)
  if (name === 'exp')
    return `expires ${relative}${typeof iat === 'number' && ms / 1000 > iat ? ` · lives ${formatDuration(Math.round(ms / 1000 - iat))}` : ''}`
  if (name === 'nbf') return ms > now ? `valid ${relative}` : `valid since ${relative === 'now' ? 'now' : relative}`
  return relative === 'now' ? 'issued now' : `issued ${relative}`
}
