import { Badge, Button, Code, Group, Popover, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconFolder, IconRefresh } from '@tabler/icons-react'
import { useState } from 'react'
import { bridgeMissingMessage } from '../api'
import type { AppInfoState } from './use-app-info'
import classes from './shell.module.css'

export interface StatusBarProps {
  state: AppInfoState
  onRecheckKeychain: () => Promise<void>
  rechecking: boolean
}

/** The bottom bar: keychain health (click for reason and fix), the data directory, the version. */
export function StatusBar({ state, onRecheckKeychain, rechecking }: StatusBarProps) {
  return (
    <footer className={classes.status} data-testid="status-bar">
      <KeychainStatusItem state={state} onRecheck={onRecheckKeychain} rechecking={rechecking} />
      {state.status === 'ready' && (
        <Tooltip
          label={
            <Stack gap={2}>
              <Text fz="xs">Data directory (key metadata, settings, audit log — never private keys)</Text>
              <Text fz="xs" ff="monospace">
                {state.info.storePath}
              </Text>
            </Stack>
          }
          multiline
          maw={520}
        >
          <span className={classes.statusItem} tabIndex={0} data-testid="status-data-dir">
            <IconFolder size={13} stroke={1.7} aria-hidden />
            <span className={classes.statusPath}>{state.info.dataDirShown}</span>
          </span>
        </Tooltip>
      )}
      <span className={classes.statusSpacer} />
      <span className={classes.statusItem}>Offline · nothing leaves this machine</span>
      <span className={classes.statusItem} data-testid="status-version">
        {state.status === 'ready' ? `Signet ${state.info.version}` : 'Signet'}
      </span>
    </footer>
  )
}

function KeychainStatusItem({
  state,
  onRecheck,
  rechecking,
}: {
  state: AppInfoState
  onRecheck: () => Promise<void>
  rechecking: boolean
}) {
  const [opened, setOpened] = useState(false)
  const view = describe(state)
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="top-start"
      offset={6}
      width={420}
      withArrow
      shadow="md"
      trapFocus={false}
    >
      <Popover.Target>
        <Tooltip label={view.hint} disabled={opened} multiline maw={420} position="top-start">
          <UnstyledButton
            className={classes.statusItem}
            onClick={() => setOpened((o) => !o)}
            aria-label={`${view.label}. ${view.hint}`}
            aria-expanded={opened}
            data-testid="status-keychain"
            data-state={view.state}
          >
            <span className={classes.dot} data-state={view.state} aria-hidden />
            <span>{view.label}</span>
          </UnstyledButton>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown data-testid="keychain-details">
        <Stack gap={8}>
          <Group gap={8}>
            <span className={classes.dot} data-state={view.state} aria-hidden />
            <Text fz="sm" fw={600}>
              {view.label}
            </Text>
            {view.code && (
              <Badge variant="light" color={view.state === 'bad' ? 'red' : 'orange'} ff="monospace" tt="none">
                {view.code}
              </Badge>
            )}
          </Group>
          {view.details}
          {state.status === 'ready' && (
            <Group justify="flex-end">
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<IconRefresh size={13} />}
                loading={rechecking}
                onClick={() => void onRecheck()}
              >
                Check again
              </Button>
            </Group>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

interface StatusView {
  state: 'ok' | 'bad' | 'warn' | 'idle'
  label: string
  hint: string
  code?: string
  details: React.ReactNode
}

function describe(state: AppInfoState): StatusView {
  switch (state.status) {
    case 'loading':
      return {
        state: 'idle',
        label: 'Keychain: checking…',
        hint: 'Asking the OS keychain whether it is available.',
        details: <Text fz="xs">Checking…</Text>,
      }
    case 'no-bridge':
      return {
        state: 'warn',
        label: 'Not connected to Signet',
        hint: 'This page was opened outside the Signet app; decoding works, keys do not.',
        code: 'ERR_BRIDGE_MISSING',
        details: <Text fz="xs">{bridgeMissingMessage}</Text>,
      }
    case 'failed':
      return {
        state: 'bad',
        label: 'Main process unreachable',
        hint: state.error.message,
        code: state.error.code,
        details: <Text fz="xs">{state.error.message}</Text>,
      }
    case 'ready': {
      const keychain = state.info.keychain
      if (keychain.available) {
        return {
          state: 'ok',
          label: `Keychain: ${keychain.backend}`,
          hint: `Keychain available (${keychain.backend}, service “${keychain.service}”). Private keys are stored there, never in a file.`,
          details: (
            <Text fz="xs">
              Private keys are stored in {keychain.backend} under the service <Code>{keychain.service}</Code>, never in
              a file. The keychain answered a write-and-read-back probe.
            </Text>
          ),
        }
      }
      // The main process phrases `reason` as a full sentence that may already end with the fix.
      const reason = keychain.reason.endsWith(keychain.fix)
        ? keychain.reason.slice(0, -keychain.fix.length).trim()
        : keychain.reason
      return {
        state: 'bad',
        label: 'Keychain unavailable',
        hint: `${reason} Click for the fix.`,
        code: keychain.code,
        details: (
          <Stack gap={6}>
            <Text fz="xs">{reason}</Text>
            <Text fz="xs" fw={600}>
              How to fix it
            </Text>
            <Text fz="xs">{keychain.fix}</Text>
            <Text fz="xs" c="dimmed">
              Decoding and verifying with a pasted public key still work; generating, importing and signing with stored
              keys need the keychain.
            </Text>
          </Stack>
        ),
      }
    }
  }
}
