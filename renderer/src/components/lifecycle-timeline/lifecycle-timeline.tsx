import { SegmentedControl, Text, UnstyledButton } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { useMemo, useState } from 'react'
import type { LifecycleTimeline } from '#shared/managed-keys/lifecycle-timeline'
import type { KeyState } from '#shared/managed-keys/types'
import { formatUtc } from '../format-time'
import { KeyStateBadge } from '../key-state-badge'
import {
  layoutTimeline,
  timelineDomain,
  zoomChoices,
  type TimelineBar,
  type TimelineNextMarker,
  type TimelinePublishMark,
  type TimelineZoom,
} from './layout'
import { LegendItem, LegendSwatch, TimelineLegend } from '../timeline-legend'
import classes from './lifecycle-timeline.module.css'
import { placeRotationLabel } from './rotation-label'

/**
 * A set's keys on one time axis: the window each spent in each state, where each one's next step
 * becomes safe (the earliest date the services will allow it without force), now, and the set's
 * rotation deadline. Drawn from shared/managed-keys/lifecycle-timeline.ts, the same model the services
 * enforce, so the picture cannot promise a date the key manager would refuse.
 */

export interface LifecycleTimelineProps {
  timeline: LifecycleTimeline
  onSelectKey?: (kid: string) => void
  /** the kid whose row is highlighted (its details are open) */
  selectedKid?: string | null
}

const rowHeight = 34
const axisHeight = 34
const barHeight = 14
const nowFlagHalfWidth = 15

const actionTarget: Record<string, KeyState> = {
  activate: 'active',
  retire: 'retired',
  unpublish: 'unpublished',
  compromise: 'compromised',
  destroy: 'destroyed',
}
const allStates: KeyState[] = ['staged', 'active', 'retired', 'unpublished', 'compromised', 'destroyed']

export function LifecycleTimelineView({ timeline, onSelectKey, selectedKid }: LifecycleTimelineProps) {
  const [zoom, setZoom] = useState<TimelineZoom>('all')
  const { ref, width } = useElementSize()
  const plotWidth = Math.max(0, Math.floor(width))
  const domain = useMemo(() => timelineDomain(timeline, zoom, plotWidth), [timeline, zoom, plotWidth])
  const geometry = useMemo(
    () => (plotWidth > 40 ? layoutTimeline(timeline, domain, plotWidth) : null),
    [timeline, domain, plotWidth],
  )
  const height = axisHeight + Math.max(1, timeline.keys.length) * rowHeight + 4
  const nowSeconds = Date.parse(timeline.now) / 1000

  return (
    <div className={classes.root} data-testid="lifecycle-timeline">
      <div className={classes.toolbar}>
        <Legend />
        <SegmentedControl
          size="xs"
          value={zoom}
          onChange={(value) => setZoom(value as TimelineZoom)}
          data={zoomChoices.map((z) => ({ value: z.value, label: z.label }))}
          aria-label="Time range"
          data-testid="lifecycle-zoom"
        />
      </div>
      {timeline.keys.length === 0 ? (
        <Text fz="sm" c="dimmed" p="md">
          No keys yet: generate or import one and its lifecycle appears here.
        </Text>
      ) : (
        <div className={classes.grid}>
          <div className={classes.labels} style={{ paddingTop: axisHeight }}>
            {timeline.keys.map((key) => (
              <UnstyledButton
                key={key.keyId}
                className={classes.label}
                style={{ height: rowHeight }}
                onClick={() => onSelectKey?.(key.kid)}
                data-selected={selectedKid === key.kid || undefined}
                aria-label={`${key.kid}, ${key.state}: open details`}
                data-testid={`lifecycle-label-${key.kid}`}
              >
                <span className={classes.kid} title={key.kid}>
                  {key.kid}
                </span>
                <span className={classes.alg}>{key.alg}</span>
                <KeyStateBadge state={key.state} size="xs" />
              </UnstyledButton>
            ))}
          </div>
          <div className={classes.plot} ref={ref}>
            {geometry && (
              <svg
                width={plotWidth}
                height={height}
                role="img"
                aria-label={describe(timeline)}
                className={classes.svg}
                data-testid="lifecycle-svg"
              >
                {geometry.rows.map((row, i) => (
                  <rect
                    key={`band-${row.keyId}`}
                    x={0}
                    y={axisHeight + i * rowHeight}
                    width={plotWidth}
                    height={rowHeight}
                    className={classes.band}
                    data-odd={i % 2 === 1 || undefined}
                    data-selected={selectedKid === row.kid || undefined}
                  />
                ))}
                {geometry.ticks.map((tick) => {
                  const x = ((tick.time - geometry.domain[0]) / (geometry.domain[1] - geometry.domain[0])) * plotWidth
                  return (
                    <g key={tick.time}>
                      <line
                        x1={x}
                        x2={x}
                        y1={3}
                        y2={height}
                        className={tick.major ? classes.gridMajor : classes.gridLine}
                      />
                      <text x={x + 3} y={12} className={tick.major ? classes.tickMajor : classes.tick}>
                        {tick.label}
                      </text>
                    </g>
                  )
                })}
                <line x1={0} x2={plotWidth} y1={axisHeight - 0.5} y2={axisHeight - 0.5} className={classes.axis} />
                {geometry.rotation && (
                  <g data-testid="lifecycle-rotation" data-status={geometry.rotation.status}>
                    <line
                      x1={geometry.rotation.x}
                      x2={geometry.rotation.x}
                      y1={axisHeight - 14}
                      y2={height}
                      className={classes.rotation}
                      data-status={geometry.rotation.status}
                    />
                    <RotationLabel
                      x={geometry.rotation.x}
                      nowX={geometry.nowX}
                      plotWidth={plotWidth}
                      status={geometry.rotation.status}
                    />
                    <title>{`Rotation due ${formatUtc(geometry.rotation.at * 1000)}`}</title>
                  </g>
                )}
                {geometry.rows.map((row, i) => {
                  const y = axisHeight + i * rowHeight + (rowHeight - barHeight) / 2
                  return (
                    <g key={row.keyId} data-testid={`lifecycle-row-${row.kid}`} data-state={row.state}>
                      {row.bars.map((bar, j) => (
                        <Bar key={j} bar={bar} y={y} kid={row.kid} />
                      ))}
                      {row.marks.map((mark, j) => (
                        <PublishMark key={`m${j}`} mark={mark} y={y} />
                      ))}
                      {row.next && (
                        <NextMarker marker={row.next} y={y + barHeight / 2} plotWidth={plotWidth} now={nowSeconds} />
                      )}
                    </g>
                  )
                })}
                {geometry.nowX !== null && (
                  <g data-testid="lifecycle-now">
                    <line
                      x1={geometry.nowX}
                      x2={geometry.nowX}
                      y1={axisHeight - 14}
                      y2={height}
                      className={classes.now}
                    />
                    <rect
                      x={geometry.nowX - nowFlagHalfWidth}
                      y={axisHeight - 15}
                      width={nowFlagHalfWidth * 2}
                      height={13}
                      rx={3}
                      className={classes.nowFlag}
                      data-testid="lifecycle-now-flag"
                    />
                    <text x={geometry.nowX} y={axisHeight - 5.5} textAnchor="middle" className={classes.nowLabel}>
                      now
                    </text>
                  </g>
                )}
              </svg>
            )}
          </div>
        </div>
      )}
    </div>
  )
}

/** The deadline's label on the axis lane, placed clear of the "now" flag (rotation-label.ts). */
function RotationLabel({
  x,
  nowX,
  plotWidth,
  status,
}: {
  x: number
  nowX: number | null
  plotWidth: number
  status: LifecycleTimeline['rotation']['status']
}) {
  const text = status === 'overdue' ? 'rotation overdue' : 'rotation due'
  const now = nowX === null ? null : { left: nowX - nowFlagHalfWidth, right: nowX + nowFlagHalfWidth }
  const place = placeRotationLabel(x, now, plotWidth, text)
  return (
    <text
      x={place.x}
      y={axisHeight - 5}
      textAnchor={place.anchor}
      className={classes.rotationLabel}
      data-status={status}
      data-testid="lifecycle-rotation-label"
    >
      {text}
    </text>
  )
}

function Bar({ bar, y, kid }: { bar: TimelineBar; y: number; kid: string }) {
  const thin = bar.state === 'destroyed' || bar.state === 'unpublished'
  const height = thin ? 4 : barHeight
  const top = thin ? y + (barHeight - height) / 2 : y
  const label = bar.state
  const fits = !thin && bar.width > label.length * 6.2 + 10
  const span = `${formatUtc(bar.from * 1000)} → ${bar.current ? 'now' : formatUtc(bar.to * 1000)}`
  return (
    <g data-testid="lifecycle-bar" data-state={bar.state} data-forced={bar.forced || undefined}>
      <rect
        x={bar.x}
        y={top}
        width={bar.width}
        height={height}
        rx={thin ? 1 : 3}
        className={classes.bar}
        data-state={bar.state}
        data-current={bar.current || undefined}
        data-forced={bar.forced || undefined}
      />
      {fits && (
        <text x={bar.x + 6} y={y + barHeight / 2 + 3.5} className={classes.barLabel} data-state={bar.state}>
          {label}
        </text>
      )}
      <title>{`${kid} — ${bar.state}${bar.forced ? ' (forced)' : ''}\n${span}${bar.reason ? `\nReason: ${bar.reason}` : ''}`}</title>
    </g>
  )
}

/** A first publication (a small flag above the bar) or the publish guard's activation date (a tick through it). */
function PublishMark({ mark, y }: { mark: TimelinePublishMark; y: number }) {
  const text =
    mark.kind === 'published'
      ? `published to ${mark.target} at ${formatUtc(mark.at * 1000)}`
      : `activation allowed from ${formatUtc(mark.at * 1000)}`
  return (
    <g
      data-testid="lifecycle-publish-mark"
      data-kind={mark.kind}
      data-target={mark.target ?? undefined}
      aria-label={text}
    >
      {mark.kind === 'published' ? (
        <path
          d={`M ${mark.x} ${y - 1} L ${mark.x - 3.5} ${y - 6} L ${mark.x + 3.5} ${y - 6} Z`}
          className={classes.publishedMark}
        />
      ) : (
        <line x1={mark.x} x2={mark.x} y1={y - 4} y2={y + barHeight + 4} className={classes.activationMark} />
      )}
      <title>{text}</title>
    </g>
  )
}

function NextMarker({
  marker,
  y,
  plotWidth,
  now,
}: {
  marker: TimelineNextMarker
  y: number
  plotWidth: number
  now: number
}) {
  const target = actionTarget[marker.action] ?? 'staged'
  const when = marker.ready ? 'ready now' : marker.at !== null ? `from ${shortDate(marker.at, now)}` : ''
  const text = `${marker.scheduled ? 'activates' : marker.action} ${marker.scheduled && marker.at !== null ? shortDate(marker.at, now) : when}`
  // 10.5px system UI text averages about 5.6px a character.
  const onLeft = marker.x > plotWidth - (text.length * 5.6 + 14)
  const size = 5
  return (
    <g
      data-testid="lifecycle-next"
      data-action={marker.action}
      data-ready={marker.ready || undefined}
      data-scheduled={marker.scheduled || undefined}
    >
      {!marker.ready && Math.abs(marker.x - marker.fromX) > 2 && (
        <line x1={marker.fromX} x2={marker.x} y1={y} y2={y} className={classes.lead} />
      )}
      <path
        d={`M ${marker.x} ${y - size} L ${marker.x + size} ${y} L ${marker.x} ${y + size} L ${marker.x - size} ${y} Z`}
        className={classes.diamond}
        data-state={target}
        data-ready={marker.ready || undefined}
        data-scheduled={marker.scheduled || undefined}
      />
      <text
        x={marker.x + (onLeft ? -9 : 9)}
        y={y + 3.5}
        textAnchor={onLeft ? 'end' : 'start'}
        className={classes.nextLabel}
        data-ready={marker.ready || undefined}
      >
        {marker.offscreen === 'right' ? `${text} →` : marker.offscreen === 'left' ? `← ${text}` : text}
      </text>
      <title>{`Next: ${marker.action}${marker.at !== null ? ` — earliest ${formatUtc(marker.at * 1000)}` : ''}${marker.scheduled ? ' (scheduled by rotation)' : ''}\nWhy: ${marker.why}`}</title>
    </g>
  )
}

function Legend() {
  return (
    <TimelineLegend aria-label="Legend">
      {allStates.map((state) => (
        <LegendItem key={state}>
          <LegendSwatch
            state={state}
            color={`var(--tl-${state})`}
            width={10}
            height={state === 'unpublished' || state === 'destroyed' ? 4 : 10}
          />
          {state}
        </LegendItem>
      ))}
      <LegendItem>
        <svg width="10" height="10" aria-hidden>
          <path d="M5 0 L10 5 L5 10 L0 5 Z" className={classes.diamondLegend} />
        </svg>
        next step, earliest safe date
      </LegendItem>
      <LegendItem>
        <svg width="10" height="10" aria-hidden>
          <path d="M5 9 L1 2 L9 2 Z" className={classes.publishedMark} />
        </svg>
        first published on a target
      </LegendItem>
      <LegendItem>
        <svg width="4" height="12" aria-hidden>
          <line x1="2" x2="2" y1="0" y2="12" className={classes.activationMark} />
        </svg>
        activation allowed (published + JWKS cache time)
      </LegendItem>
    </TimelineLegend>
  )
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "11:31" today, "9 Mar 11:31" this year, "9 Mar 2027" beyond: short enough to sit beside a marker. */
export function shortDate(at: number, now: number): string {
  const date = new Date(at * 1000)
  const today = new Date(now * 1000)
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`
  const sameDay = date.toISOString().slice(0, 10) === today.toISOString().slice(0, 10)
  if (sameDay) return time
  const day = `${date.getUTCDate()} ${months[date.getUTCMonth()]}`
  return date.getUTCFullYear() === today.getUTCFullYear() ? `${day} ${time}` : `${day} ${date.getUTCFullYear()}`
}

function describe(timeline: LifecycleTimeline): string {
  const parts = timeline.keys.map((key) => {
    const next = key.next
      ? `; next ${key.next.action}${key.next.earliestAt ? ` from ${formatUtc(key.next.earliestAt)}` : ''}`
      : ''
    const published = key.publications
      .map((p) => (p.at ? `; published to ${p.target} at ${formatUtc(p.at)}` : `; not yet published to ${p.target}`))
      .join('')
    const allowed = key.activationAllowedAt ? `; activation allowed from ${formatUtc(key.activationAllowedAt)}` : ''
    return `${key.kid} ${key.state}${next}${published}${allowed}`
  })
  return `Lifecycle of set ${timeline.setName}: ${parts.join('. ')}`
}
