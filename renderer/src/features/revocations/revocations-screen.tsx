import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Loader,
  NumberInput,
  Progress,
  SegmentedControl,
  Select,
  Text,
  Tooltip,
} from '@mantine/core'
import { IconBan, IconPlus, IconRefresh, IconZoomIn, IconZoomOut } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { StatusListContents } from '#shared/contract/revocations'
import type { SerializedError } from '#shared/errors'
import type { StatusChange, StatusListInfo } from '#shared/status-list/managed'
import { decodeStatusList } from '#shared/status-list/decode'
import { statusLabel } from '#shared/status-list/status-types'
import { formatUtc } from '#shared/time/format-time'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { Panel } from '../../components/panel'
import { ScreenHeader } from '../../components/screen-header'
import { LoadedContent, ScreenEmpty, ScreenLayout } from '../../components/screen-layout'
import { useKeyInventory } from '../../components/use-key-inventory'
import type { ScreenProps } from '../../screen-props'
import { BulkEdit } from './bulk-edit'
import { CreateListModal } from './create-list-modal'
import { ExportPanel } from './export-panel'
import { LegacyRevocationList } from './legacy-list'
import { ListHistory } from './list-history'
import { ListSettings } from './list-settings'
import { cellColorVar, cellKinds, cellLabel, statusFilters, type StatusFilter } from './status-display'
import { StatusGrid } from './status-grid'
import classes from './revocations.module.css'

type Lists =
  { status: 'loading' } | { status: 'ready'; lists: StatusListInfo[] } | { status: 'error'; error: SerializedError }

/** Cell edges (CSS px) the zoom steps through. */
const zooms = [2, 3, 4, 6, 8, 12, 16]

/**
 * Revocations: a key set's IETF Token Status Lists (draft-ietf-oauth-status-list) — capacity and
 * usage, a picture of every index, changes by index, range or matching note, the pending diff, and
 * "Sign and export" through main's save dialog; each list's history from the audit log.
 */
export function RevocationsScreen({ active }: ScreenProps) {
  const inventory = useKeyInventory(active)
  const sets = useMemo(() => inventory.data?.sets ?? [], [inventory.data])
  const [setId, setSetId] = useState<string | null>(null)
  const set = sets.find((s) => s.id === setId) ?? sets[0] ?? null
  const [lists, setLists] = useState<Lists>({ status: 'loading' })
  const [selected, setSelected] = useState<string | null>(null)
  const [contents, setContents] = useState<StatusListContents | null>(null)
  const [contentsError, setContentsError] = useState<SerializedError | null>(null)
  const [diff, setDiff] = useState<StatusChange[] | null>(null)
  const [reload, setReload] = useState(0)
  const [creating, setCreating] = useState(false)
  const [filter, setFilter] = useState<StatusFilter>('all')
  const [zoom, setZoom] = useState(2)
  const [cursor, setCursor] = useState(0)
  const [target, setTarget] = useState('')

  const setName = set?.name ?? null
  useEffect(() => {
    if (!active || !setName) return
    let cancelled = false
    call((api) => api.statusList.list({ set: setName })).then(
      (value) => !cancelled && setLists({ status: 'ready', lists: value.lists }),
      (error: unknown) => !cancelled && setLists({ status: 'error', error: toCallError(error) }),
    )
    return () => {
      cancelled = true
    }
  }, [active, setName, reload])

  const available = lists.status === 'ready' ? lists.lists : []
  const list = available.find((l) => l.name === selected) ?? available[0] ?? null
  const listName = list?.name ?? null

  useEffect(() => {
    if (!active || !listName) return
    let cancelled = false
    Promise.all([
      call((api) => api.statusList.contents({ name: listName })),
      call((api) => api.statusList.diff({ name: listName })),
    ]).then(
      ([value, pending]) => {
        if (cancelled) return
        setContents(value)
        setDiff(pending.diff)
        setContentsError(null)
      },
      (error: unknown) => !cancelled && setContentsError(toCallError(error)),
    )
    return () => {
      cancelled = true
    }
  }, [active, listName, reload])

  const shownContents = contents && contents.list.name === listName ? contents : null
  const decoded = useMemo(() => {
    if (!shownContents) return null
    try {
      return {
        ok: true as const,
        packed: decodeStatusList(
          { bits: shownContents.list.bits, lst: shownContents.lst },
          { size: shownContents.list.size },
        ).packed,
      }
    } catch (error) {
      return { ok: false as const, error: toCallError(error) }
    }
  }, [shownContents])

  const refresh = useCallback(() => setReload((n) => n + 1), [])
  const pick = useCallback(
    (index: number) =>
      setTarget((text) =>
        text.split(/[\s,;]+/).includes(String(index))
          ? text
          : text.trim()
            ? `${text.trim().replace(/,$/, '')}, ${index}`
            : String(index),
      ),
    [],
  )
  const choose = (name: string) => {
    setSelected(name)
    setCursor(0)
    setTarget('')
  }

  const zoomIndex = zooms.indexOf(zoom)
  const info = shownContents?.list ?? list

  return (
    <ScreenLayout
      container="revocations"
      className={classes.screen}
      header={
        <ScreenHeader
          title="Revocations"
          description="Per key set: Token Status Lists and the signed revocation list (by jti, sub or cutoff). Revoke, review the change, sign and publish."
          actions={
            sets.length > 0 && (
              <>
                <Select
                  size="xs"
                  w={200}
                  data={sets.map((s) => ({ value: s.id, label: s.name }))}
                  value={set?.id ?? null}
                  onChange={(id) => {
                    setSetId(id)
                    setSelected(null)
                    setLists({ status: 'loading' })
                  }}
                  allowDeselect={false}
                  aria-label="Key set"
                  data-testid="revocations-set"
                />
                <Tooltip label="Read again (after changes made with the CLI)">
                  <ActionIcon
                    size="md"
                    variant="subtle"
                    color="gray"
                    onClick={() => (refresh(), inventory.refresh())}
                    aria-label="Refresh"
                    data-testid="revocations-refresh"
                  >
                    <IconRefresh size={16} />
                  </ActionIcon>
                </Tooltip>
              </>
            )
          }
        />
      }
    >
      <LoadedContent
        loading={inventory.state.status === 'loading'}
        data={inventory.data}
        error={inventory.state.status === 'error' ? inventory.state.error : null}
        errorTitle="The key sets could not be read"
      >
        {() =>
          !set ? (
            <ScreenEmpty
              icon={<IconBan size={28} stroke={1.3} color="var(--mantine-color-dimmed)" />}
              title="No key set yet"
              testId="revocations-no-sets"
            >
              <Text fz="sm" c="dimmed" ta="center">
                Status lists belong to a key set and are signed with its active key. Create a set on the Keys screen
                first.
              </Text>
            </ScreenEmpty>
          ) : (
            <div className={classes.body}>
              <Panel
                title="Status lists"
                meta={lists.status === 'ready' ? String(available.length) : undefined}
                actions={
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setCreating(true)}
                    data-testid="new-list"
                  >
                    New list
                  </Button>
                }
                data-testid="status-lists"
              >
                {lists.status === 'loading' ? (
                  <Group justify="center" p="md">
                    <Loader size="xs" />
                  </Group>
                ) : lists.status === 'error' ? (
                  <div style={{ padding: 10 }}>
                    <CallErrorAlert error={lists.error} title="The status lists could not be read" />
                  </div>
                ) : available.length === 0 ? (
                  <Text fz="sm" c="dimmed" p="sm" data-testid="no-lists">
                    {set.name} has no status list yet. Create one, then sign tokens with it (Sign, or{' '}
                    <span className={classes.mono}>signet sign --status-list</span>).
                    {!set.activeKid &&
                      ' The set has no active key: a list can be created, but not signed until a key is activated.'}
                  </Text>
                ) : (
                  <ul className={classes.lists}>
                    {available.map((l) => {
                      const invalid = l.counts['1'] ?? 0
                      const suspended = l.counts['2'] ?? 0
                      return (
                        <li key={l.name}>
                          <button
                            type="button"
                            className={classes.listItem}
                            aria-current={l.name === list?.name}
                            onClick={() => choose(l.name)}
                            data-testid={`list-${l.name}`}
                          >
                            <Group justify="space-between" gap={6} wrap="nowrap">
                              <span className={classes.listName}>{l.name}</span>
                              <Badge size="xs" variant="light" color="gray">
                                {l.bits} bit{l.bits === 1 ? '' : 's'}
                              </Badge>
                            </Group>
                            <div className={classes.listUri} title={l.uri}>
                              {l.uri}
                            </div>
                            <Progress
                              value={(l.allocated / l.size) * 100}
                              size="xs"
                              mt={6}
                              mb={4}
                              aria-label={`${l.allocated} of ${l.size} indexes allocated`}
                            />
                            <Text fz={11} c="dimmed">
                              {l.allocated.toLocaleString('en')} of {l.size.toLocaleString('en')} allocated ·{' '}
                              {invalid.toLocaleString('en')} invalid
                              {l.bits > 1 ? ` · ${suspended.toLocaleString('en')} suspended` : ''}
                            </Text>
                            {l.closedSince && (
                              <Text
                                fz={11}
                                c="orange"
                                title={`Restored from a backup made ${formatUtc(l.closedSince)}`}
                              >
                                Gives out no new indexes: restored from a backup
                              </Text>
                            )}
                          </button>
                        </li>
                      )
                    })}
                  </ul>
                )}
              </Panel>
              <div className={classes.main}>
                {!list ? null : contentsError ? (
                  <CallErrorAlert error={contentsError} title={`Status list ${list.name} could not be read`} />
                ) : !decoded || !info ? (
                  <Group justify="center" p="lg">
                    <Loader size="sm" />
                  </Group>
                ) : !decoded.ok ? (
                  <CallErrorAlert error={decoded.error} title={`The stored statuses of ${list.name} do not decode`} />
                ) : (
                  <>
                    <Panel
                      title="Picture"
                      meta={`${info.size.toLocaleString('en')} indexes · ${Object.entries(info.counts)
                        .map(([status, n]) => `${n.toLocaleString('en')} ${statusLabel(Number(status)).toLowerCase()}`)
                        .join(' · ')}`}
                      data-testid="list-picture"
                    >
                      <div className={classes.toolbar}>
                        <SegmentedControl
                          size="xs"
                          value={filter}
                          onChange={(v) => setFilter(v as StatusFilter)}
                          data={statusFilters}
                          aria-label="Show"
                          data-testid="grid-filter"
                        />
                        <Group gap={2} ml="auto" wrap="nowrap">
                          <Tooltip label="Zoom out">
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              disabled={zoomIndex <= 0}
                              onClick={() => setZoom(zooms[zoomIndex - 1]!)}
                              aria-label="Zoom out"
                              data-testid="zoom-out"
                            >
                              <IconZoomOut size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Text fz="xs" w={44} ta="center" aria-live="polite" data-testid="zoom-level">
                            {zoom} px
                          </Text>
                          <Tooltip label="Zoom in">
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              disabled={zoomIndex >= zooms.length - 1}
                              onClick={() => setZoom(zooms[zoomIndex + 1]!)}
                              aria-label="Zoom in"
                              data-testid="zoom-in"
                            >
                              <IconZoomIn size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                        <NumberInput
                          size="xs"
                          w={130}
                          min={0}
                          max={info.size - 1}
                          placeholder="Go to index"
                          aria-label="Go to index"
                          hideControls
                          onKeyDown={(event) => {
                            if (event.key !== 'Enter') return
                            const value = Number(event.currentTarget.value.replace(/,/g, ''))
                            if (Number.isInteger(value) && value >= 0 && value < info.size) setCursor(value)
                          }}
                          data-testid="grid-goto"
                        />
                      </div>
                      <StatusGrid
                        statuses={decoded.packed}
                        notes={shownContents!.notes}
                        filter={filter}
                        cell={zoom}
                        cursor={Math.min(cursor, info.size - 1)}
                        onCursor={setCursor}
                        onPick={pick}
                      />
                      <div className={classes.legend} aria-label="Colours">
                        {cellKinds.map((kind) => (
                          <span key={kind}>
                            <i
                              className={classes.swatch}
                              style={{ background: `var(${cellColorVar[kind]})` }}
                              aria-hidden
                            />
                            {cellLabel[kind]}
                          </span>
                        ))}
                      </div>
                    </Panel>
                    <div className={classes.twoColumns}>
                      <BulkEdit list={info} target={target} onTarget={setTarget} onChanged={refresh} />
                      <ExportPanel list={info} diff={diff} onExported={refresh} />
                    </div>
                    <ListSettings list={info} set={set} onChanged={refresh} />
                    <ListHistory
                      set={set.name}
                      list={info.name}
                      revision={`${info.revision}:${info.lastExportAt ?? ''}:${reload}`}
                    />
                  </>
                )}
                <LegacyRevocationList key={`${set.name}:${reload}`} set={set.name} active={active} />
              </div>
            </div>
          )
        }
      </LoadedContent>
      {creating && set && (
        <CreateListModal
          set={set.name}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false)
            choose(created.name)
            refresh()
          }}
        />
      )}
    </ScreenLayout>
  )
}
