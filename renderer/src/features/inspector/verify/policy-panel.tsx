import {
  Button,
  Checkbox,
  FileButton,
  Group,
  Menu,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { IconChevronDown, IconDeviceFloppy, IconDownload, IconFileImport, IconTrash } from '@tabler/icons-react'
import { memo, useState } from 'react'
import { SignetError, type SerializedError } from '#shared/errors'
import { jwsAlgorithmNames } from '#shared/key-material/algorithms'
import { parsePolicyJson, serializePolicy, type Policy } from '#shared/validation-policy/policy'
import { formatRelative } from '#shared/time/relative'
import { SignetCallError } from '../../../api'
import { keyTextFromFile } from './key-input'
import {
  formatEvaluationInput,
  parseEvaluationInput,
  policyForExport,
  policyToDraft,
  type DraftField,
  type Evaluation,
  type PolicyDraft,
} from './policy-draft'
import type { SavedPolicies } from './use-saved-policies'
import classes from './verify.module.css'

/**
 * The policy panel: what a token must satisfy besides a good signature. Every field maps to one
 * member of the policy JSON the CLI's --policy reads; named policies are saved in Signet's store,
 * and exported or imported as that same JSON.
 */

export interface PolicyPanelProps {
  draft: PolicyDraft
  onDraft: (draft: PolicyDraft) => void
  errors: Partial<Record<DraftField, string>>
  /** the last valid policy built from the draft */
  policy: Policy
  evaluation: Evaluation
  onEvaluation: (evaluation: Evaluation) => void
  /**
   * the present (seconds) while the evaluation time is fixed, for its "in 5 minutes" label; null
   * while it follows the clock, so a keystroke in the token editor (which re-reads the clock) does
   * not re-render this panel
   */
  now: number | null
  saved: SavedPolicies
  /** the algorithms that fit the key at hand, for the placeholder */
  fittingAlgorithms: readonly string[]
}

/** Memoised: typing a token or dragging the timeline cursor changes nothing here. */
export const PolicyPanel = memo(function PolicyPanel({
  draft,
  onDraft,
  errors,
  policy,
  evaluation,
  onEvaluation,
  now,
  saved,
  fittingAlgorithms,
}: PolicyPanelProps) {
  const [problem, setProblem] = useState<SerializedError | null>(null)
  const [saveOpen, setSaveOpen] = useState(false)
  const [exportOpen, setExportOpen] = useState(false)
  const [pasteOpen, setPasteOpen] = useState(false)

  const load = (next: Policy) => {
    onDraft(policyToDraft(next))
    if (next.at !== undefined) {
      const parsed = parseEvaluationInput(String(next.at))
      if ('at' in parsed) onEvaluation({ mode: 'fixed', at: parsed.at })
    }
    setProblem(null)
  }
  const importFile = async (file: File | null) => {
    if (!file) return
    try {
      load(parsePolicyJson(keyTextFromFile(file.name, new Uint8Array(await file.arrayBuffer())), file.name))
    } catch (error) {
      setProblem(
        error instanceof SignetError
          ? error.toJSON()
          : { code: 'ERR_POLICY_INVALID', message: `${file.name} could not be read as a policy.` },
      )
    }
  }

  const list = saved.state.status === 'ready' ? saved.state.list : null
  const names = list?.policies.map((p) => p.name) ?? []
  const current = names.includes(draft.name.trim()) ? draft.name.trim() : null

  return (
    <div className={classes.policyPanel} data-testid="policy-panel">
      <div className={classes.policyBar}>
        <Select
          size="xs"
          placeholder={names.length ? 'Load a saved policy' : 'No saved policies'}
          data={names}
          value={current}
          onChange={(name) => {
            const found = list?.policies.find((p) => p.name === name)
            if (found) load(found.policy)
          }}
          disabled={names.length === 0}
          allowDeselect={false}
          aria-label="Saved policies"
          className={classes.policySelect}
          comboboxProps={{ withinPortal: true }}
          data-testid="saved-policies"
        />
        <Button
          size="compact-xs"
          variant="default"
          leftSection={<IconDeviceFloppy size={12} />}
          onClick={() => setSaveOpen(true)}
          data-testid="policy-save"
        >
          Save…
        </Button>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              size="compact-xs"
              variant="default"
              rightSection={<IconChevronDown size={12} />}
              data-testid="policy-json-menu"
            >
              JSON
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <FileButton onChange={(file) => void importFile(file)} accept=".json,application/json">
              {(props) => (
                <Menu.Item leftSection={<IconFileImport size={14} />} {...props} data-testid="policy-import-file">
                  Import from file…
                </Menu.Item>
              )}
            </FileButton>
            <Menu.Item onClick={() => setPasteOpen(true)} data-testid="policy-import-paste">
              Import pasted JSON…
            </Menu.Item>
            <Menu.Item
              leftSection={<IconDownload size={14} />}
              onClick={() => setExportOpen(true)}
              data-testid="policy-export"
            >
              Export…
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        {current && (
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={12} />}
            onClick={() =>
              saved.remove(current).then(
                () => setProblem(null),
                (error: unknown) =>
                  setProblem(
                    error instanceof SignetCallError
                      ? error.toJSON()
                      : { code: 'ERR_INTERNAL', message: 'The policy could not be deleted.' },
                  ),
              )
            }
            data-testid="policy-delete"
          >
            Delete
          </Button>
        )}
      </div>
      {saved.state.status === 'error' && <ProblemLine error={saved.state.error} />}
      {list?.unreadable.map((entry) => (
        <ProblemLine key={entry.name} error={{ code: 'ERR_POLICY_INVALID', message: entry.message }} />
      ))}
      {problem && <ProblemLine error={problem} />}

      <PolicyFields draft={draft} onDraft={onDraft} errors={errors} fittingAlgorithms={fittingAlgorithms} />
      {errors.name && <ProblemLine error={{ code: 'ERR_POLICY_INVALID', message: errors.name }} />}
      <EvaluationField evaluation={evaluation} onEvaluation={onEvaluation} now={now} />

      <SaveModal
        opened={saveOpen}
        onClose={() => setSaveOpen(false)}
        draft={draft}
        policy={policy}
        evaluation={evaluation}
        saved={saved}
        onSaved={(name) => onDraft({ ...draft, name })}
        existing={names}
      />
      <ExportModal opened={exportOpen} onClose={() => setExportOpen(false)} policy={policy} evaluation={evaluation} />
      <PasteModal
        opened={pasteOpen}
        onClose={() => setPasteOpen(false)}
        onImport={(next) => {
          load(next)
          setPasteOpen(false)
        }}
      />
    </div>
  )
})

interface PolicyFieldsProps {
  draft: PolicyDraft
  onDraft: (draft: PolicyDraft) => void
  errors: Partial<Record<DraftField, string>>
  fittingAlgorithms: readonly string[]
}

/** Memoised apart from the evaluation time, which the timeline cursor changes many times a second. */
const PolicyFields = memo(function PolicyFields({ draft, onDraft, errors, fittingAlgorithms }: PolicyFieldsProps) {
  const set = <K extends DraftField>(field: K, value: PolicyDraft[K]) => onDraft({ ...draft, [field]: value })
  return (
    <>
      <MultiSelect
        size="xs"
        label="Allowed algorithms"
        description={'Empty: exactly the algorithms that fit the key. "none" is never allowed.'}
        placeholder={
          fittingAlgorithms.length
            ? `Those that fit the key (${fittingAlgorithms.join(', ')})`
            : 'Those that fit the key'
        }
        data={jwsAlgorithmNames}
        value={draft.algorithms}
        onChange={(value) => set('algorithms', value)}
        clearable
        searchable
        comboboxProps={{ withinPortal: true }}
        data-testid="policy-algorithms"
      />
      <TagsInput
        size="xs"
        label="Expected issuer (iss)"
        description="The token’s iss must be one of these."
        placeholder="https://issuer.example — Enter to add"
        value={draft.issuer}
        onChange={(value) => set('issuer', value)}
        error={errors.issuer}
        clearable
        data-testid="policy-issuer"
      />
      <TagsInput
        size="xs"
        label="Expected audience (aud)"
        description="The token’s aud must name at least one."
        placeholder="api://orders — Enter to add"
        value={draft.audience}
        onChange={(value) => set('audience', value)}
        error={errors.audience}
        clearable
        data-testid="policy-audience"
      />
      <div className={classes.fieldRow}>
        <TextInput
          size="xs"
          label="Subject (sub)"
          placeholder="any"
          value={draft.subject}
          onChange={(event) => set('subject', event.currentTarget.value)}
          error={errors.subject}
          data-testid="policy-subject"
        />
        <TextInput
          size="xs"
          label="Type (typ)"
          placeholder="any, e.g. at+jwt"
          value={draft.typ}
          onChange={(event) => set('typ', event.currentTarget.value)}
          error={errors.typ}
          data-testid="policy-typ"
        />
      </div>
      <TagsInput
        size="xs"
        label="Required claims"
        placeholder="jti, scope — Enter to add"
        value={draft.requiredClaims}
        onChange={(value) => set('requiredClaims', value)}
        error={errors.requiredClaims}
        clearable
        data-testid="policy-required"
      />
      <div className={classes.fieldRow3}>
        <TextInput
          size="xs"
          label="Max token age"
          placeholder="none, e.g. 1h"
          value={draft.maxTokenAge}
          onChange={(event) => set('maxTokenAge', event.currentTarget.value)}
          error={errors.maxTokenAge}
          data-testid="policy-max-age"
        />
        <TextInput
          size="xs"
          label="Max lifetime"
          placeholder="none, e.g. 15m"
          value={draft.maxLifetime}
          onChange={(event) => set('maxLifetime', event.currentTarget.value)}
          error={errors.maxLifetime}
          data-testid="policy-max-lifetime"
        />
        <TextInput
          size="xs"
          label="Clock skew"
          placeholder="1m"
          value={draft.clockSkew}
          onChange={(event) => set('clockSkew', event.currentTarget.value)}
          error={errors.clockSkew}
          data-testid="policy-clock-skew"
        />
        <Select
          size="xs"
          label="Future iat"
          description="An iat beyond the clock skew in the future"
          data={[
            { value: 'reject', label: 'Reject' },
            { value: 'warn', label: 'Warn' },
            { value: 'ignore', label: 'Ignore' },
          ]}
          value={draft.futureIat}
          onChange={(value) => set('futureIat', (value ?? 'reject') as PolicyDraft['futureIat'])}
          allowDeselect={false}
          data-testid="policy-future-iat"
        />
        <TextInput
          size="xs"
          label="Min HMAC secret (bytes)"
          placeholder="RFC 7518: 32/48/64"
          value={draft.minHmacKeyBytes}
          onChange={(event) => set('minHmacKeyBytes', event.currentTarget.value)}
          error={errors.minHmacKeyBytes}
          data-testid="policy-min-hmac"
        />
      </div>
      <Text fz={11} c="dimmed" mt={-4}>
        Durations: 90s, 15m, 1h30m, 7d, or a number of seconds.
      </Text>
    </>
  )
})

function EvaluationField({
  evaluation,
  onEvaluation,
  now,
}: {
  evaluation: Evaluation
  onEvaluation: (e: Evaluation) => void
  now: number | null
}) {
  // What the user is typing, while they type; otherwise the field shows the evaluation time itself
  // (which the timeline cursor also moves).
  const [typing, setTyping] = useState<string | null>(null)
  const shown = typing ?? (evaluation.mode === 'fixed' ? formatEvaluationInput(evaluation.at) : '')
  const parsed = typing !== null && typing.trim() ? parseEvaluationInput(typing) : null
  return (
    <div className={classes.evaluation} data-testid="evaluation-field">
      <Group gap={8} align="flex-end" wrap="nowrap">
        <div style={{ flex: 'none' }}>
          <Text fz="xs" fw={500} mb={4} id="evaluation-label">
            Evaluation time
          </Text>
          <SegmentedControl
            size="xs"
            value={evaluation.mode}
            onChange={(mode) =>
              onEvaluation(mode === 'now' ? { mode: 'now' } : { mode: 'fixed', at: Math.round(Date.now() / 1000) })
            }
            data={[
              { value: 'now', label: 'Now' },
              { value: 'fixed', label: 'Fixed' },
            ]}
            aria-labelledby="evaluation-label"
            data-testid="evaluation-mode"
          />
        </div>
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          aria-label="Evaluation time (ISO 8601 with a zone, or UNIX seconds)"
          placeholder={evaluation.mode === 'now' ? 'follows the clock' : '2026-03-01T09:14:00Z'}
          disabled={evaluation.mode === 'now'}
          value={shown}
          onChange={(event) => {
            const value = event.currentTarget.value
            setTyping(value)
            const result = value.trim() ? parseEvaluationInput(value) : null
            if (result && 'at' in result) onEvaluation({ mode: 'fixed', at: result.at })
          }}
          onBlur={() => setTyping(null)}
          error={parsed && 'error' in parsed ? parsed.error : undefined}
          data-testid="evaluation-input"
        />
      </Group>
      <Text fz={11} c="dimmed" mt={4}>
        {evaluation.mode === 'now'
          ? 'The token is judged at the current time. Drag the timeline cursor, or type a time, to judge it at another instant.'
          : `The token is judged at this instant (${formatRelative(evaluation.at, now ?? evaluation.at)}), as a verifier with the policy’s clock skew would.`}
      </Text>
    </div>
  )
}

interface SaveProps {
  onClose: () => void
  draft: PolicyDraft
  policy: Policy
  evaluation: Evaluation
  saved: SavedPolicies
  onSaved: (name: string) => void
  existing: string[]
}

function SaveModal({ opened, ...props }: SaveProps & { opened: boolean }) {
  return (
    <Modal opened={opened} onClose={props.onClose} title="Save this policy" size="md">
      {opened && <SaveForm {...props} />}
    </Modal>
  )
}

/** Mounted on each opening, so it starts from the policy's current name. */
function SaveForm({ onClose, draft, policy, evaluation, saved, onSaved, existing }: SaveProps) {
  const [name, setName] = useState(draft.name)
  const [description, setDescription] = useState(draft.description)
  const [includeAt, setIncludeAt] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [busy, setBusy] = useState(false)
  const replacing = existing.includes(name.trim())
  const submit = async () => {
    setBusy(true)
    try {
      const named: Policy = {
        ...policyForExport(policy, { includeAt: includeAt && evaluation.mode === 'fixed' ? evaluation.at : null }),
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      }
      const result = await saved.save(named, replacing)
      onSaved(result.name)
      setError(null)
      onClose()
    } catch (caught) {
      setError(
        caught instanceof SignetCallError
          ? caught.toJSON()
          : { code: 'ERR_INTERNAL', message: 'The policy could not be saved.' },
      )
    } finally {
      setBusy(false)
    }
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
      className={classes.modalForm}
    >
      <TextInput
        size="sm"
        label="Name"
        placeholder="prod API — access tokens"
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        data-autofocus
        required
        data-testid="policy-save-name"
      />
      <Textarea
        size="sm"
        label="Description"
        placeholder="What tokens this policy is for"
        value={description}
        onChange={(event) => setDescription(event.currentTarget.value)}
        autosize
        minRows={2}
      />
      {evaluation.mode === 'fixed' && (
        <Checkbox
          size="xs"
          label={`Save the evaluation time too (${formatEvaluationInput(evaluation.at)})`}
          checked={includeAt}
          onChange={(event) => setIncludeAt(event.currentTarget.checked)}
        />
      )}
      {replacing && (
        <Text fz="xs" c="var(--signet-warning)">
          A policy named “{name.trim()}” is already saved; saving replaces it.
        </Text>
      )}
      {error && <ProblemLine error={error} />}
      <Group justify="flex-end" gap={8}>
        <Button variant="default" size="xs" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" size="xs" loading={busy} disabled={!name.trim()} data-testid="policy-save-confirm">
          {replacing ? 'Replace' : 'Save'}
        </Button>
      </Group>
    </form>
  )
}

function ExportModal({
  opened,
  onClose,
  policy,
  evaluation,
}: {
  opened: boolean
  onClose: () => void
  policy: Policy
  evaluation: Evaluation
}) {
  const [includeAt, setIncludeAt] = useState(false)
  const json = serializePolicy(
    policyForExport(policy, { includeAt: includeAt && evaluation.mode === 'fixed' ? evaluation.at : null }),
  )
  const fileName = `${(policy.name ?? 'policy').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '') || 'policy'}.policy.json`
  const download = () => {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }))
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  return (
    <Modal opened={opened} onClose={onClose} title="Export the policy as JSON" size="lg">
      <Text fz="xs" c="dimmed" mb={8}>
        The same JSON the command line reads: <code>signet verify --policy {fileName} …</code>
      </Text>
      {evaluation.mode === 'fixed' && (
        <Checkbox
          size="xs"
          mb={8}
          label={`Include the evaluation time (${formatEvaluationInput(evaluation.at)})`}
          checked={includeAt}
          onChange={(event) => setIncludeAt(event.currentTarget.checked)}
        />
      )}
      <pre className={classes.exportJson} data-testid="policy-export-json" tabIndex={0}>
        {json}
      </pre>
      <Group justify="flex-end" gap={8} mt={10}>
        <Button variant="default" size="xs" onClick={onClose}>
          Close
        </Button>
        <Button size="xs" leftSection={<IconDownload size={14} />} onClick={download} data-testid="policy-download">
          Save {fileName}
        </Button>
      </Group>
    </Modal>
  )
}

function PasteModal({
  opened,
  onClose,
  onImport,
}: {
  opened: boolean
  onClose: () => void
  onImport: (policy: Policy) => void
}) {
  const [text, setText] = useState('')
  const [error, setError] = useState<SerializedError | null>(null)
  return (
    <Modal opened={opened} onClose={onClose} title="Import a policy" size="lg">
      <Textarea
        size="xs"
        label="Policy JSON"
        placeholder={'{\n  "issuer": ["https://issuer.example"],\n  "audience": ["api"],\n  "clockSkew": 60\n}'}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        autosize
        minRows={8}
        maxRows={18}
        classNames={{ input: classes.keyInput }}
        data-autofocus
        data-testid="policy-paste"
      />
      {error && <ProblemLine error={error} />}
      <Group justify="flex-end" gap={8} mt={10}>
        <Button variant="default" size="xs" onClick={onClose}>
          Cancel
        </Button>
        <Button
          size="xs"
          onClick={() => {
            try {
              onImport(parsePolicyJson(text, 'The pasted policy'))
              setError(null)
              setText('')
            } catch (caught) {
              setError(
                caught instanceof SignetError
                  ? caught.toJSON()
                  : { code: 'ERR_POLICY_INVALID', message: 'The pasted text is not a policy.' },
              )
            }
          }}
          disabled={!text.trim()}
          data-testid="policy-paste-import"
        >
          Import
        </Button>
      </Group>
    </Modal>
  )
}

function ProblemLine({ error }: { error: SerializedError }) {
  return (
    <div className={classes.errorLine} role="alert">
      <code>{error.code}</code> <span>{error.message}</span>
    </div>
  )
}
