import type { ReconcileReport, SetInfo } from '#shared/contract/keys'
import { nextStep } from '#shared/managed-keys/model'
import type { KeyInfo, KeySet, KeyState } from '#shared/managed-keys/types'
import { formatDuration } from '#shared/time/duration'
import { paint } from './style'
import { formatUtcRelative } from '#shared/time/format-time'
import { formatPastEvent } from '#shared/time/past-event'
import { plural } from '#shared/text/plural'

/** Human renderings of key sets, keys and reconciliation reports. --json prints the service results as they are. */

const stateColor: Record<KeyState, Parameters<typeof paint>[0]> = {
  staged: 'cyan',
  active: 'green',
  retired: 'yellow',
  unpublished: 'dim',
  destroyed: 'dim',
  compromised: 'red',
}

export function formatSets(sets: readonly SetInfo[], color: boolean, nowMs: number = Date.now()): string {
  if (sets.length === 0) return 'No key sets yet. Create one with: signet sets create <name> --issuer <url>'
  return sets
    .map((set) => {
      const counts = Object.entries(set.keyCounts)
        .filter(([, n]) => n > 0)
        .map(([state, n]) => `${n} ${state}`)
        .join(', ')
      const rotation = describeRotation(set, nowMs)
      return [
        `${paint('bold', set.name, color)}${set.issuer ? `  iss ${set.issuer}` : ''}`,
        ...(set.description ? [`  ${set.description}`] : []),
        `  tokens ${formatDuration(set.defaultTokenLifetime)} (max ${formatDuration(set.maxTokenLifetime)}), JWKS cache ${formatDuration(set.jwksCacheTime)}, clock skew ${formatDuration(set.clockSkew)}`,
        `  keys   ${counts || 'none'}${set.activeKid ? `; active ${set.activeKid}` : ''}`,
        `  rotation ${rotation.status === 'overdue' ? paint('red', rotation.text, color) : rotation.status === 'due' ? paint('yellow', rotation.text, color) : rotation.text}`,
      ].join('\n')
    })
    .join('\n\n')
}

function describeRotation(set: SetInfo, nowMs: number): { status: string; text: string } {
  const r = set.rotation
  const period = r.period === null ? 'no rotation period' : `every ${formatDuration(r.period)}`
  switch (r.status) {
    case 'pending':
      return {
        status: r.status,
        text: `${period}; in progress: ${r.pending!.kid} activates ${formatUtcRelative(r.pending!.activateAt, nowMs)}`,
      }
    case 'no-active-key':
      return { status: r.status, text: `${period}; no active key` }
    case 'none':
      return { status: r.status, text: period }
    case 'ok':
      return { status: r.status, text: `${period}; next due ${formatUtcRelative(r.dueAt ?? '—', nowMs)}` }
    case 'due':
      return {
        status: r.status,
        text: `${period}; DUE by ${formatUtcRelative(r.dueAt ?? '—', nowMs)} (rotate now: signet keys rotate --set ${set.name})`,
      }
    case 'overdue':
      return {
        status: r.status,
        text: `${period}; OVERDUE since ${formatUtcRelative(r.dueAt ?? '—', nowMs)} (signet keys rotate --set ${set.name})`,
      }
  }
}

/** `nowMs`: the present, for the relative half of every time (milliseconds since the epoch). */
export function formatKeys(
  keys: readonly KeyInfo[],
  sets: readonly KeySet[],
  color: boolean,
  nowMs: number = Date.now(),
): string {
  if (keys.length === 0) return 'No keys. Generate one with: signet keys generate --set <name> --alg ES256 --activate'
  const rows = keys.map((key) => {
    const since = formatPastEvent(key.history[key.history.length - 1]!.at, nowMs)
    const set = sets.find((s) => s.id === key.setId)
    const next = set ? nextStep(key, set) : null
    const nextText = next
      ? `${next.action}${next.earliestAt ? `${next.scheduled ? ' at' : ' from'} ${formatUtcRelative(next.earliestAt, nowMs)}` : ''}`
      : ''
    const size = key.bits && key.kty === 'RSA' ? `-${key.bits}` : ''
    return {
      kid: key.kid,
      set: key.setName,
      alg: `${key.alg}${size}`,
      state: key.state,
      since,
      next: nextText,
      missing: key.secret === 'missing',
    }
  })
  const width = (f: (r: (typeof rows)[number]) => string, title: string) =>
    Math.max(title.length, ...rows.map((r) => f(r).length))
  const w = {
    kid: width((r) => r.kid, 'KID'),
    set: width((r) => r.set, 'SET'),
    alg: width((r) => r.alg, 'ALG'),
    state: width((r) => r.state, 'STATE'),
    since: width((r) => r.since, 'SINCE'),
  }
  const header = paint(
    'dim',
    `${'KID'.padEnd(w.kid)}  ${'SET'.padEnd(w.set)}  ${'ALG'.padEnd(w.alg)}  ${'STATE'.padEnd(w.state)}  ${'SINCE'.padEnd(w.since)}  NEXT`,
    color,
  )
  const lines = rows.map((r) => {
    const state = paint(stateColor[r.state], r.state.padEnd(w.state), color)
    const flag = r.missing ? paint('red', '  (secret missing)', color) : ''
    return `${r.kid.padEnd(w.kid)}  ${r.set.padEnd(w.set)}  ${r.alg.padEnd(w.alg)}  ${state}  ${r.since.padEnd(w.since)}  ${r.next}${flag}`
  })
  return [header, ...lines].join('\n')
}

export function formatReconcile(report: ReconcileReport, color: boolean): string {
  const lines = report.performed.map((p) => `${paint('green', 'done', color)}  ${p}`)
  lines.push(`${plural(report.accountedFor, 'key')} accounted for: record and secret both present.`)
  if (report.orphans.length === 0 && report.missing.length === 0) {
    lines.push('No orphaned or missing secrets.')
    return lines.join('\n')
  }
  for (const o of report.orphans) {
    lines.push(
      `${paint('yellow', 'orphaned', color)}  ${o.account}${o.kid ? `  kid ${o.kid}` : ''}${o.alg ? `  ${o.alg}` : ''}${o.set ? `  set ${o.set}` : ''}`,
      `          ${o.action}`,
    )
  }
  for (const m of report.missing) {
    lines.push(`${paint('red', 'missing', color)}   ${m.kid}  set ${m.set}  ${m.state}`, `          ${m.action}`)
  }
  return lines.join('\n')
}
