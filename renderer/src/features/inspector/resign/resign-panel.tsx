import { Alert, Button, SegmentedControl, Select, Text, Textarea } from '@mantine/core'
import { IconAlertTriangle, IconLock, IconSignature } from '@tabler/icons-react'
import { memo, useState } from 'react'
import { SignetError, type SerializedError } from '#shared/errors'
import type { DecodedToken } from '#shared/token/decode'
import { call } from '../../../api'
import { CallErrorAlert, toCallError } from '../../../components/call-error-alert'
import { JsonEditor } from '../../../components/json-editor'
import { useInspectorDispatch } from '../inspector-dispatch'
import { useManagedKeys } from '../verify/use-managed-keys'
import { readJsonObject, signLocally } from './sign-locally'
import classes from '../verify/verify.module.css'

/**
 * Edit and re-sign: the token's header and claims in JSON editors, signed again with a pasted
 * secret or private key (here, in the page: never stored, never sent to the main process), with a
 * managed key (through main's sign:token, so the private key stays in the keychain), or — only by
 * explicit choice — left unsecured. The new token replaces the one in the editor and is verified
 * with the key that signed it.
 */

type SignWith = 'pasted' | 'managed' | 'unsecured'

interface Texts {
  /** the token the texts were loaded from; a new token reloads them unless they were edited */
  from: string | null
  header: string
  claims: string
  edited: boolean
}

const blank = { header: '{\n  "alg": "HS256",\n  "typ": "JWT"\n}', claims: '{\n  "sub": "alice"\n}' }

function textsOf(token: DecodedToken | null): Texts {
  if (!token || token.type !== 'jws') return { from: token?.token ?? null, ...blank, edited: false }
  const claims = token.payload.kind === 'claims' ? JSON.stringify(token.payload.claims, null, 2) : blank.claims
  return { from: token.token, header: JSON.stringify(token.signatures[0]!.joseHeader, null, 2), claims, edited: false }
}

export const ResignPanel = memo(function ResignPanel({ token }: { token: DecodedToken | null }) {
  const dispatch = useInspectorDispatch()
  const [texts, setTexts] = useState<Texts>(() => textsOf(token))
  const [signWith, setSignWith] = useState<SignWith>('pasted')
  const [keyText, setKeyText] = useState('')
  const [kid, setKid] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const managed = useManagedKeys(signWith === 'managed')
  // Another token in the editor (typed, opened) is loaded here, unless the user is editing.
  if ((token?.token ?? null) !== texts.from && !texts.edited) setTexts(textsOf(token))

  const signable = (managed.status === 'ready' ? managed.keys : []).filter(
    (key) => key.state === 'active' || key.state === 'staged',
  )
  const edit = (patch: Partial<Pick<Texts, 'header' | 'claims'>>) => setTexts((t) => ({ ...t, ...patch, edited: true }))

  const sign = async () => {
    setBusy(true)
    setError(null)
    try {
      const edited = { header: texts.header, claims: texts.claims }
      if (signWith === 'managed') {
        const key = signable.find((k) => k.kid === kid)
        if (!key) throw new SignetError('ERR_SIGN_KEY_UNSUITABLE', 'Choose the managed key to sign with.')
        const header = readJsonObject(texts.header, 'header', 'ERR_SIGN_HEADER_INVALID')
        const claims = readJsonObject(texts.claims, 'claims', 'ERR_SIGN_CLAIMS_INVALID')
        const result = await call((api) =>
          api.sign.token({
            set: key.setName,
            kid: key.kid,
            claims,
            typ: typeof header.typ === 'string' && header.typ.length > 0 ? header.typ : null,
            ...(typeof header.cty === 'string' && header.cty.length > 0 ? { cty: header.cty } : {}),
            jti: false,
          }),
        )
        setTexts({
          ...textsOf(null),
          from: result.token,
          header: JSON.stringify(result.header, null, 2),
          claims: JSON.stringify(result.claims, null, 2),
        })
        dispatch({ type: 'input-signed', text: result.token, key: { set: result.set, kid: result.kid } })
      } else if (signWith === 'unsecured') {
        const text = await signLocally(edited, { kind: 'unsecured' })
        setTexts((t) => ({ ...t, from: text, edited: false }))
        dispatch({ type: 'unsecured', text })
      } else {
        const text = await signLocally(edited, { kind: 'pasted', text: keyText })
        setTexts((t) => ({ ...t, from: text, edited: false }))
        dispatch({ type: 'resigned', text, keyText })
      }
    } catch (caught) {
      setError(caught instanceof SignetError ? caught.toJSON() : toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  const encrypted = token?.type === 'jwe'
  return (
    <div className={classes.keyPanel} data-testid="resign-panel">
      {encrypted && (
        <Text fz="xs" c="dimmed">
          This token is encrypted (JWE). Re-signing starts from a new signed token: edit the header and claims below.
        </Text>
      )}
      <Text fz="xs" fw={500} mb={-6}>
        Header
      </Text>
      <JsonEditor
        value={texts.header}
        onChange={(header) => edit({ header })}
        label="Header"
        testId="resign-header"
        minHeight="70px"
        maxHeight="160px"
      />
      <Text fz="xs" fw={500} mb={-6}>
        Claims
      </Text>
      <JsonEditor
        value={texts.claims}
        onChange={(claims) => edit({ claims })}
        label="Claims"
        testId="resign-claims"
        minHeight="90px"
        maxHeight="220px"
      />
      <SegmentedControl
        size="xs"
        fullWidth
        value={signWith}
        onChange={(value) => setSignWith(value as SignWith)}
        data={[
          { value: 'pasted', label: 'Key or secret' },
          { value: 'managed', label: 'Managed key' },
          { value: 'unsecured', label: 'Unsecured (alg: none)' },
        ]}
        aria-label="What signs the edited token"
        data-testid="resign-with"
      />
      {signWith === 'pasted' && (
        <Textarea
          size="xs"
          label="HMAC secret, private key (PKCS#8 PEM) or private JWK"
          description="Stays in this window: never saved, never sent to Signet’s main process. The header’s alg picks the algorithm."
          value={keyText}
          onChange={(event) => setKeyText(event.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          spellCheck={false}
          autoComplete="off"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="resign-key"
        />
      )}
      {signWith === 'managed' && (
        <Select
          size="xs"
          label="Managed key"
          description="Main signs with it; the private key stays in the OS keychain. Main sets alg, kid, iat and exp (the set’s lifetime when the claims have none); typ and cty come from the header."
          placeholder={
            managed.status === 'loading'
              ? 'Loading…'
              : signable.length === 0
                ? 'No active or staged key'
                : 'Choose a key'
          }
          data={signable.map((key) => ({
            value: key.kid,
            label: `${key.kid} (${key.alg}, set ${key.setName}, ${key.state})`,
          }))}
          value={kid}
          onChange={setKid}
          leftSection={<IconLock size={13} />}
          data-testid="resign-managed-key"
        />
      )}
      {signWith === 'unsecured' && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={16} />}
          p="xs"
          data-testid="resign-unsecured-warning"
        >
          <Text fz="xs">
            An unsecured token has no signature: anyone can write one. Use it only to check that your verifier rejects
            it (RFC 8725 §3.1).
          </Text>
        </Alert>
      )}
      {error && <CallErrorAlert error={error} title="Not signed" onClose={() => setError(null)} />}
      <Button
        size="xs"
        leftSection={<IconSignature size={14} />}
        onClick={() => void sign()}
        loading={busy}
        disabled={signWith === 'managed' && !kid}
        data-testid="resign-button"
      >
        {signWith === 'unsecured' ? 'Make unsecured token' : 'Sign and replace the token'}
      </Button>
    </div>
  )
})
