import { Alert, Button, Group, Menu, Text, Tooltip } from '@mantine/core'
import {
  IconArchive,
  IconChevronDown,
  IconCircleCheck,
  IconKey,
  IconPlus,
  IconRefresh,
  IconRestore,
  IconShieldCheck,
} from '@tabler/icons-react'
import { useCallback, useMemo, useState } from 'react'
import type { SetInfo } from '#shared/contract/keys'
import type { KeyAction, KeyInfo } from '#shared/managed-keys/types'
import { CallErrorAlert } from '../../components/call-error-alert'
import { ScreenHeader } from '../../components/screen-header'
import { LoadedContent, ScreenEmpty, ScreenLayout } from '../../components/screen-layout'
import { useNow } from '../../components/use-now'
import { useKeyInventory } from '../../components/use-key-inventory'
import { WarningList } from '../../components/warning-list'
import type { ScreenProps } from '../../screen-props'
import { BackupModal } from './backup-modal'
import { CertificateModal } from './certificate-modal'
import { copyPublicJwk, savePublicKeyFile } from './key-files'
import { useLastUsed } from './use-last-used'
import type { KeyFileActions } from './keys-table'
import type { SerializedError } from '#shared/errors'
import { toCallError } from '../../components/call-error-alert'
import { DeleteSetModal } from './delete-set-modal'
import { GenerateKeyModal } from './generate-key-modal'
import { ImportKeyModal } from './import-key-modal'
import { KeyDetailsDrawer } from './key-details-drawer'
import { ReconcileModal } from './reconcile-modal'
import { RestoreModal } from './restore-modal'
import type { ResultNote } from './result-note'
import { RotateModal } from './rotate-modal'
import { SetFormModal } from './set-form-modal'
import { SetList } from './set-list'
import { SetOverview } from './set-overview'
import { TransitionModal } from './transition-modal'
import classes from './keys.module.css'

type Dialog =
  | { type: 'create-set' }
  | { type: 'edit-set'; set: SetInfo }
  | { type: 'delete-set'; set: SetInfo }
  | { type: 'generate'; set: SetInfo }
  | { type: 'import'; set: SetInfo }
  | { type: 'rotate'; set: SetInfo }
  | { type: 'transition'; set: SetInfo; key: KeyInfo; action: KeyAction }
  | { type: 'backup' }
  | { type: 'restore' }
  | { type: 'reconcile' }
  | { type: 'certificate'; key: KeyInfo }

/**
 * Keys: every key set with its keys, the selected set's policy, rotation and lifecycle timeline, and
 * every operation of the key manager behind a dialog that says what it will do first. Private
 * material never reaches this screen: it sees public JWKs and metadata only.
 */
export function KeysScreen({ active }: ScreenProps) {
  const inventory = useKeyInventory(active)
  const data = inventory.data
  const now = useNow(30_000, active, data?.loadedAt)
  const [selectedSetId, setSelectedSetId] = useState<string | null>(null)
  const [openKid, setOpenKid] = useState<string | null>(null)
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const [note, setNote] = useState<ResultNote | null>(null)
  const [showDestroyed, setShowDestroyed] = useState(false)
  const [fileError, setFileError] = useState<SerializedError | null>(null)
  const lastUsed = useLastUsed(active, data?.loadedAt)
  const files: KeyFileActions = {
    onCopyJwk: (kid) => {
      setFileError(null)
      copyPublicJwk(kid).then(
        () => setNote({ title: `Public JWK of ${kid} copied`, warnings: [] }),
        (error: unknown) => setFileError(toCallError(error)),
      )
    },
    onSave: (kid, format) => {
      setFileError(null)
      savePublicKeyFile(kid, format).then(
        (saved) => saved && setNote(saved),
        (error: unknown) => setFileError(toCallError(error)),
      )
    },
    onCertificate: (key) => setDialog({ type: 'certificate', key }),
  }

  const sets = useMemo(() => data?.sets ?? [], [data])
  const keys = useMemo(() => data?.keys ?? [], [data])
  const set = sets.find((s) => s.id === selectedSetId) ?? sets[0] ?? null
  const openKey = openKid ? (keys.find((k) => k.kid === openKid) ?? null) : null
  const openKeySet = openKey ? (sets.find((s) => s.id === openKey.setId) ?? null) : null

  const { refresh } = inventory
  const finish = useCallback(
    (result: ResultNote, selectSet?: string) => {
      setDialog(null)
      setNote(result)
      if (selectSet) setSelectedSetId(selectSet)
      refresh()
    },
    [refresh],
  )

  const openKeyDetails = (kid: string) => {
    const key = keys.find((k) => k.kid === kid)
    if (key) setSelectedSetId(key.setId)
    setOpenKid(kid)
  }
  const startAction = (key: KeyInfo, action: KeyAction) => {
    const owner = sets.find((s) => s.id === key.setId)
    if (owner) setDialog({ type: 'transition', set: owner, key, action })
  }

  return (
    <ScreenLayout
      container="keys"
      header={
        <ScreenHeader
          title="Keys"
          description="Signing keys live in the OS keychain; this window sees public keys and metadata only."
          actions={
            <>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPlus size={14} />}
                onClick={() => setDialog({ type: 'create-set' })}
                data-testid="new-set"
              >
                New set
              </Button>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button
                    size="xs"
                    variant="default"
                    rightSection={<IconChevronDown size={14} />}
                    data-testid="keys-tools"
                  >
                    Backup & keychain
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item
                    leftSection={<IconArchive size={14} />}
                    onClick={() => setDialog({ type: 'backup' })}
                    data-testid="open-backup"
                  >
                    Back up keys…
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconRestore size={14} />}
                    onClick={() => setDialog({ type: 'restore' })}
                    data-testid="open-restore"
                  >
                    Restore from a backup…
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item
                    leftSection={<IconShieldCheck size={14} />}
                    onClick={() => setDialog({ type: 'reconcile' })}
                    data-testid="open-reconcile"
                  >
                    Check keychain against the store…
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
              <Tooltip label="Reload from the store (picks up changes made with the command line)">
                <Button
                  size="xs"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconRefresh size={14} />}
                  onClick={refresh}
                  loading={inventory.refreshing && data !== null}
                  data-testid="refresh-keys"
                >
                  Refresh
                </Button>
              </Tooltip>
            </>
          }
        />
      }
    >
      <LoadedContent
        loading={inventory.state.status === 'loading'}
        data={data}
        error={inventory.state.status === 'error' ? inventory.state.error : null}
        errorTitle="The key sets could not be read"
        staleErrorTitle="Showing the last data read: the refresh failed"
      >
        {(_, staleError) =>
          sets.length === 0 ? (
            <>
              {staleError}
              <ScreenEmpty
                icon={<IconKey size={28} stroke={1.3} color="var(--mantine-color-dimmed)" />}
                title="No key sets yet"
                testId="keys-empty"
              >
                <Text fz="sm" c="dimmed" ta="center">
                  A key set is one issuer or environment — say <b>payments-prod</b> — with its own JWKS, one signing key
                  at a time, and a policy for token lifetimes, JWKS caching and rotation. Create one, then generate or
                  import its keys.
                </Text>
                <Group justify="center" gap={6} mt="md">
                  <Button
                    size="xs"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setDialog({ type: 'create-set' })}
                    data-testid="create-first-set"
                  >
                    Create a key set
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconRestore size={14} />}
                    onClick={() => setDialog({ type: 'restore' })}
                  >
                    Restore a backup
                  </Button>
                </Group>
              </ScreenEmpty>
            </>
          ) : (
            <div className={classes.body}>
              <SetList
                sets={sets}
                keys={keys}
                selectedSetId={set?.id ?? null}
                selectedKid={openKid}
                showDestroyed={showDestroyed}
                now={now}
                onSelectSet={setSelectedSetId}
                onOpenKey={openKeyDetails}
                onCreateSet={() => setDialog({ type: 'create-set' })}
                onToggleDestroyed={setShowDestroyed}
              />
              <main className={classes.main} aria-label="Key set">
                {staleError}
                {fileError && (
                  <div style={{ padding: '14px 16px 0' }}>
                    <CallErrorAlert error={fileError} title="The public key could not be exported" />
                  </div>
                )}
                {note && (
                  <div style={{ padding: '14px 16px 0' }}>
                    <Alert
                      color="teal"
                      variant="light"
                      icon={<IconCircleCheck size={16} />}
                      title={note.title}
                      withCloseButton
                      onClose={() => setNote(null)}
                      data-testid="result-note"
                      py={8}
                    >
                      <div className={classes.resultNote}>
                        {note.detail && <Text fz="sm">{note.detail}</Text>}
                        <WarningList warnings={note.warnings} />
                      </div>
                    </Alert>
                  </div>
                )}
                {set && (
                  <SetOverview
                    set={set}
                    sets={sets}
                    keys={keys}
                    now={now}
                    showDestroyed={showDestroyed}
                    selectedKid={openKid}
                    onSelectSet={setSelectedSetId}
                    onOpenKey={openKeyDetails}
                    onAction={startAction}
                    onGenerate={() => setDialog({ type: 'generate', set })}
                    onImport={() => setDialog({ type: 'import', set })}
                    onRotate={() => setDialog({ type: 'rotate', set })}
                    onEdit={() => setDialog({ type: 'edit-set', set })}
                    onDelete={() => setDialog({ type: 'delete-set', set })}
                    lastUsed={lastUsed}
                    files={files}
                  />
                )}
              </main>
            </div>
          )
        }
      </LoadedContent>

      <KeyDetailsDrawer
        keyInfo={dialog ? null : openKey}
        set={openKeySet}
        now={now}
        onClose={() => setOpenKid(null)}
        onAction={startAction}
        files={files}
        lastUsed={lastUsed}
      />
      {dialog?.type === 'certificate' && (
        <CertificateModal keyInfo={dialog.key} onClose={() => setDialog(null)} onDone={(n) => finish(n)} />
      )}

      {dialog?.type === 'create-set' && <SetFormModal set={null} onClose={() => setDialog(null)} onDone={finish} />}
      {dialog?.type === 'edit-set' && <SetFormModal set={dialog.set} onClose={() => setDialog(null)} onDone={finish} />}
      {dialog?.type === 'delete-set' && (
        <DeleteSetModal set={dialog.set} keys={keys} onClose={() => setDialog(null)} onDone={(n) => finish(n)} />
      )}
      {dialog?.type === 'generate' && (
        <GenerateKeyModal set={dialog.set} keys={keys} onClose={() => setDialog(null)} onDone={(n) => finish(n)} />
      )}
      {dialog?.type === 'import' && (
        <ImportKeyModal set={dialog.set} keys={keys} onClose={() => setDialog(null)} onDone={(n) => finish(n)} />
      )}
      {dialog?.type === 'rotate' && (
        <RotateModal set={dialog.set} keys={keys} now={now} onClose={() => setDialog(null)} onDone={(n) => finish(n)} />
      )}
      {dialog?.type === 'transition' && (
        <TransitionModal
          target={{ key: dialog.key, action: dialog.action }}
          set={dialog.set}
          keys={keys}
          now={now}
          onClose={() => setDialog(null)}
          onDone={(n) => finish(n)}
        />
      )}
      {dialog?.type === 'backup' && <BackupModal setNames={sets.map((s) => s.name)} onClose={() => setDialog(null)} />}
      {dialog?.type === 'restore' && (
        <RestoreModal
          onClose={() => setDialog(null)}
          onDone={(n) => {
            setNote(n)
            refresh()
          }}
        />
      )}
      {dialog?.type === 'reconcile' && (
        <ReconcileModal sets={sets} onClose={() => setDialog(null)} onChanged={refresh} />
      )}
    </ScreenLayout>
  )
}
