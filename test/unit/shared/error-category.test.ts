import { describe, expect, it } from 'vitest'
import { errorCategories, errorCategory } from '#shared/error-category'
import { errorCodes } from '#shared/errors'
import { exitCodeForError } from '#cli/exit'

describe('error categories: one reading of every code for the CLI, the UI and messages', () => {
  it('gives every code exactly one category', () => {
    expect(Object.keys(errorCategories).sort()).toEqual([...errorCodes].sort())
  })

  it('maps a category to one exit code everywhere (ERR_CONFLICT exited 1 from keys rotate and 2 from backup restore)', () => {
    expect(exitCodeForError('ERR_CONFLICT')).toBe(1)
    expect(exitCodeForError('ERR_LIFECYCLE_TOO_EARLY')).toBe(1)
    expect(exitCodeForError('ERR_TOKEN_JSON')).toBe(2)
    expect(exitCodeForError('ERR_KEYCHAIN_UNAVAILABLE')).toBe(2)
    expect(exitCodeForError('ERR_INTERNAL')).toBe(2)
  })

  it('treats an unknown code as internal', () => {
    expect(errorCategory('ERR_NOT_A_CODE')).toBe('internal')
  })
})
