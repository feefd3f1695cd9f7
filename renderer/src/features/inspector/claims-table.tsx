import { Text, Tooltip } from '@mantine/core'
import type { JsonObject, JsonValue } from '#shared/encoding/json'
import { describeClaim, describeHeader, type NameInfo } from '#shared/token/registry'
import { describeTimeClaim, isNumericDate, numericDateToIso } from '#shared/time/relative'
import { JsonView } from '../../components/json-view'
import { timeClaimTone, unregisteredNameNote } from './describe'
import classes from './inspector.module.css'

export interface ClaimsTableProps {
  members: JsonObject
  kind: 'claim' | 'header'
  /** NumericDate seconds, for "expires in 14 min" */
  now: number
  'data-testid'?: string
}

/**
 * Name, value and plain-word meaning of each member of a header or claims set, in token order.
 * NumericDate claims also show their UTC time and what it means right now.
 */
export function ClaimsTable({ members, kind, now, ...rest }: ClaimsTableProps) {
  const entries = Object.entries(members)
  if (entries.length === 0) {
    return (
      <Text fz="xs" c="dimmed" px={12} py={10}>
        {kind === 'header'
          ? 'The header is an empty object.'
          : 'The claims set is an empty object: this token asserts nothing.'}
      </Text>
    )
  }
  return (
    <table className={classes.claims} data-testid={rest['data-testid']}>
      <colgroup>
        <col className={classes.claimsNameCol} />
        <col className={classes.claimsValueCol} />
        <col />
      </colgroup>
      <thead className={classes.visuallyHidden}>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([name, value]) => {
          const info = kind === 'header' ? describeHeader(name) : describeClaim(name)
          return <ClaimRow key={name} name={name} value={value} info={info} kind={kind} now={now} />
        })}
      </tbody>
    </table>
  )
}

function ClaimRow({
  name,
  value,
  info,
  kind,
  now,
}: {
  name: string
  value: JsonValue
  info: NameInfo | undefined
  kind: 'claim' | 'header'
  now: number
}) {
  return (
    <tr data-claim={name}>
      <th scope="row" className={classes.claimName}>
        <span className={classes.claimKey}>{name}</span>
        {info && <span className={classes.claimTitle}>{info.title}</span>}
      </th>
      <td className={classes.claimValue}>
        <JsonView value={value} />
        {info?.numericDate && <TimeLine claim={name} value={value} now={now} />}
      </td>
      <td className={classes.claimMeaning}>
        {/* One line at rest so a whole claims set fits beside the token; the full text on hover, focus and as a tooltip. */}
        <div
          className={classes.claimMeaningText}
          title={info ? `${info.description} (${info.source})` : unregisteredNameNote(name, kind)}
        >
          {info ? (
            <>
              {info.description}{' '}
              <Tooltip label={`Defined in ${info.source}`}>
                <span className={classes.claimSource}>{info.source}</span>
              </Tooltip>
            </>
          ) : (
            <span className={classes.claimUnknown}>{unregisteredNameNote(name, kind)}</span>
          )}
        </div>
      </td>
    </tr>
  )
}

function TimeLine({ claim, value, now }: { claim: string; value: JsonValue; now: number }) {
  if (!isNumericDate(value)) {
    return (
      <span className={classes.time} data-tone="warn">
        Not a NumericDate: expected a number of seconds since 1970-01-01 UTC.
      </span>
    )
  }
  const iso = numericDateToIso(value)
  return (
    <span className={classes.time} data-tone={timeClaimTone(claim, value, now)} data-testid={`time-${claim}`}>
      <time dateTime={iso}>{iso}</time>
      <span aria-hidden> · </span>
      <span>{describeTimeClaim(claim, value, now)}</span>
    </span>
  )
}
