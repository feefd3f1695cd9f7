import { Text } from '@mantine/core'
import type { Check } from '#shared/token/verify/check'
import { readableCheckDetail, type CheckDetailFact } from '#shared/token/verify/check-detail-text'
import { JsonView } from './json-view'
import classes from './checks-list.module.css'

/**
 * A check's detail (other than a list of key attempts) in words: labels, dates and durations from
 * shared/token/verify/check-detail-text.ts; the stored JSON stays one click away for whoever
 * needs the exact numbers.
 */
export function CheckDetailFacts({ detail }: { detail: NonNullable<Check['detail']> }) {
  return (
    <>
      <Text fz={10.5} c="dimmed" tt="uppercase" fw={600} mb={2}>
        Detail
      </Text>
      <FactList facts={readableCheckDetail(detail)} />
      <details className={classes.rawDetail} data-testid="check-raw-detail">
        <summary>Raw detail (JSON)</summary>
        <JsonView value={detail} />
      </details>
    </>
  )
}

function FactList({ facts }: { facts: CheckDetailFact[] }) {
  return (
    <dl className={classes.detailFacts} data-testid="check-detail-facts">
      {facts.map((fact) => (
        <div key={fact.name} className={classes.detailFact} data-detail={fact.name}>
          <dt>{fact.label}</dt>
          <dd>
            {fact.groups
              ? fact.groups.map((group, i) => (
                  <div key={i} className={classes.detailGroup}>
                    <FactList facts={group} />
                  </div>
                ))
              : fact.text}
          </dd>
        </div>
      ))}
    </dl>
  )
}
