import { Alert, Badge, Button, Group, Loader, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle, IconFolder, IconPlus, IconRefresh, IconSend, IconTrash } from '@tabler/icons-react'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { AuditListResult } from '#shared/contract'
import type { SerializedError } from '#shared/errors'
import type {
  PublishPlan,
  PublishProgress,
  PublishResult,
  TargetInfo,
  TargetPlan,
  TargetPublishResult,
} from '#shared/publishing/results'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc } from '../../components/format-time'
import { Panel } from '../../components/panel'
import classes from './jwks.module.css'
import { usePublishProgress } from './use-publish-progress'
import { holdsNow } from './holds-now'

type Load<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: SerializedError }

/**
 * Publishing a set's JWKS: its targets with what they hold now (read back by the plan, never taken
 * from Signet's memory) and their last publish, the plan (diff + a verdict per change, refused
 * changes with their reason and safe date), Publish with a row per target, "force with a reason"
 * for refusals that may be overridden, and the history from the audit log. Folders come from main's
 * own dialog; a command target is confirmed by main itself, showing the command.
 */
export function PublishPanel({ set, revision }: { set: string; revision: number }) {
  const [targets, setTargets] = useState<Load<TargetInfo[]>>({ status: 'loading' })
  const [plan, setPlan] = useState<Load<PublishPlan> | null>(null)
  const [history, setHistory] = useState<Load<AuditListResult>>({ status: 'loading' })
  const [publishing, setPublishing] = useState(false)
  const [outcome, setOutcome] = useState<{ result: PublishResult } | { error: SerializedError } | null>(null)
  const [reason, setReason] = useState('')
  const [tick, setTick] = useState(0)
  const refresh = useCallback(() => setTick((t) => t + 1), [])
  const { progress, reset: resetProgress } = usePublishProgress(set)
  // Publishes started so far, and how many had started when the shown plan was read: a plan read
  // before the latest publish is older than that publish's results (see holds-now.ts).
  const publishesRef = useRef(0)
  const [publishes, setPublishes] = useState(0)
  const [planReadAfter, setPlanReadAfter] = useState(0)

  useEffect(() => {
    let cancelled = false
    call((api) => api.jwks.targets({ set })).then(
      (value) => {
        if (cancelled) return
        setTargets({ status: 'ready', value })
        if (value.length === 0) return setPlan(null)
        setPlan({ status: 'loading' })
        const readAfter = publishesRef.current
        call((api) => api.jwks.plan({ set })).then(
          (p) => {
            if (cancelled) return
            setPlan({ status: 'ready', value: p })
            setPlanReadAfter(readAfter)
          },
          (error: unknown) => !cancelled && setPlan({ status: 'error', error: toCallError(error) }),
        )
      },
      (error: unknown) => !cancelled && setTargets({ status: 'error', error: toCallError(error) }),
    )
    call((api) =>
      api.audit.list({
        actions: ['jwks.publish', 'jwks.target-add', 'jwks.target-remove'],
        set,
        order: 'newest',
        limit: 20,
      }),
    ).then(
      (value) => !cancelled && setHistory({ status: 'ready', value }),
      (error: unknown) => !cancelled && setHistory({ status: 'error', error: toCallError(error) }),
    )
    return () => {
      cancelled = true
    }
  }, [set, revision, tick])

  const publish = async (force: boolean) => {
    resetProgress()
    publishesRef.current += 1
    setPublishes(publishesRef.current)
    setPublishing(true)
    setOutcome(null)
    try {
      const result = await call((api) => api.jwks.publish(force ? { set, force: true, reason } : { set }))
      setOutcome({ result })
      setReason('')
    } catch (error) {
      setOutcome({ error: toCallError(error) })
    } finally {
      setPublishing(false)
      refresh()
    }
  }

  const list = targets.status === 'ready' ? targets.value : []
  const ready = plan?.status === 'ready' ? plan.value : null
  const forceable = ready !== null && !ready.ok && ready.targets.every((t) => t.refusals.every((r) => r.forceable))
  const results = outcome && 'result' in outcome ? outcome.result.targets : []

  return (
    <>
      <Panel
        title="Publish targets"
        meta={targets.status === 'ready' ? `${list.length} target${list.length === 1 ? '' : 's'}` : undefined}
        actions={
          <Button
            size="xs"
            variant="subtle"
            color="gray"
            leftSection={<IconRefresh size={14} />}
            onClick={refresh}
            data-testid="targets-refresh"
          >
            Read back
          </Button>
        }
        data-testid="jwks-targets"
      >
        {targets.status === 'loading' ? (
          <Loader size="xs" m="sm" />
        ) : targets.status === 'error' ? (
          <CallErrorAlert error={targets.error} title="The targets could not be read" />
        ) : (
          <>
            {list.length === 0 && (
              <Text fz="sm" c="dimmed" p="sm">
                No targets: Signet cannot know where this JWKS is served, so it cannot guard activations by publication.
                Add a folder, a git repository or your own command.
              </Text>
            )}
            <ul className={classes.list}>
              {list.map((target) => (
                <TargetRow
                  key={target.id}
                  set={set}
                  target={target}
                  plan={ready?.targets.find((p) => p.target === target.name) ?? null}
                  planning={plan?.status === 'loading'}
                  publishing={publishing}
                  result={results.find((r) => r.target === target.name) ?? null}
                  planPredatesPublish={planReadAfter < publishes}
                  progress={progress.get(target.name) ?? null}
                  onRemoved={refresh}
                />
              ))}
            </ul>
            <AddTarget set={set} onAdded={refresh} />
          </>
        )}
      </Panel>
      {list.length > 0 && (
        <Panel
          title="Publish plan"
          meta={
            ready
              ? ready.ok
                ? ready.targets.every((t) => t.upToDate)
                  ? 'every target up to date'
                  : 'safe to publish'
                : 'refused changes'
              : undefined
          }
          actions={
            <Button
              size="xs"
              leftSection={<IconSend size={14} />}
              onClick={() => void publish(false)}
              loading={publishing}
              disabled={!ready || !ready.ok}
              data-testid="publish"
            >
              Publish
            </Button>
          }
          data-testid="jwks-plan"
        >
          {plan?.status === 'error' ? (
            <CallErrorAlert error={plan.error} title="The plan could not be made" />
          ) : !ready ? (
            <Loader size="xs" m="sm" />
          ) : (
            <Stack gap={8} p="sm">
              {ready.targets.map((target) => (
                <PlanTarget key={target.target} plan={target} />
              ))}
              {!ready.ok && forceable && (
                <Group align="flex-end" gap={8} data-testid="force-publish">
                  <TextInput
                    size="xs"
                    style={{ flex: 1, minWidth: 200 }}
                    label="Force with a reason (recorded in the audit log)"
                    placeholder="why the refused change must go out now"
                    value={reason}
                    onChange={(event) => setReason(event.currentTarget.value)}
                    data-testid="force-reason"
                  />
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    leftSection={<IconAlertTriangle size={14} />}
                    disabled={reason.trim().length < 4 || publishing}
                    onClick={() => void publish(true)}
                    data-testid="force-publish-button"
                  >
                    Force publish
                  </Button>
                </Group>
              )}
              {!ready.ok && !forceable && (
                <Text fz="xs" c="red">
                  A refusal here cannot be forced: fix the set first.
                </Text>
              )}
            </Stack>
          )}
          {outcome && 'error' in outcome && <CallErrorAlert error={outcome.error} title="Nothing was published" />}
        </Panel>
      )}
      <Panel title="Publish history" meta="from the audit log" data-testid="jwks-history">
        {history.status === 'loading' ? (
          <Loader size="xs" m="sm" />
        ) : history.status === 'error' ? (
          <CallErrorAlert error={history.error} title="The audit log could not be read" />
        ) : history.value.entries.length === 0 ? (
          <Text fz="sm" c="dimmed" p="sm">
            Nothing published from Signet yet.
          </Text>
        ) : (
          <ul className={classes.list}>
            {history.value.entries.map((entry) => (
              <li key={entry.seq} className={classes.wrapRow} data-testid="history-entry">
                <Text fz={11} c="dimmed" className={classes.mono}>
                  {formatUtc(entry.at)}
                </Text>
                <Badge size="xs" variant="light" color={entry.details.forced ? 'red' : 'gray'}>
                  {entry.action.replace('jwks.', '')}
                </Badge>
                <span className={classes.mono}>{String(entry.details.target ?? '')}</span>
                {entry.action === 'jwks.publish' && (
                  <Text fz={11} className={classes.mono}>
                    {entry.details.upToDate
                      ? 'up to date'
                      : `+${String(entry.details.added || '—')} −${String(entry.details.removed || '—')}`}{' '}
                    · sha256 {String(entry.details.sha256).slice(0, 12)}…
                    {entry.details.forced ? ` · forced: ${String(entry.details.reason)}` : ''}
                  </Text>
                )}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  )
}

function TargetRow({
  set,
  target,
  plan,
  planning,
  publishing,
  result: finalResult,
  progress,
  planPredatesPublish,
  onRemoved,
}: {
  set: string
  target: TargetInfo
  plan: TargetPlan | null
  planning: boolean
  publishing: boolean
  result: TargetPublishResult | null
  /** this target's latest event in the current (or last) publish */
  progress: PublishProgress | null
  /** the plan was read before the latest publish: this target's result, if any, is newer than its read-back */
  planPredatesPublish: boolean
  onRemoved: () => void
}) {
  // The row follows the publish as main reports it: waiting, publishing, then its own result (or
  // failed / not attempted) as soon as this target is done, before the others finish.
  const result = finalResult ?? (progress?.status === 'published' ? progress.result : null)
  const held = holdsNow(plan, planPredatesPublish ? result : null)
  const [error, setError] = useState<SerializedError | null>(null)
  const where =
    target.config.kind === 'dir'
      ? `${target.config.root}/${target.config.jwksPath}`
      : target.config.kind === 'git'
        ? `${target.config.repo} ${target.config.branch}:${target.config.path}`
        : target.config.command
  const remove = () =>
    call((api) => api.jwks.removeTarget({ set, name: target.name })).then(onRemoved, (e: unknown) =>
      setError(toCallError(e)),
    )
  return (
    <li className={classes.wrapRow} data-testid={`target-${target.name}`}>
      <Group gap={6} wrap="nowrap" style={{ width: '100%' }}>
        <span className={classes.kid}>{target.name}</span>
        <Badge size="xs" variant="outline" color="gray">
          {target.config.kind}
        </Badge>
        {result ? (
          <Badge size="xs" color={result.forced ? 'red' : 'green'} data-testid="target-result">
            {result.upToDate ? 'up to date' : `published +${result.added.length} −${result.removed.length}`}
          </Badge>
        ) : progress?.status === 'failed' ? (
          <Badge size="xs" color="red" title={progress.error.message} data-testid="target-result">
            failed ({progress.error.code})
          </Badge>
        ) : progress?.status === 'skipped' ? (
          <Badge size="xs" color="gray" variant="light" data-testid="target-result">
            not attempted
          </Badge>
        ) : progress?.status === 'started' ? (
          <Group gap={4} data-testid="target-progress">
            <Loader size={12} />
            <Text fz={11}>publishing…</Text>
          </Group>
        ) : publishing ? (
          <Text fz={11} c="dimmed" data-testid="target-progress">
            waiting…
          </Text>
        ) : planning ? (
          <Loader size={12} />
        ) : plan ? (
          <Badge
            size="xs"
            variant="light"
            color={plan.upToDate ? 'green' : plan.ok ? 'blue' : 'red'}
            data-testid="target-state"
          >
            {plan.upToDate ? 'up to date' : plan.ok ? 'changes to publish' : 'refused'}
          </Badge>
        ) : null}
        <Button
          size="compact-xs"
          variant="subtle"
          color="gray"
          onClick={() => void remove()}
          aria-label={`Forget target ${target.name}`}
          data-testid="target-remove"
        >
          <IconTrash size={13} />
        </Button>
      </Group>
      <Text fz={11} className={classes.mono} c="dimmed">
        {where}
      </Text>
      <Text fz={11} c="dimmed" data-testid="target-published">
        {held
          ? `holds now: ${held.kids.length ? held.kids.join(', ') : 'nothing'}${held.justPublished ? ' (just published)' : plan?.source === 'last-publish' ? ' (as last written: no read command)' : ''}`
          : ''}
        {held?.justPublished
          ? ' · last publish just now'
          : target.lastPublish
            ? ` · last publish ${formatUtc(target.lastPublish.at)}${target.lastPublish.forced ? ' (forced)' : ''}`
            : ' · never published'}
      </Text>
      {result?.command && (
        <Text fz={11} className={classes.mono}>
          exit {result.command.exitCode} {(result.command.stdout + result.command.stderr).trim().slice(0, 300)}
        </Text>
      )}
      {error && <CallErrorAlert error={error} title="The target could not be removed" />}
    </li>
  )
}

function PlanTarget({ plan }: { plan: TargetPlan }) {
  const removalReasons = new Set(plan.diff.removed.map((key) => key.reason))
  return (
    <div className={classes.planTarget} data-testid={`plan-${plan.target}`}>
      <Text fz="sm" fw={600}>
        {plan.target}{' '}
        <Text span fz="xs" c={plan.ok ? 'dimmed' : 'red'}>
          {plan.upToDate ? 'up to date' : plan.ok ? 'safe to publish' : 'refused'}
        </Text>
      </Text>
      <ul className={classes.changes}>
        {plan.diff.added.map((key) => (
          <li key={`+${key.thumbprint}`} data-change="added">
            <Badge size="xs" color="green" variant="light">
              add
            </Badge>
            <span className={classes.mono}>{key.kid ?? key.thumbprint}</span>
            <Text fz={11} c="dimmed">
              {key.alg ?? key.kty} · safe: new keys may be published at any time
            </Text>
          </li>
        ))}
        {plan.diff.removed.map((key) => (
          <li key={`-${key.thumbprint}`} data-change="removed" data-verdict={key.verdict}>
            <Badge
              size="xs"
              color={key.verdict === 'safe' ? 'gray' : 'red'}
              variant={key.verdict === 'safe' ? 'light' : 'filled'}
            >
              {key.verdict === 'safe' ? 'remove' : `remove: ${key.verdict}`}
            </Badge>
            <span className={classes.mono}>{key.kid ?? key.thumbprint}</span>
            <Text fz={11} c={key.verdict === 'safe' ? 'dimmed' : undefined} data-testid="removal-reason">
              {key.reason}
            </Text>
          </li>
        ))}
        {plan.diff.changed.map((change) => (
          <li key={`~${change.kid}`} data-change="changed">
            <Badge size="xs" color={change.kind === 'key' ? 'red' : 'yellow'} variant="light">
              {change.kind === 'key' ? 'key changed' : 'members changed'}
            </Badge>
            <span className={classes.mono}>{change.kid}</span>
            <Text fz={11} c="dimmed">
              {change.kind === 'key'
                ? 'never allowed: the same kid must always name the same key'
                : change.members.join(', ')}
            </Text>
          </li>
        ))}
        {plan.diff.added.length + plan.diff.removed.length + plan.diff.changed.length === 0 && (
          <li>
            <Text fz={11} c="dimmed">
              no key changes{plan.upToDate ? '' : ' (the bytes differ: formatting or member order)'}
            </Text>
          </li>
        )}
      </ul>
      {plan.refusals.map((refusal, i) => (
        <Alert key={i} color="red" variant="light" py={6} mt={4} data-testid="plan-refusal">
          {/* A refusal that only repeats a removal's reason (shown on its key above) says what can be done. */}
          <Text fz="xs">
            {removalReasons.has(refusal.message) ? 'This removal is refused until then.' : refusal.message}{' '}
            {refusal.forceable ? 'It can be forced with a reason.' : 'It cannot be forced.'}
          </Text>
        </Alert>
      ))}
    </div>
  )
}

/** Adding a target: a folder (main's dialog chooses it) or a command (main asks the user itself). */
function AddTarget({ set, onAdded }: { set: string; onAdded: () => void }) {
  const [open, setOpen] = useState(false)
  const [kind, setKind] = useState<'dir' | 'git' | 'command'>('dir')
  const [name, setName] = useState('')
  const [folder, setFolder] = useState<{ handle: string; path: string } | null>(null)
  const [command, setCommand] = useState('')
  const [readCommand, setReadCommand] = useState('')
  const [openid, setOpenid] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)

  const choose = async () => {
    if (kind === 'command') return
    setError(null)
    try {
      const choice = await call((api) => api.dialog.choosePublishFolder({ kind }))
      if (choice.handle !== null) setFolder({ handle: choice.handle, path: choice.path })
    } catch (e) {
      setError(toCallError(e))
    }
  }
  const add = async () => {
    setBusy(true)
    setError(null)
    try {
      if (kind === 'command')
        await call((api) => api.jwks.addTarget({ set, name, kind, command, readCommand: readCommand.trim() || null }))
      else if (folder && kind === 'dir')
        await call((api) => api.jwks.addTarget({ set, name, kind, folder: folder.handle, openidConfiguration: openid }))
      else if (folder) await call((api) => api.jwks.addTarget({ set, name, kind: 'git', folder: folder.handle }))
      setOpen(false)
      setName('')
      setFolder(null)
      setCommand('')
      setReadCommand('')
      onAdded()
    } catch (e) {
      setError(toCallError(e))
    } finally {
      setBusy(false)
    }
  }

  if (!open) {
    return (
      <Group p="xs">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPlus size={14} />}
          onClick={() => setOpen(true)}
          data-testid="add-target"
        >
          Add target…
        </Button>
      </Group>
    )
  }
  return (
    <Stack gap={8} p="sm" className={classes.addTarget} data-testid="add-target-form">
      <SegmentedControl
        size="xs"
        value={kind}
        onChange={(value) => {
          setKind(value as typeof kind)
          setFolder(null)
        }}
        data={[
          { value: 'dir', label: 'Folder' },
          { value: 'git', label: 'Git repository' },
          { value: 'command', label: 'Command' },
        ]}
        aria-label="Target kind"
      />
      <TextInput
        size="xs"
        label="Name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        placeholder="site"
        data-testid="target-name"
      />
      {kind === 'command' ? (
        <>
          <TextInput
            size="xs"
            label="Command (gets the JWKS on stdin and SIGNET_JWKS_FILE)"
            value={command}
            onChange={(e) => setCommand(e.currentTarget.value)}
            className={classes.mono}
            data-testid="target-command"
          />
          <TextInput
            size="xs"
            label="Read command (optional: prints what is published now)"
            value={readCommand}
            onChange={(e) => setReadCommand(e.currentTarget.value)}
            data-testid="target-read-command"
          />
          <Text fz={11} c="dimmed">
            Signet will ask you to confirm the exact command before it is stored: it runs with your rights on every
            publish.
          </Text>
        </>
      ) : (
        <>
          <Group gap={8}>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconFolder size={14} />}
              onClick={() => void choose()}
              data-testid="choose-folder"
            >
              {kind === 'git' ? 'Choose repository…' : 'Choose folder…'}
            </Button>
            <Text fz={11} className={classes.mono} data-testid="chosen-folder">
              {folder?.path ?? 'none chosen'}
            </Text>
          </Group>
          {kind === 'dir' && (
            <Switch
              size="xs"
              label="Also write .well-known/openid-configuration"
              checked={openid}
              onChange={(e) => setOpenid(e.currentTarget.checked)}
            />
          )}
        </>
      )}
      {error && <CallErrorAlert error={error} title="The target was not added" />}
      <Group gap={8}>
        <Button
          size="xs"
          onClick={() => void add()}
          loading={busy}
          disabled={!name || (kind === 'command' ? !command.trim() : !folder)}
          data-testid="add-target-confirm"
        >
          Add target
        </Button>
        <Button size="xs" variant="subtle" color="gray" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </Group>
    </Stack>
  )
}
