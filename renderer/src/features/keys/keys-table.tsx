import { ActionIcon, Button, Group, Menu, Text, Tooltip } from '@mantine/core'
import {
  IconCertificate,
  IconCopy,
  IconDeviceFloppy,
  IconDots,
  IconFileImport,
  IconKey,
  IconListDetails,
} from '@tabler/icons-react'
import type { PublicKeyFileFormat } from '#shared/contract/key-files'
import type { SetInfo } from '#shared/contract/keys'
import type { KeyAction, KeyInfo } from '#shared/managed-keys/types'
import { formatUtc, formatUtcDate } from '../../components/format-time'
import { KeyStateBadge } from '../../components/key-state-badge'
import { enteredAt } from '#shared/managed-keys/model'
import { MiddleTruncated } from '../../components/middle-truncated'
import { PastTimeLines } from './past-time'
import { availableActions, keyActionText } from './key-actions'
import { describeKeySize, summarizeNextStep } from './key-summary'
import classes from './keys.module.css'
import type { KeyLastUsed } from './use-last-used'

/** What a row's menu can do with a key's public half besides the lifecycle moves. */
export interface KeyFileActions {
  onCopyJwk: (kid: string) => void
  onSave: (kid: string, format: PublicKeyFileFormat) => void
  onCertificate: (key: KeyInfo) => void
}

/**
 * The set's keys, one row each: its kid and RFC 7638 thumbprint (middle-truncated, with copy), when
 * it was created, its algorithm and size or curve, its `use`, its state and since when, when it last
 * signed (from the audit log), its next step and when that becomes safe, and the moves it allows. A
 * row opens the key's details; the menu also copies or saves its public key and issues a certificate.
 */
export function KeysTable({
  set,
  keys,
  now,
  selectedKid,
  onOpen,
  onAction,
  onGenerate,
  onImport,
  lastUsed,
  files,
  filtered = false,
}: {
  set: SetInfo
  keys: KeyInfo[]
  now: number
  selectedKid: string | null
  onOpen: (kid: string) => void
  onAction: (key: KeyInfo, action: KeyAction) => void
  onGenerate: () => void
  onImport: () => void
  lastUsed: KeyLastUsed
  files: KeyFileActions
  /** the list is empty because of a filter, not because the set is */
  filtered?: boolean
}) {
  if (keys.length === 0 && filtered) {
    return (
      <div className={classes.emptySet} data-testid="no-key-matches">
        <Text fz="sm" c="dimmed">
          No key matches the filter.
        </Text>
      </div>
    )
  }
  if (keys.length === 0) {
    return (
      <div className={classes.emptySet} data-testid="empty-set">
        <IconKey size={26} stroke={1.3} color="var(--mantine-color-dimmed)" />
        <Text fz="sm" fw={600}>
          No keys in {set.name} yet
        </Text>
        <Text fz="xs" c="dimmed" maw={460}>
          Generate a key here (its private half is created in this process and goes straight into the OS keychain) or
          import one you already have. The first key you activate becomes the set’s signing key.
        </Text>
        <Group gap={6} mt={4}>
          <Button size="xs" leftSection={<IconKey size={14} />} onClick={onGenerate}>
            Generate key
          </Button>
          <Button size="xs" variant="default" leftSection={<IconFileImport size={14} />} onClick={onImport}>
            Import key
          </Button>
        </Group>
      </div>
    )
  }
  return (
    // The card is the table's container: below the width where every column fits (1280 px with the
    // set sidebar) it drops Use and Thumbprint (both in the details drawer), and at the Keys screen's
    // narrow layout Created and Last used too. Sideways scroll stays only as the last resort.
    <div className={classes.tableScroll}>
      <table className={classes.table} data-testid="keys-table">
        <thead>
          <tr>
            <th>Key</th>
            <th className={classes.hideNarrow}>Created</th>
            <th>Algorithm</th>
            <th className={classes.hideCompact}>Use</th>
            <th className={classes.hideCompact}>Thumbprint</th>
            <th>State</th>
            <th className={classes.hideNarrow}>Last used</th>
            <th>Next step</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const next = summarizeNextStep(key, set, now)
            const since = enteredAt(key, key.state) ?? new Date(key.history[0]!.at)
            const actions = availableActions(key)
            // One button only where the next move is plainly right: a set with no signing key and a key ready to be it.
            // Retiring an active key is what rotation does, and the destructive moves stay behind the menu.
            const primary =
              next?.action === 'activate' && next.ready && set.activeKid === null && actions.includes('activate')
                ? 'activate'
                : null
            return (
              <tr
                key={key.id}
                className={classes.row}
                data-testid={`key-row-${key.kid}`}
                data-state={key.state}
                data-selected={key.kid === selectedKid || undefined}
                onClick={() => onOpen(key.kid)}
                tabIndex={0}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && event.target === event.currentTarget) onOpen(key.kid)
                }}
                aria-label={`${key.kid}, ${key.state}`}
              >
                <td className={classes.kidColumn}>
                  <MiddleTruncated value={key.kid} label="kid" max={22} strong testId="row-kid" />
                  <div className={classes.subtle}>
                    {key.origin}
                    {key.rotatedFrom ? ` · replaces ${key.rotatedFrom}` : ''}
                    {key.secret === 'missing' ? ' · secret missing from keychain' : ''}
                  </div>
                </td>
                <td className={`${classes.hideNarrow} ${classes.nowrap}`} data-testid="cell-created">
                  <PastTimeLines value={key.history[0]!.at} now={now} />
                </td>
                <td data-testid="cell-alg">
                  <div className={classes.mono}>{key.alg}</div>
                  <div className={classes.subtle}>{describeKeySize(key)}</div>
                </td>
                <td className={classes.hideCompact} data-testid="cell-use">
                  <span className={classes.mono}>
                    {typeof key.publicJwk?.use === 'string' ? key.publicJwk.use : key.publicJwk ? '—' : 'sig (secret)'}
                  </span>
                </td>
                <td className={classes.hideCompact} data-testid="cell-thumbprint">
                  <MiddleTruncated value={key.thumbprint} label="RFC 7638 thumbprint" max={14} />
                  {Array.isArray(key.publicJwk?.x5c) && <div className={classes.subtle}>with X.509 certificate</div>}
                </td>
                <td className={classes.stateCell}>
                  <KeyStateBadge state={key.state} />
                  <PastTimeLines value={since} now={now} prefix="since " className={classes.subtle} />
                </td>
                <td className={`${classes.hideNarrow} ${classes.nowrap}`} data-testid="cell-last-used">
                  {lastUsed.byKid.has(key.kid) ? (
                    <PastTimeLines value={lastUsed.byKid.get(key.kid)!} now={now} />
                  ) : (
                    <span className={classes.subtle}>{lastUsed.known ? 'never signed' : 'unknown'}</span>
                  )}
                </td>
                <td data-testid="next-step">
                  {next ? (
                    <>
                      <div className={next.ready ? classes.nextReady : undefined}>{next.label}</div>
                      {next.when ? (
                        // Two deliberate lines: the UTC date on one (the whole time in its tooltip), how far away on the next.
                        <>
                          <div
                            className={`${classes.subtle} ${classes.nowrap}`}
                            data-testid="next-step-at"
                            title={formatUtc(next.when.at)}
                          >
                            {next.when.prefix}
                            {formatUtcDate(next.when.at)}
                          </div>
                          <div className={`${classes.subtle} ${classes.nowrap}`}>{next.when.relative}</div>
                        </>
                      ) : (
                        <div className={`${classes.subtle} ${classes.nowrap}`}>{next.detail}</div>
                      )}
                    </>
                  ) : (
                    <span className={classes.subtle}>end of lifecycle</span>
                  )}
                </td>
                <td className={classes.actionsCell} onClick={(event) => event.stopPropagation()}>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {primary && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() => onAction(key, primary)}
                        data-testid={`primary-${primary}`}
                      >
                        {keyActionText[primary].label}
                      </Button>
                    )}
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <Tooltip label="Actions">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            size="sm"
                            aria-label={`Actions for ${key.kid}`}
                            data-testid={`key-menu-${key.kid}`}
                          >
                            <IconDots size={15} />
                          </ActionIcon>
                        </Tooltip>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconListDetails size={14} />} onClick={() => onOpen(key.kid)}>
                          Details, public key and thumbprint
                        </Menu.Item>
                        {key.publicJwk && (
                          <>
                            <Menu.Item
                              leftSection={<IconCopy size={14} />}
                              onClick={() => files.onCopyJwk(key.kid)}
                              data-testid="row-copy-jwk"
                            >
                              Copy public JWK
                            </Menu.Item>
                            <Menu.Item
                              leftSection={<IconDeviceFloppy size={14} />}
                              onClick={() => files.onSave(key.kid, 'pem')}
                              data-testid="row-save-pem"
                            >
                              Save public key (PEM)…
                            </Menu.Item>
                            <Menu.Item
                              leftSection={<IconDeviceFloppy size={14} />}
                              onClick={() => files.onSave(key.kid, 'jwk')}
                              data-testid="row-save-jwk"
                            >
                              Save public JWK…
                            </Menu.Item>
                            {(key.state === 'staged' || key.state === 'active' || key.state === 'retired') &&
                              key.secret === 'present' && (
                                <Menu.Item
                                  leftSection={<IconCertificate size={14} />}
                                  onClick={() => files.onCertificate(key)}
                                  data-testid="row-certificate"
                                >
                                  {Array.isArray(key.publicJwk.x5c)
                                    ? 'Replace self-signed certificate…'
                                    : 'Self-signed certificate…'}
                                </Menu.Item>
                              )}
                          </>
                        )}
                        {actions.length > 0 && <Menu.Divider />}
                        {actions.map((action) => (
                          <Menu.Item
                            key={action}
                            color={keyActionText[action].destructive ? 'red' : undefined}
                            onClick={() => onAction(key, action)}
                            data-testid={`action-${action}`}
                          >
                            {keyActionText[action].label}…
                          </Menu.Item>
                        ))}
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
