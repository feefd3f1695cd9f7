import { Badge } from '@mantine/core'
import type { RevocationListChange, RevocationListView } from '#shared/revocation-list/managed'
import { call } from '../../api'
import { formatUtc } from '../../components/format-time'
import classes from './revocations.module.css'
import { SignedExportPanel } from './signed-export-panel'

const when = (seconds: number | null) => (seconds === null ? 'never' : formatUtc(seconds * 1000))
const kindColor: Record<RevocationListChange['kind'], string> = {
  added: 'red',
  removed: 'teal',
  changed: 'orange',
  cutoff: 'violet',
}

/**
 * The review step before a revocation list goes out: what changed since the last export (entries
 * added, removed — pruned ones included — changed, and the cutoff), then "Sign and export": main's
 * own save dialog chooses the file (dialog:save-revocation-list answers with a one-time handle) and
 * revocations:export-file signs with the set's active key and writes it in main.
 */
export function LegacyExport({
  set,
  view,
  onExported,
}: {
  set: string
  view: RevocationListView | null
  onExported(): void
}) {
  const diff = view?.diff ?? null
  return (
    <SignedExportPanel
      title="Revocation list: pending changes"
      changes={diff === null ? null : diff.length}
      disabled={!view}
      since={
        view?.lastExportAt
          ? `Since the last export, ${formatUtc(view.lastExportAt)}.`
          : 'Never exported: every entry is new.'
      }
      empty="Nothing changed: an export now would publish the same entries with a fresh iat and exp."
      table={diff && <DiffTable diff={diff} />}
      saveToFile={async () => {
        const choice = await call((api) => api.dialog.saveRevocationList({ suggestedName: set }))
        if (choice.handle === null) return null
        return call((api) => api.revocations.exportFile({ set, file: choice.handle }))
      }}
      onExported={onExported}
      errorTitle="The revocation list was not exported"
      summary={(saved) =>
        `: ${saved.claim.entries.length.toLocaleString('en')} entr${saved.claim.entries.length === 1 ? 'y' : 'ies'}, ${saved.diff.length.toLocaleString('en')} change${saved.diff.length === 1 ? '' : 's'}${saved.pruned ? `, ${saved.pruned} expired pruned` : ''}.`
      }
      tokenLabel={{
        caption: 'Revocation list (typ signet-revocations+jwt)',
        copy: 'revocation list',
        aria: 'Signed revocation list',
      }}
      testIds={{
        panel: 'legacy-diff',
        button: 'legacy-export',
        empty: 'legacy-diff-empty',
        result: 'legacy-export-result',
        copy: 'copy-legacy-token',
        token: 'legacy-export-token',
      }}
    />
  )
}

function DiffTable({ diff }: { diff: RevocationListChange[] }) {
  return (
    <table className={classes.table} data-testid="legacy-diff-table">
      <thead>
        <tr>
          <th scope="col">Change</th>
          <th scope="col">Entry</th>
          <th scope="col">Until</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {diff.map((change) => (
          <tr key={change.kind === 'cutoff' ? 'cutoff' : `${change.by}:${change.id}`}>
            <td>
              <Badge size="sm" variant="light" color={kindColor[change.kind]}>
                {change.kind}
              </Badge>
            </td>
            {change.kind === 'cutoff' ? (
              <td colSpan={3} className={classes.mono}>
                issued before: {when(change.from)} → {when(change.to)}
              </td>
            ) : (
              <>
                <td className={classes.mono} style={{ wordBreak: 'break-all' }}>
                  {change.by} {change.id}
                </td>
                <td className={classes.mono}>
                  {change.kind === 'changed' && change.was.until !== change.until
                    ? `${when(change.was.until)} → ${when(change.until)}`
                    : when(change.until)}
                </td>
                <td style={{ wordBreak: 'break-word' }}>{change.reason ?? ''}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
