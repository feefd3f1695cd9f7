import { Badge, Text } from '@mantine/core'
import type { StatusListSavedExport } from '#shared/contract/revocations'
import type { StatusChange, StatusListInfo } from '#shared/status-list/managed'
import { statusLabel } from '#shared/status-list/status-types'
import { call } from '../../api'
import { formatUtc } from '../../components/format-time'
import classes from './revocations.module.css'
import { SignedExportPanel } from './signed-export-panel'

/** Rows of the diff drawn; the count above says how many there are in all. */
const shownChanges = 200

/**
 * The review step before a list goes out: what changed since the last export (status-list:diff),
 * then "Sign and export": main's own save dialog chooses the file (dialog:save-status-list answers
 * with a one-time handle), and status-list:export-file signs with the set's active key and writes
 * the token in main. The signed token is shown with a copy button.
 */
export function ExportPanel({
  list,
  diff,
  onExported,
}: {
  list: StatusListInfo
  diff: StatusChange[] | null
  onExported(result: StatusListSavedExport): void
}) {
  return (
    <SignedExportPanel
      title="Pending changes"
      changes={diff === null ? null : diff.length}
      since={
        list.lastExportAt
          ? `Since the last export, ${formatUtc(list.lastExportAt)}.`
          : 'Never exported: every status that is not VALID is new.'
      }
      empty={`Nothing changed since ${list.lastExportAt ? 'the last export' : 'the list was created'}: an export now would publish the same statuses with a fresh iat and exp.`}
      table={diff && <DiffTable diff={diff} />}
      saveToFile={async () => {
        const choice = await call((api) => api.dialog.saveStatusList({ suggestedName: list.name }))
        if (choice.handle === null) return null
        return call((api) => api.statusList.exportFile({ name: list.name, file: choice.handle }))
      }}
      onExported={onExported}
      errorTitle="The list was not exported"
      summary={(saved) =>
        `. It published ${saved.diff.length.toLocaleString('en')} change${saved.diff.length === 1 ? '' : 's'}.`
      }
      tokenLabel={{
        caption: 'Status List Token (typ statuslist+jwt)',
        copy: 'Status List Token',
        aria: 'Signed Status List Token',
      }}
      testIds={{
        panel: 'pending-diff',
        button: 'export-list',
        since: 'diff-since',
        empty: 'diff-empty',
        result: 'export-result',
        copy: 'copy-list-token',
        token: 'export-token',
      }}
    />
  )
}

function DiffTable({ diff }: { diff: StatusChange[] }) {
  return (
    <>
      <table className={classes.table} data-testid="diff-table">
        <thead>
          <tr>
            <th scope="col">Index</th>
            <th scope="col">Was</th>
            <th scope="col">Becomes</th>
          </tr>
        </thead>
        <tbody>
          {diff.slice(0, shownChanges).map((change) => (
            <tr key={change.idx} data-testid={`diff-${change.idx}`}>
              <td className={classes.mono}>{change.idx}</td>
              <td>{statusLabel(change.from)}</td>
              <td>
                <Badge
                  size="sm"
                  variant="light"
                  color={change.to === 0 ? 'teal' : change.to === 1 ? 'red' : change.to === 2 ? 'orange' : 'violet'}
                >
                  {statusLabel(change.to)}
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff.length > shownChanges && (
        <Text fz="xs" c="dimmed" px="sm" py={6}>
          and {(diff.length - shownChanges).toLocaleString('en')} more.
        </Text>
      )}
    </>
  )
}
