import { Alert, Anchor, Button, Group, Text } from '@mantine/core'
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react'
import { useState } from 'react'
import type { AuditChainStatus } from '#shared/contract'
import { formatUtc } from '../../components/format-time'
import classes from './audit.module.css'

/** Whether the log is what was written: intact, or where it first stops being so. */
export function ChainStatus({
  chain,
  onVerify,
  verifying,
  onShowLine,
}: {
  chain: AuditChainStatus
  onVerify: () => void
  verifying: boolean
  onShowLine: (line: number) => void
}) {
  const [showAll, setShowAll] = useState(false)
  const verify = (
    <Button
      size="compact-xs"
      variant="default"
      onClick={onVerify}
      loading={verifying}
      data-testid="verify-chain"
      style={{ flex: 'none' }}
    >
      Verify again
    </Button>
  )
  if (chain.intact) {
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconShieldCheck size={18} />}
        py={8}
        data-testid="chain-status"
        data-intact="true"
      >
        <Group justify="space-between" wrap="nowrap" gap="md">
          <div>
            <Text fz="sm" fw={600}>
              Chain intact
            </Text>
            <Text fz="xs" c="dimmed">
              {chain.entries} {chain.entries === 1 ? 'entry' : 'entries'}, each carrying the hash of the one before
              {chain.head
                ? `; last #${chain.head.seq} at ${formatUtc(chain.head.at)}, hash ${chain.head.hash.slice(0, 16)}…`
                : ''}
              {chain.anchor ? ', matching the anchor kept beside the log' : ''}. Checked {formatUtc(chain.checkedAt)}.
            </Text>
          </div>
          {verify}
        </Group>
      </Alert>
    )
  }
  const first = chain.firstProblem
  const shown = showAll ? chain.problems : chain.problems.slice(0, 3)
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconShieldX size={18} />}
      py={8}
      data-testid="chain-status"
      data-intact="false"
    >
      <Group justify="space-between" wrap="nowrap" gap="md" align="flex-start">
        <div>
          <Text fz="sm" fw={600}>
            {first
              ? `Chain broken at line ${first.line}${first.seq !== null ? ` (entry #${first.seq})` : ''}: ${first.kind.replace(/-/g, ' ')}`
              : 'Chain broken'}
          </Text>
          {first && (
            <Text fz="sm" data-testid="first-problem">
              {first.message}
            </Text>
          )}
          <Text fz="xs" c="dimmed" mt={2}>
            {chain.problemCount} problem{chain.problemCount === 1 ? '' : 's'} in {chain.lines} lines of {chain.path}.
            Entries from the first bad one on cannot be trusted; compare with a backup of the log.
          </Text>
          {chain.problems.length > 1 && (
            <ul className={classes.problems}>
              {shown.map((problem, i) => (
                <li key={i}>
                  <Anchor component="button" type="button" fz="xs" onClick={() => onShowLine(problem.line)}>
                    line {problem.line}
                  </Anchor>{' '}
                  {problem.kind.replace(/-/g, ' ')}: {problem.message}
                </li>
              ))}
              {chain.problems.length > 3 && (
                <li>
                  <Anchor component="button" type="button" fz="xs" onClick={() => setShowAll((v) => !v)}>
                    {showAll
                      ? 'fewer'
                      : `all ${chain.problems.length}${chain.problemCount > chain.problems.length ? ` of ${chain.problemCount}` : ''}`}
                  </Anchor>
                </li>
              )}
            </ul>
          )}
        </div>
        {verify}
      </Group>
    </Alert>
  )
}
