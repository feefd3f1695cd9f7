import { ActionIcon, Group, SegmentedControl, Text, Tooltip } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { IconArrowsHorizontal, IconClockHour4, IconZoomIn, IconZoomOut } from '@tabler/icons-react'
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react'
import {
  buildTimeline,
  formatInstant,
  laneSegments,
  panDomain,
  stateAt,
  zoomDomain,
  type Domain,
  type Timeline,
  type TimelineToken,
  type ValidityState,
} from '#shared/validity-timeline/index'
import { formatRelative } from '#shared/time/relative'
import { formatReadableDuration } from '#shared/time/readable-duration'
import { cursorKeyAction } from './cursor-keys'
import { LegendItem, LegendSwatch, TimelineLegend } from '../timeline-legend'
import classes from './validity-timeline.module.css'

/** The plot's segment fills (validity-timeline.module.css), for the legend's swatches. */
const legendColors = {
  valid: 'var(--tl-valid)',
  'in-skew': 'var(--tl-skew)',
  expired: 'var(--tl-expired)',
  'not-yet-valid': 'var(--tl-notyet)',
} as const

/**
 * The validity timeline: one lane per token (this one, and any pinned beside it for comparison),
 * coloured by what a verifier with the given clock skew would say at each instant, with a cursor
 * that IS the evaluation time. Drag it, click anywhere on the plot, or focus the plot and use the
 * keys in cursor-keys.ts; the caller re-validates at each position.
 */

export interface TimelineLaneInput extends TimelineToken {
  id: string
}

export interface ValidityTimelineProps {
  lanes: readonly TimelineLaneInput[]
  /** the present, NumericDate seconds */
  now: number
  /** the cursor: the evaluation time */
  at: number
  /** the cursor follows the clock */
  live: boolean
  skewSeconds: number
  onCursorChange: (at: number) => void
  onBackToNow: () => void
}

export const stateLabels: Record<ValidityState, string> = {
  'not-yet-valid': 'not yet valid',
  valid: 'valid',
  'in-skew': 'within clock skew',
  expired: 'expired',
}

const padX = 14
const axisHeight = 30
const laneHeight = 50
const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone

export function ValidityTimeline({
  lanes,
  now,
  at,
  live,
  skewSeconds,
  onCursorChange,
  onBackToNow,
}: ValidityTimelineProps) {
  const { ref: sizeRef, width: measured } = useElementSize()
  const width = Math.max(280, Math.round(measured))
  const plotWidth = width - padX * 2
  const [zone, setZone] = useState<'UTC' | 'local'>('UTC')
  const timeZone = zone === 'UTC' ? 'UTC' : localZone
  // The visible span, once the user zoomed, panned or dragged; null = fit everything. It is keyed
  // by the lanes' times so a new token is shown whole again.
  const laneKey = useMemo(
    () =>
      JSON.stringify(
        lanes.map((l) => [l.id, l.claims.iat, l.claims.nbf, l.claims.exp, l.claims.auth_time, l.claims.ttl]),
      ),
    [lanes],
  )
  const [view, setView] = useState<{ key: string; domain: Domain } | null>(null)
  const domain = view && view.key === laneKey ? view.domain : undefined

  const timeline: Timeline = useMemo(
    () =>
      buildTimeline(lanes, {
        now,
        evaluationTime: at,
        skewSeconds,
        width: plotWidth,
        timeZone,
        minSpacingPx: 96,
        ...(domain ? { domain } : {}),
      }),
    [lanes, now, at, skewSeconds, plotWidth, timeZone, domain],
  )
  const [start, end] = timeline.domain
  const x = useCallback((time: number) => padX + timeline.timeToX(time, plotWidth), [timeline, plotWidth])
  const height = axisHeight + lanes.length * laneHeight + 6

  // Fix the visible span before the cursor moves: fitting around a moving cursor would make the
  // plot slide under the pointer.
  const freeze = useCallback((): Domain => {
    const current = timeline.domain
    if (!domain) setView({ key: laneKey, domain: current })
    return current
  }, [timeline.domain, domain, laneKey])

  const moveCursor = useCallback(
    (time: number, visible: Domain) => {
      onCursorChange(time)
      const [from, to] = visible
      const margin = (to - from) * 0.05
      if (time < from + margin) setView({ key: laneKey, domain: panDomain(visible, time - margin - from) })
      else if (time > to - margin) setView({ key: laneKey, domain: panDomain(visible, time + margin - to) })
    },
    [onCursorChange, laneKey],
  )

  const dragging = useRef(false)
  const svgRef = useRef<SVGSVGElement | null>(null)
  const timeAtPointer = (event: ReactPointerEvent<SVGSVGElement>, visible: Domain) => {
    const box = event.currentTarget.getBoundingClientRect()
    const px = Math.min(Math.max(event.clientX - box.left - padX, 0), plotWidth)
    return Math.round(visible[0] + (px / plotWidth) * (visible[1] - visible[0]))
  }
  const onPointerDown = (event: ReactPointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return
    event.preventDefault()
    event.currentTarget.focus()
    event.currentTarget.setPointerCapture(event.pointerId)
    dragging.current = true
    const visible = freeze()
    onCursorChange(timeAtPointer(event, visible))
  }
  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>) => {
    if (!dragging.current) return
    onCursorChange(timeAtPointer(event, timeline.domain))
  }
  const endDrag = (event: ReactPointerEvent<SVGSVGElement>) => {
    dragging.current = false
    if (event.currentTarget.hasPointerCapture(event.pointerId))
      event.currentTarget.releasePointerCapture(event.pointerId)
  }

  const zoom = useCallback(
    (factor: number, anchor: number) => {
      const next = zoomDomain(timeline.domain, factor, anchor)
      setView({ key: laneKey, domain: next })
    },
    [timeline.domain, laneKey],
  )

  // Read by the memoised toolbar's zoom buttons, which must not re-render on every cursor move.
  const cursorRef = useRef(at)
  useEffect(() => {
    cursorRef.current = at
  })
  const zoomAtCursor = useCallback((factor: number) => zoom(factor, cursorRef.current), [zoom])
  const fit = useCallback(() => setView(null), [])

  const onKeyDown = (event: ReactKeyboardEvent<SVGSVGElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    const action = cursorKeyAction(event.key, event.shiftKey, {
      at,
      now,
      domain: timeline.domain,
      lanes: timeline.lanes,
    })
    if (!action) return
    event.preventDefault()
    if (action.type === 'fit') setView(null)
    else if (action.type === 'zoom') zoom(action.factor, at)
    else moveCursor(action.at, freeze())
  }

  // Ctrl/Cmd + wheel zooms around the pointer, Shift + wheel pans. A plain wheel scrolls the page,
  // as everywhere else. React's wheel listener is passive, so this one is attached by hand.
  useEffect(() => {
    const svg = svgRef.current
    if (!svg) return
    const onWheel = (event: WheelEvent) => {
      const box = svg.getBoundingClientRect()
      const [from, to] = timeline.domain
      const anchor = from + ((event.clientX - box.left - padX) / plotWidth) * (to - from)
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault()
        setView({ key: laneKey, domain: zoomDomain(timeline.domain, event.deltaY < 0 ? 1.25 : 0.8, anchor) })
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault()
        const delta = (event.deltaX || event.deltaY) / plotWidth
        setView({ key: laneKey, domain: panDomain(timeline.domain, delta * (to - from)) })
      }
    }
    svg.addEventListener('wheel', onWheel, { passive: false })
    return () => svg.removeEventListener('wheel', onWheel)
  }, [timeline.domain, plotWidth, laneKey])

  const cursorX = x(at)
  const nowX = x(now)
  const cursorVisible = at >= start && at <= end
  const zoneLabel = zone === 'UTC' ? 'UTC' : localZone
  const readout = `${formatInstant(at, timeZone)} ${zoneLabel}`
  const laneStates = timeline.lanes.map((lane) => stateAt(lane, at))
  const valueText = `${readout}; ${timeline.lanes.map((lane, i) => `${lane.label}: ${stateLabels[laneStates[i]!]}`).join('; ')}`

  return (
    <div className={classes.timeline}>
      <div className={classes.toolbar}>
        <div className={classes.readout} data-testid="timeline-readout">
          <IconClockHour4 size={14} stroke={1.7} aria-hidden />
          <Text fz="xs" fw={600} span ff="monospace">
            {readout}
          </Text>
          <Text fz="xs" c="dimmed" span>
            {live ? 'now · follows the clock' : formatRelative(at, now)}
          </Text>
        </div>
        <TimelineTools
          live={live}
          fitted={!domain}
          zone={zone}
          onZone={setZone}
          onBackToNow={onBackToNow}
          onZoom={zoomAtCursor}
          onFit={fit}
        />
      </div>
      <div ref={sizeRef} className={classes.plotFrame}>
        <svg
          ref={svgRef}
          className={classes.plot}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="slider"
          tabIndex={0}
          aria-label="Evaluation time"
          aria-valuemin={Math.round(start)}
          aria-valuemax={Math.round(end)}
          aria-valuenow={Math.round(at)}
          aria-valuetext={valueText}
          aria-keyshortcuts="ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight PageUp PageDown Home End [ ] N + - 0"
          data-testid="timeline-plot"
          data-domain={`${Math.round(start)}-${Math.round(end)}`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          onKeyDown={onKeyDown}
        >
          <g className={classes.axis}>
            {timeline.ticks.map((tick) => (
              <g key={tick.time}>
                <line
                  x1={x(tick.time)}
                  x2={x(tick.time)}
                  y1={axisHeight - 8}
                  y2={height}
                  className={tick.major ? classes.gridMajor : classes.grid}
                />
                <text
                  x={x(tick.time) + 4}
                  y={axisHeight - 12}
                  className={tick.major ? classes.tickMajor : classes.tick}
                >
                  {tick.label}
                </text>
              </g>
            ))}
            <line x1={padX} x2={width - padX} y1={axisHeight - 8} y2={axisHeight - 8} className={classes.axisLine} />
          </g>
          {timeline.lanes.map((lane, i) => {
            const top = axisHeight + i * laneHeight
            const barTop = top + 18
            const state = laneStates[i]!
            return (
              <g key={lanes[i]!.id} data-testid={`timeline-lane-${i}`} data-state={state}>
                <text x={padX} y={top + 12} className={classes.laneLabel}>
                  {lane.label}
                  <tspan className={classes.laneState} data-state={state} dx={8}>
                    {stateLabels[state]}
                  </tspan>
                </text>
                <rect x={padX} y={barTop} width={plotWidth} height={12} rx={2} className={classes.track} />
                {laneSegments(lane, timeline.domain).map((segment) => (
                  <rect
                    key={segment.start}
                    x={x(segment.start)}
                    y={barTop}
                    width={Math.max(0.5, x(segment.end) - x(segment.start))}
                    height={12}
                    className={classes.segment}
                    data-state={segment.state}
                  />
                ))}
                {markerGroups(
                  lane.markers.filter((m) => m.time >= start && m.time <= end),
                  x,
                ).map((group) => (
                  <g key={group.x} className={classes.marker}>
                    <line x1={group.x} x2={group.x} y1={barTop - 3} y2={barTop + 15} />
                    <text x={clamp(group.x, padX + 10, width - padX - 10)} y={barTop + 26} textAnchor="middle">
                      {group.label}
                    </text>
                  </g>
                ))}
              </g>
            )
          })}
          {now >= start && now <= end && (
            <g className={classes.now}>
              <line x1={nowX} x2={nowX} y1={axisHeight - 8} y2={height} />
              {!live && (
                <text x={nowX} y={height - 2} textAnchor="middle">
                  now
                </text>
              )}
            </g>
          )}
          {cursorVisible && (
            <g className={classes.cursor} data-testid="timeline-cursor" data-x={Math.round(cursorX)}>
              <line x1={cursorX} x2={cursorX} y1={axisHeight - 8} y2={height} />
              <path d={`M ${cursorX - 6} ${axisHeight - 16} h 12 v 5 l -6 6 l -6 -6 z`} className={classes.handle} />
            </g>
          )}
        </svg>
      </div>
      <TimelineLegend className={classes.legend} aria-hidden>
        {(['valid', 'in-skew', 'expired', 'not-yet-valid'] as const).map((state) => (
          <LegendItem key={state}>
            <LegendSwatch
              state={state}
              color={legendColors[state]}
              width={14}
              height={8}
              opacity={state === 'expired' ? 0.55 : undefined}
            />
            {state === 'in-skew' ? `within clock skew (${formatReadableDuration(skewSeconds)})` : stateLabels[state]}
          </LegendItem>
        ))}
        <span className={classes.legendHint}>
          Drag or click to move the cursor · ← → [ ] N on the focused plot · Ctrl+wheel zooms
        </span>
      </TimelineLegend>
    </div>
  )
}

function markerGroups(
  markers: readonly { kind: string; time: number }[],
  x: (time: number) => number,
): { x: number; label: string }[] {
  const groups: { x: number; label: string }[] = []
  for (const marker of [...markers].sort((a, b) => a.time - b.time)) {
    const px = x(marker.time)
    const last = groups[groups.length - 1]
    if (last && Math.abs(last.x - px) < 26) last.label += ` ${marker.kind}`
    else groups.push({ x: px, label: marker.kind })
  }
  return groups
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}

interface TimelineToolsProps {
  live: boolean
  fitted: boolean
  zone: 'UTC' | 'local'
  onZone: (zone: 'UTC' | 'local') => void
  onBackToNow: () => void
  onZoom: (factor: number) => void
  onFit: () => void
}

const TimelineTools = memo(function TimelineTools({
  live,
  fitted,
  zone,
  onZone,
  onBackToNow,
  onZoom,
  onFit,
}: TimelineToolsProps) {
  return (
    <Group gap={4} wrap="nowrap" className={classes.tools}>
      <Tooltip label="Put the cursor back on the present and follow the clock (N)">
        <ActionIcon
          variant="default"
          size="sm"
          onClick={onBackToNow}
          disabled={live}
          aria-label="Back to now"
          data-testid="timeline-now"
        >
          <IconClockHour4 size={14} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Zoom out (−)">
        <ActionIcon variant="default" size="sm" onClick={() => onZoom(0.5)} aria-label="Zoom out">
          <IconZoomOut size={14} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Zoom in around the cursor (+)">
        <ActionIcon variant="default" size="sm" onClick={() => onZoom(2)} aria-label="Zoom in">
          <IconZoomIn size={14} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Zoom to fit every token (0)">
        <ActionIcon
          variant="default"
          size="sm"
          onClick={onFit}
          disabled={fitted}
          aria-label="Zoom to fit"
          data-testid="timeline-fit"
        >
          <IconArrowsHorizontal size={14} />
        </ActionIcon>
      </Tooltip>
      <SegmentedControl
        size="xs"
        value={zone}
        onChange={(value) => onZone(value as 'UTC' | 'local')}
        data={[
          { value: 'UTC', label: 'UTC' },
          { value: 'local', label: 'Local' },
        ]}
        aria-label="Time zone of the timeline"
      />
    </Group>
  )
})
