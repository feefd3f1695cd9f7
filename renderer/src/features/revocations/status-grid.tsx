import { useComputedColorScheme } from '@mantine/core'
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import type { StatusNote } from '#shared/status-list/managed'
import type { PackedStatuses } from '#shared/status-list/packed'
import { statusLabel } from '#shared/status-list/status-types'
import { cellColorVar, cellKind, cellKinds, filterKeeps, type CellKind, type StatusFilter } from './status-display'
import classes from './revocations.module.css'

export interface StatusGridProps {
  statuses: PackedStatuses
  notes: Record<string, StatusNote>
  filter: StatusFilter
  /** cell edge in CSS pixels */
  cell: number
  /** the keyboard cursor (an index), owned by the screen so "go to index" and bulk edit share it */
  cursor: number
  onCursor(index: number): void
  /** Enter on the cursor, or a click: hand the index to bulk edit */
  onPick(index: number): void
}

/** Edge (CSS px) below which a non-VALID cell is drawn enlarged to this size, so it can be seen. */
const markSize = 5

/** Visible height of the picture; longer lists scroll inside it. */
const viewportHeight = 360

/**
 * The picture of a status list: one cell per index, coloured by status, on a <canvas>. Only the
 * visible rows are drawn (a 2^20-entry list is a few thousand rows), so it stays cheap at any size.
 * Rows hold a multiple of 8 cells. Keyboard: arrows move the
 * cursor (a row with ↑/↓), PageUp/PageDown a screenful, Home/End the ends; Enter picks the index.
 */
export function StatusGrid({ statuses, notes, filter, cell, cursor, onCursor, onPick }: StatusGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const [width, setWidth] = useState(0)
  const [scrollTop, setScrollTop] = useState(0)
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null)
  const scheme = useComputedColorScheme('light')

  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const observer = new ResizeObserver(() => setWidth(element.clientWidth))
    observer.observe(element)
    setWidth(element.clientWidth)
    return () => observer.disconnect()
  }, [])

  // Rows of a multiple of 8 cells fill the width (a power of two would leave up to half of it empty)
  // while keeping row starts at round-ish indexes; the cursor line and hover give exact ones.
  const columns = Math.max(8, Math.floor(width / cell / 8) * 8)
  const rows = Math.ceil(statuses.size / columns)
  const height = rows * cell
  const shown = Math.min(viewportHeight, height)

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas || width === 0) return
    const ratio = window.devicePixelRatio || 1
    const drawWidth = columns * cell
    canvas.width = Math.ceil(drawWidth * ratio)
    canvas.height = Math.ceil(shown * ratio)
    canvas.style.width = `${drawWidth}px`
    canvas.style.height = `${shown}px`
    const context = canvas.getContext('2d')
    if (!context) return
    context.setTransform(ratio, 0, 0, ratio, 0, 0)
    context.clearRect(0, 0, drawWidth, shown)
    const style = getComputedStyle(canvas)
    const colors = Object.fromEntries(
      cellKinds.map((kind) => [kind, style.getPropertyValue(cellColorVar[kind]).trim() || '#888']),
    ) as Record<CellKind, string>
    const gap = cell >= 4 ? 1 : 0
    const firstRow = Math.floor(scrollTop / cell)
    const lastRow = Math.min(rows - 1, Math.ceil((scrollTop + shown) / cell))
    // One path per (kind, kept) pair, filled once: far fewer draw calls than a fill per cell.
    const paths = new Map<string, Path2D>()
    const marks: { key: string; x: number; y: number }[] = []
    for (let row = firstRow; row <= lastRow; row++) {
      const y = row * cell - scrollTop
      for (let col = 0; col < columns; col++) {
        const index = row * columns + col
        if (index >= statuses.size) break
        const kind = cellKind(statuses.get(index), notes[index] !== undefined)
        const key = `${kind}|${filterKeeps(filter, kind) ? 1 : 0}`
        let path = paths.get(key)
        if (!path) paths.set(key, (path = new Path2D()))
        path.rect(col * cell, y, cell - gap, cell - gap)
        // At small zooms one revoked index among thousands is a speck: draw it larger, on top.
        if (cell < markSize && kind !== 'free' && kind !== 'allocated')
          marks.push({ key, x: col * cell + cell / 2 - markSize / 2, y: y + cell / 2 - markSize / 2 })
      }
    }
    for (const mark of marks) {
      const key = `${mark.key}|mark`
      let path = paths.get(key)
      if (!path) paths.set(key, (path = new Path2D()))
      path.rect(mark.x, mark.y, markSize, markSize)
    }
    for (const [key, path] of paths) {
      const [kind, kept] = key.split('|') as [CellKind, string]
      context.globalAlpha = kept === '1' ? 1 : 0.18
      context.fillStyle = colors[kind]
      context.fill(path)
    }
    context.globalAlpha = 1
    const cursorRow = Math.floor(cursor / columns)
    const cursorY = cursorRow * cell - scrollTop
    if (cursorY > -cell && cursorY < shown) {
      context.lineWidth = 2
      context.strokeStyle = style.getPropertyValue('--rev-cursor').trim() || '#000'
      // At small zooms a cell is 1–2 px: ring it with a box big enough to see.
      const size = Math.max(cell + 3, 9)
      context.strokeRect((cursor % columns) * cell + cell / 2 - size / 2, cursorY + cell / 2 - size / 2, size, size)
    }
  }, [statuses, notes, filter, cell, cursor, columns, rows, shown, scrollTop, width, scheme])

  const moveTo = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(statuses.size - 1, index))
      onCursor(next)
      const element = scrollRef.current
      if (!element) return
      const y = Math.floor(next / columns) * cell
      if (y < element.scrollTop) element.scrollTop = y
      else if (y + cell > element.scrollTop + shown) element.scrollTop = y + cell - shown
    },
    [statuses.size, onCursor, columns, cell, shown],
  )

  // A cursor moved from outside (go to index, a new list) is scrolled into view too.
  useEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const y = Math.floor(cursor / columns) * cell
    if (y < element.scrollTop || y + cell > element.scrollTop + shown) element.scrollTop = Math.max(0, y - shown / 2)
  }, [cursor, columns, cell, shown])

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(shown / cell)) * columns
    const moves: Record<string, number> = {
      ArrowLeft: cursor - 1,
      ArrowRight: cursor + 1,
      ArrowUp: cursor - columns,
      ArrowDown: cursor + columns,
      PageUp: cursor - page,
      PageDown: cursor + page,
      Home: event.ctrlKey ? 0 : cursor - (cursor % columns),
      End: event.ctrlKey ? statuses.size - 1 : cursor - (cursor % columns) + columns - 1,
    }
    if (event.key in moves) {
      event.preventDefault()
      moveTo(moves[event.key]!)
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onPick(cursor)
    }
  }

  const indexAt = (event: MouseEvent) => {
    const rect = canvasRef.current!.getBoundingClientRect()
    const col = Math.floor((event.clientX - rect.left) / cell)
    const row = Math.floor((event.clientY - rect.top + scrollTop) / cell)
    const index = row * columns + col
    return col >= 0 && col < columns && index >= 0 && index < statuses.size
      ? { index, x: event.clientX - rect.left, y: event.clientY - rect.top }
      : null
  }

  const focused = describe(cursor, statuses, notes)
  const hovered = hover ? describe(hover.index, statuses, notes) : null

  return (
    <div className={classes.gridWrap}>
      <div
        ref={scrollRef}
        className={classes.gridScroll}
        style={{ height: shown }}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        tabIndex={0}
        role="grid"
        aria-label={`Status list picture, ${statuses.size.toLocaleString('en')} indexes in rows of ${columns}. Arrow keys move the cursor, Enter picks the index for a change.`}
        aria-activedescendant={undefined}
        onKeyDown={onKeyDown}
        data-testid="status-grid"
        data-columns={columns}
        data-cursor={cursor}
      >
        <div style={{ height }} className={classes.gridSpacer}>
          <canvas
            ref={canvasRef}
            className={classes.gridCanvas}
            style={{ top: scrollTop }}
            onMouseMove={(event) => setHover(indexAt(event))}
            onMouseLeave={() => setHover(null)}
            onClick={(event) => {
              const at = indexAt(event)
              if (!at) return
              moveTo(at.index)
              onPick(at.index)
            }}
            data-testid="status-grid-canvas"
            aria-hidden
          />
        </div>
      </div>
      {hover && hovered && (
        <div
          className={classes.gridTip}
          style={{ left: Math.min(hover.x + 14, Math.max(0, width - 260)), top: Math.min(hover.y + 14, shown - 10) }}
          data-testid="status-grid-tip"
          role="tooltip"
        >
          <strong>#{hover.index.toLocaleString('en')}</strong> · {hovered}
        </div>
      )}
      <div className={classes.gridCursor} aria-live="polite" data-testid="status-grid-cursor">
        <strong>#{cursor.toLocaleString('en')}</strong> · {focused}
      </div>
    </div>
  )
}

function describe(index: number, statuses: PackedStatuses, notes: Record<string, StatusNote>): string {
  const status = statusLabel(statuses.get(index))
  const note = notes[index]
  if (!note) return `${status} · not allocated`
  const parts = [
    note.jti && `jti ${note.jti}`,
    note.sub && `sub ${note.sub}`,
    note.reason && `“${note.reason}”`,
  ].filter(Boolean)
  return `${status} · ${parts.length ? parts.join(' · ') : 'allocated, no note'}`
}
