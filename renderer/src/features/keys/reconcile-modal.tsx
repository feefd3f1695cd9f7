import { Alert, Button, Group, Loader, Modal, Select, Stack, Text } from '@mantine/core'
import { IconCircleCheck } from '@tabler/icons-react'
import { useCallback, useEffect, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { KeysReconcileInput, ReconcileReport, SetInfo } from '#shared/contract/keys'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc } from '../../components/format-time'
import classes from './keys.module.css'
import { plural } from '#shared/text/plural'

/**
 * Compares the OS keychain with the store and shows every difference with what can be done about
 * it: adopt or delete an orphaned keychain entry, record a key whose private half is gone. An orphan
 * and a missing key that main found to be the same key (equal thumbprints) are shown as one pair with
 * one action, re-link. Nothing changes unless the user picks an action for a named entry.
 */
export function ReconcileModal({
  sets,
  onClose,
  onChanged,
}: {
  sets: SetInfo[]
  onClose: () => void
  onChanged: () => void
}) {
  const [report, setReport] = useState<ReconcileReport | null>(null)
  const [busy, setBusy] = useState<string | null>('check')
  const [error, setError] = useState<SerializedError | null>(null)
  const [adoptInto, setAdoptInto] = useState<Record<string, string | null>>({})
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null)

  const run = useCallback(
    async (label: string, input?: KeysReconcileInput) => {
      setBusy(label)
      setError(null)
      try {
        setReport(await call((api) => api.keys.reconcile(input)))
        if (input) onChanged()
      } catch (caught) {
        setError(toCallError(caught))
      } finally {
        setBusy(null)
        setConfirmRemove(null)
      }
    },
    [onChanged],
  )

  useEffect(() => {
    let cancelled = false
    call((api) => api.keys.reconcile()).then(
      (value) => {
        if (cancelled) return
        setReport(value)
        setBusy(null)
      },
      (caught: unknown) => {
        if (cancelled) return
        setError(toCallError(caught))
        setBusy(null)
      },
    )
    return () => {
      cancelled = true
    }
  }, [])

  const clean = report && report.orphans.length === 0 && report.missing.length === 0
  const pairs = report ? report.orphans.filter((o) => o.sameKeyAs !== null) : []
  const orphans = report ? report.orphans.filter((o) => o.sameKeyAs === null) : []
  const missingKeys = report ? report.missing.filter((m) => m.foundIn === null) : []
  return (
    <Modal
      opened
      onClose={onClose}
      title="Check the keychain against the store"
      size={720}
      data-testid="reconcile-modal"
    >
      <Stack gap="sm">
        {!report && busy && (
          <Group gap={8}>
            <Loader size="xs" />
            <Text fz="sm">Reading the keychain entries…</Text>
          </Group>
        )}
        {report && (
          <Text fz="xs" c="dimmed" data-testid="reconcile-summary">
            Checked {formatUtc(report.checkedAt)}: {plural(report.accountedFor, 'key')} accounted for,{' '}
            {plural(report.orphans.length, 'orphaned keychain entry', 'orphaned keychain entries')},{' '}
            {plural(report.missing.length, 'missing private key')}.
          </Text>
        )}
        {report && report.performed.length > 0 && (
          <Alert color="teal" variant="light" py={8} icon={<IconCircleCheck size={16} />}>
            {report.performed.map((line) => (
              <Text fz="sm" key={line}>
                {line}
              </Text>
            ))}
          </Alert>
        )}
        {clean && (
          <Alert
            color="teal"
            variant="light"
            icon={<IconCircleCheck size={16} />}
            title="Everything is accounted for"
            data-testid="reconcile-clean"
          >
            <Text fz="sm">
              Every key in the store has its private half in the keychain, and the keychain holds nothing the store does
              not know.
            </Text>
          </Alert>
        )}
        {pairs.length > 0 && (
          <section>
            <Text fz="sm" fw={600} mb={4}>
              Keys found under another keychain entry
            </Text>
            <table className={classes.table} data-testid="reconcile-pairs">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>What happened</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {pairs.map((orphan) => (
                  <tr key={orphan.account} data-testid="reconcile-pair">
                    <td>
                      <div className={classes.kidCell}>{orphan.sameKeyAs}</div>
                      <div className={classes.subtle}>
                        {orphan.alg ?? orphan.kty ?? 'unknown type'} · entry {orphan.account}
                      </div>
                    </td>
                    <td>
                      <Text fz="xs">
                        The key's own keychain entry is missing, and this orphaned entry holds the same key (same
                        thumbprint).
                      </Text>
                      <Text fz="xs" c="dimmed">
                        Re-linking writes it back under the key's own entry, then deletes the orphaned copy.
                      </Text>
                    </td>
                    <td className={classes.actionsCell}>
                      <Button
                        size="compact-xs"
                        variant="light"
                        loading={busy === `relink-${orphan.account}`}
                        disabled={busy !== null}
                        onClick={() =>
                          void run(`relink-${orphan.account}`, {
                            relink: [{ account: orphan.account, kid: orphan.sameKeyAs! }],
                          })
                        }
                      >
                        Re-link
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {orphans.length > 0 && (
          <section>
            <Text fz="sm" fw={600} mb={4}>
              Orphaned keychain entries
            </Text>
            <table className={classes.table} data-testid="reconcile-orphans">
              <thead>
                <tr>
                  <th>Entry</th>
                  <th>What it is</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {orphans.map((orphan) => (
                  <tr key={orphan.account}>
                    <td>
                      <div className={classes.kidCell}>{orphan.kid ?? orphan.account}</div>
                      <div className={classes.subtle}>
                        {orphan.alg ?? orphan.kty ?? 'unknown type'} · {orphan.account}
                      </div>
                    </td>
                    <td>
                      <Text fz="xs">
                        {orphan.kind === 'destroyed-leftover'
                          ? 'A destroyed key whose secret deletion did not finish'
                          : 'A key no record mentions (a crash mid-write, or an older store)'}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {orphan.action}
                      </Text>
                    </td>
                    <td>
                      <Stack gap={4}>
                        {orphan.kind === 'unknown' && (
                          <Group gap={4} wrap="nowrap">
                            <Select
                              size="xs"
                              placeholder={orphan.set ?? 'Set'}
                              data={sets.map((s) => ({ value: s.name, label: s.name }))}
                              value={adoptInto[orphan.account] ?? orphan.set}
                              onChange={(value) => setAdoptInto((a) => ({ ...a, [orphan.account]: value }))}
                              w={130}
                              comboboxProps={{ withinPortal: true }}
                            />
                            <Button
                              size="compact-xs"
                              variant="light"
                              loading={busy === `adopt-${orphan.account}`}
                              disabled={busy !== null || !(adoptInto[orphan.account] ?? orphan.set)}
                              onClick={() =>
                                void run(`adopt-${orphan.account}`, {
                                  adopt: [{ account: orphan.account, set: (adoptInto[orphan.account] ?? orphan.set)! }],
                                })
                              }
                            >
                              Adopt (staged)
                            </Button>
                          </Group>
                        )}
                        {confirmRemove === orphan.account ? (
                          <Group gap={4}>
                            <Button
                              size="compact-xs"
                              color="red"
                              loading={busy === `remove-${orphan.account}`}
                              onClick={() => void run(`remove-${orphan.account}`, { remove: [orphan.account] })}
                            >
                              Delete for good
                            </Button>
                            <Button size="compact-xs" variant="default" onClick={() => setConfirmRemove(null)}>
                              Keep
                            </Button>
                          </Group>
                        ) : (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            disabled={busy !== null}
                            onClick={() => setConfirmRemove(orphan.account)}
                          >
                            Delete entry…
                          </Button>
                        )}
                      </Stack>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {missingKeys.length > 0 && (
          <section>
            <Text fz="sm" fw={600} mb={4}>
              Keys whose private half is not in the keychain
            </Text>
            <table className={classes.table} data-testid="reconcile-missing">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>What to do</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {missingKeys.map((missing) => (
                  <tr key={missing.kid}>
                    <td>
                      <div className={classes.kidCell}>{missing.kid}</div>
                      <div className={classes.subtle}>
                        {missing.set} · {missing.state}
                      </div>
                    </td>
                    <td>
                      <Text fz="xs">{missing.action}</Text>
                    </td>
                    <td className={classes.actionsCell}>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="orange"
                        loading={busy === `missing-${missing.kid}`}
                        disabled={busy !== null}
                        onClick={() => void run(`missing-${missing.kid}`, { markMissing: [missing.kid] })}
                      >
                        Record as missing
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {error && <CallErrorAlert error={error} title="The check failed" />}
        <Group justify="flex-end" gap={6}>
          <Button
            size="xs"
            variant="default"
            onClick={() => void run('check')}
            loading={busy === 'check' && report !== null}
            disabled={busy !== null}
          >
            Check again
          </Button>
          <Button size="xs" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
