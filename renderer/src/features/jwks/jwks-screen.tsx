import { Alert, Button, Group, Loader, Select, Text, Tooltip } from '@mantine/core'
import { IconDeviceFloppy, IconInfoCircle, IconRefresh, IconStack2 } from '@tabler/icons-react'
import { calculateJwkThumbprint, type JWK } from 'jose'
import { useEffect, useMemo, useState } from 'react'
import { lintJwks, type JwksLintReport } from '#shared/jwks/lint'
import type { SerializedError } from '#shared/errors'
import type { JwksExport } from '#shared/contract/keys'
import { isPublished } from '#shared/managed-keys/model'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { CopyValueButton } from '../../components/copy-value-button'
import { JsonEditor } from '../../components/json-editor'
import { KeyStateBadge } from '../../components/key-state-badge'
import { Panel } from '../../components/panel'
import { GoToKeysButton } from '../../components/go-to-keys-button'
import { ScreenHeader } from '../../components/screen-header'
import { LoadedContent, ScreenCenter, ScreenEmpty, ScreenLayout } from '../../components/screen-layout'
import { useKeyInventory } from '../../components/use-key-inventory'
import type { ScreenProps } from '../../screen-props'
import { JwksCheck } from './jwks-check'
import { JwksFindings } from './jwks-findings'
import { PublishPanel } from './publish-panel'
import { ServeToggle } from './serve-toggle'
import classes from './jwks.module.css'
import { formatBytes } from '#shared/text/format-bytes'
import { plural } from '#shared/text/plural'

type Export = { status: 'ready'; value: JwksExport } | { status: 'error'; error: SerializedError }

/**
 * JWKS: a set's published key set exactly as it would ship — canonical, so the same keys always give
 * the same bytes and a diff shows what changed — with what is in it, what was left out and why, and
 * its SHA-256 to compare exports without diffing. Copy it or save it as a file.
 */
export function JwksScreen({ active }: ScreenProps) {
  const inventory = useKeyInventory(active)
  const data = inventory.data
  const [setId, setSetId] = useState<string | null>(null)
  const [exports, setExports] = useState<Record<string, Export>>({})
  const sets = useMemo(() => data?.sets ?? [], [data])
  const set = sets.find((s) => s.id === setId) ?? sets[0] ?? null
  // One export per set revision: the JWKS changes only when the set does (and each export is audited).
  const exportKey = set ? `${set.id}@${set.revision}` : null
  const current = exportKey ? exports[exportKey] : undefined

  useEffect(() => {
    if (!active || !set || !exportKey || current) return
    let cancelled = false
    call((api) => api.jwks.export({ set: set.id })).then(
      (value) => !cancelled && setExports((e) => ({ ...e, [exportKey]: { status: 'ready', value } })),
      (error: unknown) =>
        !cancelled && setExports((e) => ({ ...e, [exportKey]: { status: 'error', error: toCallError(error) } })),
    )
    return () => {
      cancelled = true
    }
  }, [active, set, exportKey, current])

  // RFC 7638 thumbprints and lint findings of the document shown, computed here: shared/jwks is pure.
  const jwksText = current?.status === 'ready' ? current.value.jwks : null
  const [analysis, setAnalysis] = useState<{
    text: string
    thumbprints: Record<string, string>
    lint: JwksLintReport
  } | null>(null)
  useEffect(() => {
    if (jwksText === null) return
    let cancelled = false
    void (async () => {
      const keys = (JSON.parse(jwksText) as { keys: (JWK & { kid: string })[] }).keys
      const thumbprints = Object.fromEntries(
        await Promise.all(keys.map(async (k) => [k.kid, await calculateJwkThumbprint(k, 'sha256')] as const)),
      )
      const lint = await lintJwks(jwksText)
      if (!cancelled) setAnalysis({ text: jwksText, thumbprints, lint })
    })()
    return () => {
      cancelled = true
    }
  }, [jwksText])
  const facts = analysis && analysis.text === jwksText ? analysis : null

  const own = useMemo(() => (set && data ? data.keys.filter((k) => k.setId === set.id) : []), [set, data])
  const withheld = own.filter((k) => !isPublished(k.state) && k.state !== 'destroyed')

  const save = (value: JwksExport) => {
    const url = URL.createObjectURL(new Blob([value.jwks], { type: 'application/jwk-set+json' }))
    const link = document.createElement('a')
    link.href = url
    link.download = `${value.set}.jwks.json`
    link.click()
    window.setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  return (
    <ScreenLayout
      container="jwks"
      header={
        <ScreenHeader
          title="JWKS"
          description="A set’s published keys, canonical and stable: the same keys always give the same bytes."
          actions={
            sets.length > 0 && (
              <>
                <Select
                  size="xs"
                  w={220}
                  data={sets.map((s) => ({ value: s.id, label: s.name }))}
                  value={set?.id ?? null}
                  onChange={setSetId}
                  allowDeselect={false}
                  aria-label="Key set"
                  data-testid="jwks-set"
                />
                <Tooltip label="Export again (after changes made elsewhere)">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="gray"
                    leftSection={<IconRefresh size={14} />}
                    onClick={() => {
                      if (exportKey) setExports(({ [exportKey]: _dropped, ...rest }) => rest)
                      inventory.refresh()
                    }}
                    data-testid="jwks-refresh"
                  >
                    Refresh
                  </Button>
                </Tooltip>
              </>
            )
          }
        />
      }
    >
      <LoadedContent
        loading={inventory.state.status === 'loading'}
        data={data}
        error={inventory.state.status === 'error' ? inventory.state.error : null}
        errorTitle="The key sets could not be read"
      >
        {() =>
          !set ? (
            <ScreenEmpty
              icon={<IconStack2 size={28} stroke={1.3} color="var(--mantine-color-dimmed)" />}
              title="No key set yet"
              testId="jwks-no-sets"
            >
              <Text fz="sm" c="dimmed" ta="center">
                Create a key set on the Keys screen; its JWKS appears here as soon as it has a published key.
              </Text>
              <GoToKeysButton testId="jwks-go-keys" />
            </ScreenEmpty>
          ) : !current ? (
            <ScreenCenter>
              <Loader size="sm" />
            </ScreenCenter>
          ) : current.status === 'error' ? (
            <ScreenCenter>
              <CallErrorAlert error={current.error} title="The JWKS could not be exported" />
            </ScreenCenter>
          ) : (
            <div className={classes.body}>
              <Panel
                title="Published JWKS"
                meta={`${current.value.set}.jwks.json · ${plural(current.value.keys.length, 'key')} · ${formatBytes(new TextEncoder().encode(current.value.jwks).length)}`}
                actions={
                  <Group gap={4}>
                    <CopyValueButton value={current.value.jwks} label="JWKS" withText testId="copy-jwks" />
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconDeviceFloppy size={14} />}
                      onClick={() => save(current.value)}
                      data-testid="save-jwks"
                    >
                      Save…
                    </Button>
                  </Group>
                }
                data-testid="jwks-document"
              >
                <div className={classes.wrapJson}>
                  <JsonEditor
                    value={current.value.jwks}
                    readOnly
                    label="Published JWKS"
                    testId="jwks-json"
                    minHeight="200px"
                  />
                </div>
              </Panel>
              <div className={classes.side}>
                <Panel
                  title="Published"
                  meta="in the JWKS, so verifiers accept their tokens"
                  data-testid="jwks-published"
                >
                  {current.value.keys.length === 0 ? (
                    <Text fz="sm" c="dimmed" p="sm">
                      No key is published: tokens of this set cannot be verified by anyone using its JWKS. Generate or
                      activate a key on Keys.
                    </Text>
                  ) : (
                    <ul className={classes.list}>
                      {current.value.keys.map((key) => (
                        <li key={key.kid} data-testid={`jwks-key-${key.kid}`}>
                          <span className={classes.kid} title={key.kid}>
                            {key.kid}
                          </span>
                          <span className={classes.alg}>{key.alg}</span>
                          <KeyStateBadge state={key.state} size="xs" />
                          {facts?.thumbprints[key.kid] && (
                            <span
                              className={classes.thumbprint}
                              title="RFC 7638 JWK thumbprint (SHA-256)"
                              data-testid="jwks-thumbprint"
                            >
                              {facts.thumbprints[key.kid]}
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </Panel>
                {(withheld.length > 0 || current.value.omittedSymmetric.length > 0) && (
                  <Panel title="Not in it" meta="and why" data-testid="jwks-withheld">
                    <ul className={classes.list}>
                      {withheld.map((key) => (
                        <li key={key.kid} data-testid={`jwks-withheld-${key.kid}`}>
                          <span className={classes.kid} title={key.kid}>
                            {key.kid}
                          </span>
                          <KeyStateBadge state={key.state} size="xs" />
                          <Text fz={11} c="dimmed">
                            {key.state === 'compromised' ? 'removed at once' : 'withdrawn'}
                          </Text>
                        </li>
                      ))}
                      {current.value.omittedSymmetric.map((kid) => (
                        <li key={kid}>
                          <span className={classes.kid}>{kid}</span>
                          <Text fz={11} c="dimmed">
                            shared secret (HS): never published
                          </Text>
                        </li>
                      ))}
                    </ul>
                  </Panel>
                )}
                <Panel title="Fingerprint" padded data-testid="jwks-fingerprint">
                  <Group gap={6} wrap="nowrap" align="flex-start">
                    <Text className={classes.mono} style={{ flex: 1 }} data-testid="jwks-sha256">
                      {current.value.sha256}
                    </Text>
                    <CopyValueButton value={current.value.sha256} label="SHA-256" />
                  </Group>
                  <Text fz="xs" c="dimmed" mt={6}>
                    SHA-256 of the document above. Compare it with the one your servers publish to know they serve
                    exactly these keys.
                  </Text>
                </Panel>
                {set.issuer && /^https:\/\//.test(set.issuer) && (
                  <Alert variant="light" color="gray" icon={<IconInfoCircle size={16} />} py={8}>
                    <Text fz="xs">
                      Verifiers of <span className={classes.mono}>{set.issuer}</span> usually fetch this from the{' '}
                      <span className={classes.mono}>jwks_uri</span> in its discovery document, commonly{' '}
                      <span className={classes.mono}>{set.issuer.replace(/\/$/, '')}/.well-known/jwks.json</span>.
                      Signet publishes nothing itself.
                    </Text>
                  </Alert>
                )}
              </div>
              <div className={classes.wide}>
                <div className={classes.column}>
                  <PublishPanel set={set.name} revision={set.revision} />
                </div>
                <div className={classes.column}>
                  <Panel
                    title="Lint"
                    meta={
                      facts
                        ? `${facts.lint.findings.length} finding${facts.lint.findings.length === 1 ? '' : 's'}${facts.lint.ok ? '' : ' · high: publishing is refused'}`
                        : undefined
                    }
                    data-testid="jwks-lint"
                  >
                    {facts ? (
                      <JwksFindings findings={facts.lint.findings} testId="jwks-findings" />
                    ) : (
                      <Loader size="xs" m="sm" />
                    )}
                  </Panel>
                  <ServeToggle set={set.name} />
                  <JwksCheck set={set.name} />
                </div>
              </div>
            </div>
          )
        }
      </LoadedContent>
    </ScreenLayout>
  )
}
