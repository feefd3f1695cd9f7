import { Badge, Group, Table, Text, UnstyledButton } from '@mantine/core'
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { BreakableText } from '../../components/breakable-text'
import { PlaceText } from './place-text'
import { placeText, type ScanRow } from './scan-core'
import classes from './scan.module.css'

export type SortKey = 'id' | 'sub' | 'iss' | 'alg' | 'verdict' | 'findings' | 'locations'

/** A row's height before it is measured (one line of xs text with a badge); taller rows are measured. */
const estimatedRowPx = 34
/** Rows rendered above and below the visible ones, so a fast scroll shows rows, not blank space. */
const overscanRows = 12

/**
 * The Scan screen's table of distinct tokens, virtualized (@tanstack/react-virtual): whatever the
 * number of rows, the DOM holds the visible ones plus a few, between two spacer rows that give the
 * scroll area its full height. Rows are measured as they render (a wrapped issuer makes one taller).
 *
 * Keyboard: one row is in the tab order (roving tabindex); ArrowUp/ArrowDown, PageUp/PageDown,
 * Home/End move it (the focused row is always rendered, even scrolled away), Enter or Space opens
 * it in Inspect like a click. The table states its full row count (aria-rowcount) and each row its
 * place (aria-rowindex), so a screen reader announces "row 7,000 of 20,001" though few exist.
 *
 * @param rows the rows to show, already filtered and sorted
 * @param onOpen called with a row clicked or chosen with Enter/Space
 */
export function ScanTable({
  rows,
  sort,
  onSort,
  onOpen,
}: {
  rows: readonly ScanRow[]
  sort: { key: SortKey; up: boolean }
  onSort: (key: SortKey) => void
  onOpen: (row: ScanRow) => void
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLTableSectionElement>(null)
  const [headPx, setHeadPx] = useState(estimatedRowPx)
  const [activeId, setActiveId] = useState<number | null>(null)
  const [focusWanted, setFocusWanted] = useState(0)
  const found = activeId === null ? -1 : rows.findIndex((row) => row.id === activeId)
  const activeIndex = found === -1 ? 0 : found

  // The sticky header sits above the first row inside the scroll area: rows start below it.
  useLayoutEffect(() => {
    const head = headRef.current
    if (!head) return
    const observer = new ResizeObserver(() => setHeadPx(head.offsetHeight))
    observer.observe(head)
    setHeadPx(head.offsetHeight)
    return () => observer.disconnect()
  }, [])

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range)
      if (rows.length === 0 || indexes.includes(activeIndex)) return indexes
      return [...indexes, activeIndex].sort((a, b) => a - b)
    },
    [activeIndex, rows.length],
  )
  // The virtualizer is a mutable object read during render: React Compiler leaves this component
  // unmemoized, which is what it needs (it re-renders on scroll by design).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimatedRowPx,
    getItemKey: (index) => rows[index]!.id,
    overscan: overscanRows,
    scrollMargin: headPx,
    scrollPaddingStart: headPx,
    rangeExtractor,
  })

  // After a key moved the active row: bring it into view and give it focus (it is rendered: see rangeExtractor).
  useEffect(() => {
    if (focusWanted === 0) return
    virtualizer.scrollToIndex(activeIndex, { align: 'auto' })
    scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${activeIndex}"]`)?.focus({ preventScroll: true })
    // only a key press asks for focus; a re-render alone must not steal it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusWanted])

  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / estimatedRowPx) - 1)
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (rows.length === 0) return
    const last = rows.length - 1
    const next =
      event.key === 'ArrowDown'
        ? Math.min(last, activeIndex + 1)
        : event.key === 'ArrowUp'
          ? Math.max(0, activeIndex - 1)
          : event.key === 'PageDown'
            ? Math.min(last, activeIndex + page)
            : event.key === 'PageUp'
              ? Math.max(0, activeIndex - page)
              : event.key === 'Home'
                ? 0
                : event.key === 'End'
                  ? last
                  : null
    if (next !== null) {
      event.preventDefault()
      setActiveId(rows[next]!.id)
      setFocusWanted((n) => n + 1)
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onOpen(rows[activeIndex]!)
    }
  }

  const header = (key: SortKey, label: string, className?: string) => (
    <Table.Th className={className}>
      <UnstyledButton className={classes.sort} onClick={() => onSort(key)} aria-label={`Sort by ${label}`}>
        {label}
        {sort.key === key ? (sort.up ? ' ▲' : ' ▼') : ''}
      </UnstyledButton>
    </Table.Th>
  )

  const items = virtualizer.getVirtualItems()
  const body: ReactNode[] = []
  // Spacer rows stand in for the rows not rendered, above, between (the focused row kept rendered
  // far from the visible ones) and below, so the scroll area has every row's height.
  let cursor = headPx
  const spacer = (height: number, key: string) =>
    height > 0 &&
    body.push(
      <tr key={key} aria-hidden className={classes.spacer} data-spacer>
        {/* 6, the columns a narrow window shows: 7 would add a phantom column there (fixed layout counts spans) */}
        <td colSpan={6} style={{ height }} />
      </tr>,
    )
  for (const item of items) {
    spacer(item.start - cursor, `gap-${item.key}`)
    cursor = item.end
    const row = rows[item.index]!
    body.push(
      <Table.Tr
        key={item.key}
        data-index={item.index}
        ref={virtualizer.measureElement}
        aria-rowindex={item.index + 2}
        // striped by the row's index, not by :nth-of-type, which the spacer rows would shift while scrolling
        data-stripe={item.index % 2 === 0 || undefined}
        tabIndex={item.index === activeIndex ? 0 : -1}
        className={classes.row}
        onClick={() => {
          setActiveId(row.id)
          onOpen(row)
        }}
        onFocus={() => setActiveId(row.id)}
        title={`${row.reason} — click to open in Inspect`}
      >
        <Table.Td>{row.id}</Table.Td>
        <Table.Td className={`${classes.uri} ${classes.hideNarrow}`} data-column="subject">
          {row.sub ? <BreakableText text={row.sub} /> : '—'}
        </Table.Td>
        <Table.Td className={classes.uri} data-column="issuer">
          {row.iss ? <BreakableText text={row.iss} /> : '—'}
        </Table.Td>
        <Table.Td>{row.alg ?? '—'}</Table.Td>
        <Table.Td className={classes.nowrap}>
          <Badge
            size="xs"
            variant="light"
            color={verdictColor[row.verdict]}
            className={classes.badge}
            data-testid="scan-verdict"
          >
            {row.verdict}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="wrap">
            {row.findings.slice(0, 3).map((f) => (
              <Badge
                key={f.id}
                size="xs"
                variant="outline"
                color={severityColor[f.severity]}
                title={f.title}
                className={classes.badge}
              >
                {f.id}
              </Badge>
            ))}
            {row.findings.length > 3 && <Text fz="xs">+{row.findings.length - 3}</Text>}
          </Group>
        </Table.Td>
        <Table.Td className={classes.location} title={row.locations.map(placeText).join('\n')} data-column="location">
          {row.locations[0] && <PlaceText place={row.locations[0]} more={row.locations.length - 1} />}
        </Table.Td>
      </Table.Tr>,
    )
  }
  spacer(headPx + virtualizer.getTotalSize() - cursor, 'gap-end')

  return (
    <div className={classes.tableWrap} ref={scrollRef} data-testid="scan-table-scroll">
      <Table
        highlightOnHover
        stickyHeader
        fz="xs"
        data-testid="scan-table"
        aria-rowcount={rows.length + 1}
        className={classes.table}
      >
        <Table.Thead ref={headRef}>
          <Table.Tr aria-rowindex={1}>
            {header('id', '#', classes.colId)}
            {header('sub', 'Subject', `${classes.hideNarrow} ${classes.colSubject}`)}
            {header('iss', 'Issuer')}
            {header('alg', 'Alg', classes.colAlg)}
            {header('verdict', 'Verdict', classes.colVerdict)}
            {header('findings', 'Findings', classes.colFindings)}
            {header('locations', 'Locations')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody onKeyDown={onKeyDown}>{body}</Table.Tbody>
      </Table>
    </div>
  )
}

const verdictColor: Record<string, string> = {
  valid: 'teal',
  invalid: 'red',
  unverifiable: 'gray',
  expired: 'orange',
  encrypted: 'blue',
  malformed: 'red',
}

export const severityColor: Record<string, string> = { high: 'red', medium: 'orange', low: 'yellow', info: 'gray' }
