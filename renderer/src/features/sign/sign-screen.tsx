import type { Diagnostic } from '@codemirror/lint'
import {
  Alert,
  Button,
  Group,
  Kbd,
  Menu,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Autocomplete,
} from '@mantine/core'
import { IconAlertTriangle, IconChevronDown, IconFileDescription, IconLock, IconSignature } from '@tabler/icons-react'
import { useCallback, useMemo, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import { jweContentAlgorithms, jweKeyManagementAlgorithms, type SetInfo, type SignResult } from '#shared/contract/keys'
import { notActiveKeyWarning } from '#shared/managed-keys/signing-rules'
import type { KeyInfo } from '#shared/managed-keys/types'
import { formatDuration, parseDuration } from '#shared/time/duration'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc, relativeTo } from '../../components/format-time'
import { JsonEditor } from '../../components/json-editor'
import { Panel } from '../../components/panel'
import { GoToKeysButton } from '../../components/go-to-keys-button'
import { ScreenHeader } from '../../components/screen-header'
import { LoadedContent, ScreenEmpty, ScreenLayout } from '../../components/screen-layout'
import { useNow } from '../../components/use-now'
import { useKeyInventory } from '../../components/use-key-inventory'
import type { ScreenProps } from '../../screen-props'
import { useShellCommandBus } from '../../shell/commands'
import { isMacPlatform } from '../../shell/platform'
import { modifierLabel } from '../../shell/shortcuts'
import { buildSignRequest, checkClaims, type SignForm, type SignProblem } from './sign-request'
import { SignedOutput } from './signed-output'
import { signTemplates, templateText, type SignTemplate } from './templates'
import classes from './sign.module.css'

const initialForm: SignForm = {
  claimsText: '{\n  "sub": "5ba552d67",\n  "aud": "https://api.example.com"\n}\n',
  typ: 'JWT',
  cty: '',
  expiresIn: '',
  notBefore: '',
  jti: true,
  kid: null,
  encrypt: false,
  recipientText: '',
  jweAlg: '',
  jweEnc: '',
}

const expiryPresets = ['5m', '15m', '1h', '8h']
const notBeforePresets = [
  { label: 'none', value: '' },
  { label: 'now', value: '0s' },
  { label: '+1m', value: '1m' },
  { label: '+5m', value: '5m' },
]

/**
 * Sign: compose claims (with templates and live validation), choose the set and key, set the time
 * claims relative to now, optionally encrypt to a recipient, and sign in the main process. The
 * private key never comes here; the screen gets the signed token back and can hand it to Inspect.
 */
export function SignScreen({ active }: ScreenProps) {
  const inventory = useKeyInventory(active)
  const data = inventory.data
  const [setId, setSetId] = useState<string | null>(null)
  const [form, setForm] = useState<SignForm>(initialForm)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [result, setResult] = useState<{ value: SignResult; at: number } | null>(null)
  const now = useNow(15_000, active, `${form.expiresIn}|${form.notBefore}|${data?.loadedAt}`)
  const bus = useShellCommandBus()
  const mod = modifierLabel(isMacPlatform())

  const sets = useMemo(() => data?.sets ?? [], [data])
  const keys = useMemo(() => data?.keys ?? [], [data])
  const set = sets.find((s) => s.id === setId) ?? sets.find((s) => s.activeKid !== null) ?? sets[0] ?? null
  const plan = useMemo(() => buildSignRequest(form, set, keys, now), [form, set, keys, now])
  const update = (changes: Partial<SignForm>) => setForm((f) => ({ ...f, ...changes }))

  const issuer = set?.issuer ?? null
  const setName = set?.name ?? ''
  const validate = useCallback(
    (text: string): Diagnostic[] => {
      const { problems } = checkClaims(text, setName ? { name: setName, issuer } : null)
      return problems
        .filter((p) => p.offset !== undefined)
        .map((p) => ({
          from: p.offset!,
          to: Math.min(text.length, p.offset! + (p.length ?? 1)),
          severity: 'error',
          message: p.message,
        }))
    },
    [issuer, setName],
  )

  const applyTemplate = (template: SignTemplate) => {
    let expiresIn = template.expiresIn
    if (set && parseDuration(expiresIn) > set.maxTokenLifetime) expiresIn = formatDuration(set.maxTokenLifetime)
    update({ claimsText: templateText(template, now), typ: template.typ, expiresIn })
  }

  const sign = async () => {
    if (!plan.input || busy) return
    const input = plan.input
    setBusy(true)
    setError(null)
    try {
      const value = await call((api) => api.sign.token(input))
      setResult({ value, at: Date.now() })
      // A token signed with a key that was not active changes that key's safe dates.
      if (value.kid !== set?.activeKid) inventory.refresh()
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  const fieldProblems = (field: SignProblem['field']) => plan.problems.filter((p) => p.field === field)
  const fieldError = (field: SignProblem['field']) => fieldProblems(field)[0]?.message

  return (
    <ScreenLayout
      container="sign"
      header={
        <ScreenHeader
          title="Sign"
          description="Compose claims and sign with a key from the keychain. The private key stays in the main process."
          actions={
            <Menu position="bottom-end" width={380} withinPortal>
              <Menu.Target>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconFileDescription size={14} />}
                  rightSection={<IconChevronDown size={14} />}
                  data-testid="templates-menu"
                >
                  Templates
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Replace the claims with</Menu.Label>
                {signTemplates.map((template) => (
                  <Menu.Item
                    key={template.id}
                    onClick={() => applyTemplate(template)}
                    data-testid={`template-${template.id}`}
                    rightSection={
                      <Text fz={11} c="dimmed">
                        {template.reference}
                      </Text>
                    }
                  >
                    <Text fz="sm" fw={500}>
                      {template.label}
                    </Text>
                    <Text fz="xs" c="dimmed">
                      {template.description}
                    </Text>
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
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
        {(_, staleError) =>
          sets.length === 0 ? (
            <>
              {staleError}
              <ScreenEmpty
                icon={<IconSignature size={28} stroke={1.3} color="var(--mantine-color-dimmed)" />}
                title="No key set to sign with"
                testId="sign-no-sets"
              >
                <Text fz="sm" c="dimmed" ta="center">
                  Create a key set and generate its signing key on the Keys screen; it will be offered here.
                </Text>
                <GoToKeysButton testId="sign-go-keys" />
              </ScreenEmpty>
            </>
          ) : (
            <>
              {staleError}
              <div className={classes.body}>
                <section className={classes.composer} aria-label="Compose">
                  <div className={classes.composerScroll}>
                    <Panel title="Signing key" data-testid="sign-key-panel">
                      <Stack gap="xs" p="sm">
                        <Group grow align="flex-start">
                          <Select
                            label="Key set"
                            size="xs"
                            data={sets.map((s) => ({ value: s.id, label: s.name }))}
                            value={set?.id ?? null}
                            onChange={(value) => {
                              setSetId(value)
                              update({ kid: null })
                            }}
                            allowDeselect={false}
                            data-testid="sign-set"
                          />
                          <Select
                            label="Key"
                            size="xs"
                            data={set ? keyOptions(set, keys) : []}
                            value={form.kid ?? '__active'}
                            onChange={(value) => update({ kid: value === '__active' || value === null ? null : value })}
                            allowDeselect={false}
                            error={fieldError('key')}
                            data-testid="sign-key"
                            comboboxProps={{ withinPortal: true }}
                          />
                        </Group>
                        {set && !hasUsableKey(set, keys) && (
                          <Alert
                            color="orange"
                            variant="light"
                            icon={<IconAlertTriangle size={16} />}
                            py={6}
                            data-testid="sign-no-usable-key"
                          >
                            <Group justify="space-between" gap={8} wrap="nowrap">
                              <Text fz="sm">
                                Set “{set.name}” has no key that can sign. Generate or import one on the Keys screen.
                              </Text>
                              <GoToKeysButton testId="sign-go-keys" />
                            </Group>
                          </Alert>
                        )}
                        {plan.key && plan.key.state !== 'active' && !fieldError('key') && (
                          <Alert
                            color="orange"
                            variant="light"
                            icon={<IconAlertTriangle size={16} />}
                            py={6}
                            data-testid="not-active-warning"
                          >
                            <Text fz="sm">{notActiveKeyWarning(plan.key.kid, plan.key.state, set!.name)}</Text>
                          </Alert>
                        )}
                        <div className={classes.facts} data-testid="sign-facts">
                          <span>
                            iss <b>{set?.issuer ?? '— (the set has none)'}</b> from the set
                          </span>
                          <span>
                            kid <b>{plan.key?.kid ?? '—'}</b> automatic
                          </span>
                          <span>
                            alg <b>{plan.key?.alg ?? '—'}</b>
                          </span>
                        </div>
                      </Stack>
                    </Panel>

                    <Panel
                      title="Claims"
                      meta="JSON; iss, iat, exp and jti are added when signing"
                      data-testid="claims-panel"
                    >
                      <div className={classes.editorFrame}>
                        <JsonEditor
                          value={form.claimsText}
                          onChange={(text) => update({ claimsText: text })}
                          validate={validate}
                          onSubmit={() => void sign()}
                          label="Claims"
                          testId="claims-editor"
                          minHeight="170px"
                          maxHeight="360px"
                        />
                      </div>
                      <ul className={classes.problems} data-testid="claims-problems">
                        {fieldProblems('claims').map((p, i) => (
                          <li key={i}>{p.message}</li>
                        ))}
                      </ul>
                    </Panel>

                    <Panel title="Header and times" data-testid="times-panel">
                      <Stack gap="sm" p="sm">
                        <Group grow align="flex-start">
                          <Autocomplete
                            size="xs"
                            label="typ"
                            description="Empty leaves it out"
                            data={['JWT', 'at+jwt', 'secevent+jwt', 'logout+jwt', 'dpop+jwt']}
                            value={form.typ}
                            onChange={(typ) => update({ typ })}
                            error={fieldError('typ')}
                            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                            data-testid="sign-typ"
                            comboboxProps={{ withinPortal: true }}
                          />
                          <TextInput
                            size="xs"
                            label="cty"
                            description="Only for nested tokens"
                            value={form.cty}
                            onChange={(e) => update({ cty: e.currentTarget.value })}
                            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                            data-testid="sign-cty"
                          />
                        </Group>
                        <div>
                          <TextInput
                            size="xs"
                            label="Expires in"
                            placeholder={set ? `${formatDuration(set.defaultTokenLifetime)} (the set’s default)` : ''}
                            value={form.expiresIn}
                            onChange={(e) => update({ expiresIn: e.currentTarget.value })}
                            error={fieldError('expiresIn')}
                            disabled={plan.expSource === '"exp" in the claims'}
                            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                            data-testid="sign-expires"
                          />
                          <div className={classes.presets}>
                            {expiryPresets.map((preset) => (
                              <Button
                                key={preset}
                                size="compact-xs"
                                variant={form.expiresIn === preset ? 'light' : 'subtle'}
                                color={form.expiresIn === preset ? undefined : 'gray'}
                                onClick={() => update({ expiresIn: preset })}
                                disabled={set !== null && parseDuration(preset) > set.maxTokenLifetime}
                              >
                                {preset}
                              </Button>
                            ))}
                            <Button
                              size="compact-xs"
                              variant={form.expiresIn === '' ? 'light' : 'subtle'}
                              color={form.expiresIn === '' ? undefined : 'gray'}
                              onClick={() => update({ expiresIn: '' })}
                            >
                              set default
                            </Button>
                          </div>
                          {plan.expiresAt !== null && !fieldError('expiresIn') && (
                            <div className={classes.timeHint} data-testid="exp-preview">
                              exp ≈ {formatUtc(plan.expiresAt)} (
                              {relativeTo(plan.expiresAt, Math.floor(now / 1000) * 1000)}) — {plan.expSource}
                              {set ? `; the set allows at most ${formatDuration(set.maxTokenLifetime)}` : ''}
                            </div>
                          )}
                        </div>
                        <div>
                          <TextInput
                            size="xs"
                            label="Not before (nbf)"
                            placeholder="none"
                            value={form.notBefore}
                            onChange={(e) => update({ notBefore: e.currentTarget.value })}
                            error={fieldError('notBefore')}
                            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                            data-testid="sign-nbf"
                          />
                          <div className={classes.presets}>
                            {notBeforePresets.map((preset) => (
                              <Button
                                key={preset.label}
                                size="compact-xs"
                                variant={form.notBefore === preset.value ? 'light' : 'subtle'}
                                color={form.notBefore === preset.value ? undefined : 'gray'}
                                onClick={() => update({ notBefore: preset.value })}
                              >
                                {preset.label}
                              </Button>
                            ))}
                          </div>
                        </div>
                        <Text fz="xs" c="dimmed">
                          iat is the moment of signing.
                        </Text>
                        <Switch
                          size="xs"
                          label="Add a random jti (unique token id, for revocation and replay detection)"
                          checked={form.jti}
                          onChange={(e) => update({ jti: e.currentTarget.checked })}
                          data-testid="sign-jti"
                        />
                      </Stack>
                    </Panel>

                    <Panel title="Encryption" meta="optional" data-testid="jwe-panel">
                      <Stack gap="sm" p="sm">
                        <Switch
                          size="xs"
                          label="Wrap the signed token in a JWE for a recipient’s public key"
                          checked={form.encrypt}
                          onChange={(e) => update({ encrypt: e.currentTarget.checked })}
                          data-testid="sign-encrypt"
                        />
                        {form.encrypt && (
                          <>
                            <Textarea
                              size="xs"
                              label="Recipient public key (JWK)"
                              placeholder='{"kty":"RSA","n":"…","e":"AQAB"}'
                              value={form.recipientText}
                              onChange={(e) => update({ recipientText: e.currentTarget.value })}
                              autosize
                              minRows={3}
                              maxRows={8}
                              error={fieldError('recipient')}
                              spellCheck={false}
                              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 11.5 } }}
                              data-testid="sign-recipient"
                            />
                            <Group grow>
                              <Select
                                size="xs"
                                label="Key management (alg)"
                                data={[
                                  { value: '', label: 'From the key type' },
                                  ...jweKeyManagementAlgorithms.map((a) => ({ value: a, label: a })),
                                ]}
                                value={form.jweAlg}
                                onChange={(v) => update({ jweAlg: v ?? '' })}
                                allowDeselect={false}
                                comboboxProps={{ withinPortal: true }}
                              />
                              <Select
                                size="xs"
                                label="Content encryption (enc)"
                                data={[
                                  { value: '', label: 'A256GCM' },
                                  ...jweContentAlgorithms
                                    .filter((e) => e !== 'A256GCM')
                                    .map((e) => ({ value: e, label: e })),
                                ]}
                                value={form.jweEnc}
                                onChange={(v) => update({ jweEnc: v ?? '' })}
                                allowDeselect={false}
                                comboboxProps={{ withinPortal: true }}
                              />
                            </Group>
                          </>
                        )}
                      </Stack>
                    </Panel>
                  </div>
                  <div className={classes.composerFooter}>
                    <Button
                      leftSection={<IconSignature size={15} />}
                      onClick={() => void sign()}
                      loading={busy}
                      disabled={!plan.input}
                      data-testid="sign-button"
                    >
                      {form.encrypt ? 'Sign and encrypt' : 'Sign'}
                    </Button>
                    <Text fz="xs" c="dimmed">
                      <Kbd>{mod}</Kbd> + <Kbd>Enter</Kbd> in the editor
                    </Text>
                    <Text fz="xs" c={plan.problems.length ? 'red' : 'dimmed'} ml="auto" data-testid="sign-status">
                      {plan.problems.length
                        ? `${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'} to fix`
                        : plan.key
                          ? `signs with ${plan.key.kid}`
                          : ''}
                    </Text>
                  </div>
                </section>
                <section className={classes.output} aria-label="Signed token" data-testid="sign-output">
                  {error && <CallErrorAlert error={error} title="Not signed" onClose={() => setError(null)} />}
                  {result ? (
                    <SignedOutput
                      result={result.value}
                      signedAt={result.at}
                      onInspect={() =>
                        bus?.emit('inspect-token', {
                          token: result.value.token,
                          source: `Signed with ${result.value.kid} (${result.value.set})`,
                          signedWith: { set: result.value.set, kid: result.value.kid },
                        })
                      }
                    />
                  ) : (
                    <div className={classes.empty} data-testid="sign-empty">
                      <IconLock size={26} stroke={1.3} />
                      <Text fz="sm" fw={600} c="var(--mantine-color-text)">
                        The signed token appears here
                      </Text>
                      <Text fz="xs" maw={420}>
                        Signet reads the private key from the OS keychain in its main process, signs, and drops it; this
                        window receives the token, its header and claims. Open it in Inspect to check every claim and
                        time.
                      </Text>
                    </div>
                  )}
                </section>
              </div>
            </>
          )
        }
      </LoadedContent>
    </ScreenLayout>
  )
}

/** Whether any key of the set can sign at all (the same rule as the options below: not compromised, not destroyed, secret present). */
function hasUsableKey(set: SetInfo, keys: readonly KeyInfo[]): boolean {
  return keys.some(
    (k) => k.setId === set.id && k.state !== 'destroyed' && k.state !== 'compromised' && k.secret !== 'missing',
  )
}

/** The set's keys that can sign: the active one first (the default), then the others with their state; compromised and destroyed ones shown but disabled. */
function keyOptions(set: SetInfo, keys: readonly KeyInfo[]) {
  const own = keys.filter((k) => k.setId === set.id && k.state !== 'destroyed')
  const active = own.find((k) => k.state === 'active')
  return [
    {
      value: '__active',
      label: active ? `Active key — ${active.kid} (${active.alg})` : 'Active key — none in this set',
    },
    ...own
      .filter((k) => k.state !== 'active')
      .map((k) => ({
        value: k.kid,
        label: `${k.kid} (${k.alg}) — ${k.state}`,
        disabled: k.state === 'compromised' || k.secret === 'missing',
      })),
  ]
}
