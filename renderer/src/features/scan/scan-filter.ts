import { placeText, type ScanRow } from './scan-core'

/**
 * Which rows the Scan table shows for the filter box's text and the verdict buttons.
 *
 * The text matches, case-insensitively and anywhere, a row's issuer, subject, alg, kid, verdict,
 * locations, and its findings' ids (as their badges show them) and titles — except text that is
 * exactly the id of a finding some row has (what a finding count sets): then only rows with that
 * finding, so "alg-none" does not also show "alg-none-variant".
 *
 * @param text the filter box's text; blank keeps every row of the verdict
 * @param verdict a scan verdict, or "all"
 */
export function filterRows(rows: readonly ScanRow[], text: string, verdict: string): ScanRow[] {
  const needle = text.trim().toLowerCase()
  const ofVerdict = verdict === 'all' ? rows : rows.filter((row) => row.verdict === verdict)
  if (needle === '') return [...ofVerdict]
  const hasFinding = (row: ScanRow) => row.findings.some((f) => f.id.toLowerCase() === needle)
  if (rows.some(hasFinding)) return ofVerdict.filter(hasFinding)
  return ofVerdict.filter((row) =>
    [
      row.iss,
      row.sub,
      row.alg,
      row.kid,
      row.verdict,
      ...row.locations.map(placeText),
      ...row.findings.flatMap((f) => [f.id, f.title]),
    ].some((value) => value?.toLowerCase().includes(needle)),
  )
}
