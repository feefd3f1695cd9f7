import type { Warning } from '#shared/managed-keys/types'

/** What the last operation on the Keys screen did, shown above the set until dismissed. */
export interface ResultNote {
  title: string
  detail?: string
  warnings: Warning[]
}
