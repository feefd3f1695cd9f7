import { Button, FileButton, Group, Text } from '@mantine/core'
import { IconFileImport, IconGitCompare, IconListCheck } from '@tabler/icons-react'
import { useState } from 'react'
import type { JwksDiffResult } from '#shared/contract'
import { SignetError, type SerializedError } from '#shared/errors'
import { lintJwks, maxJwksBytes, type JwksLintReport } from '#shared/jwks/lint'
import { jwksTooLarge } from '#shared/jwks/size'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { JsonEditor } from '../../components/json-editor'
import { Panel } from '../../components/panel'
import { JwksFindings } from './jwks-findings'
import classes from './jwks.module.css'

/**
 * Any JWKS — pasted, or a local file the page reads itself (nothing goes to main but the text) —
 * linted here in the page (shared/jwks is pure) or compared with the set by main (jwks:diff), which
 * judges each removal by the set's lifecycle.
 */
export function JwksCheck({ set }: { set: string }) {
  const [text, setText] = useState('')
  const [lint, setLint] = useState<JwksLintReport | null>(null)
  const [diff, setDiff] = useState<JwksDiffResult | null>(null)
  const [error, setError] = useState<SerializedError | null>(null)

  const reset = () => {
    setLint(null)
    setDiff(null)
    setError(null)
  }
  const open = async (file: File | null) => {
    if (!file) return
    reset()
    // The file's bytes, before reading it: the same limit and message as every other JWKS reader.
    if (file.size > maxJwksBytes) return setError(jwksTooLarge(file.name, file.size).toJSON())
    setText(await file.text())
  }
  const runLint = async () => {
    reset()
    try {
      setLint(await lintJwks(text))
    } catch (e) {
      setError(e instanceof SignetError ? { code: e.code, message: e.message } : toCallError(e))
    }
  }
  const runDiff = async () => {
    reset()
    try {
      setDiff(await call((api) => api.jwks.diff({ set, jwks: text })))
    } catch (e) {
      setError(toCallError(e))
    }
  }

  return (
    <Panel
      title="Check any JWKS"
      meta="paste or open one: lint it, or compare it with this set"
      actions={
        <FileButton onChange={(file) => void open(file)} accept="application/json,.json,.jwks">
          {(props) => (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconFileImport size={14} />}
              {...props}
              data-testid="check-open"
            >
              Open…
            </Button>
          )}
        </FileButton>
      }
      data-testid="jwks-check"
    >
      <JsonEditor
        value={text}
        onChange={(value) => (setText(value), reset())}
        label="JWKS to check"
        testId="check-input"
        minHeight="90px"
        maxHeight="260px"
      />
      <Group gap={8} p="xs">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconListCheck size={14} />}
          disabled={!text.trim()}
          onClick={() => void runLint()}
          data-testid="check-lint"
        >
          Lint
        </Button>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconGitCompare size={14} />}
          disabled={!text.trim()}
          onClick={() => void runDiff()}
          data-testid="check-diff"
        >
          Diff against {set}
        </Button>
      </Group>
      {error && <CallErrorAlert error={error} title="The JWKS could not be checked" />}
      {lint && <JwksFindings findings={lint.findings} testId="check-findings" />}
      {diff && (
        <ul className={classes.list} data-testid="check-diff-result">
          {diff.diff.added.map((k) => (
            <li key={`+${k.thumbprint}`}>
              <span className={classes.mono}>+ {k.kid ?? k.thumbprint}</span>
              <Text fz={11} c="dimmed">
                in the set, not in the pasted JWKS: publishing adds it
              </Text>
            </li>
          ))}
          {diff.diff.removed.map((k) => (
            <li key={`-${k.thumbprint}`} className={classes.wrapRow} data-verdict={k.verdict}>
              <span className={classes.mono}>
                − {k.kid ?? k.thumbprint} ({k.verdict})
              </span>
              <Text fz={11}>{k.reason}</Text>
            </li>
          ))}
          {diff.diff.changed.map((c) => (
            <li key={`~${c.kid}`}>
              <span className={classes.mono}>~ {c.kid}</span>
              <Text fz={11} c={c.kind === 'key' ? 'red' : 'dimmed'}>
                {c.kind === 'key' ? 'different key material under the same kid' : c.members.join(', ')}
              </Text>
            </li>
          ))}
          <li>
            <Text fz={11} c="dimmed">
              {diff.diff.unchanged.length} unchanged ·{' '}
              {diff.diff.safe ? 'safe to replace with the set’s JWKS' : 'not safe: see above'}
            </Text>
          </li>
        </ul>
      )}
    </Panel>
  )
}
