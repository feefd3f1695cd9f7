import { describe, expect, it } from 'vitest'
import {
  inspectorReducer,
  initialInspectorState,
  type InspectorState,
} from '#renderer/features/inspector/inspector-state'
import { comparisonFromClaims } from '#renderer/features/inspector/verify/comparison'
import { emptyDraft } from '#renderer/features/inspector/verify/policy-draft'

const start: InspectorState = initialInspectorState

describe('inspectorReducer', () => {
  it('new text replaces the source and clears a file error', () => {
    const failed = inspectorReducer(start, { type: 'file-error', error: { code: 'ERR_FILE_UNREADABLE', message: 'x' } })
    expect(failed.fileError?.code).toBe('ERR_FILE_UNREADABLE')
    const next = inspectorReducer({ ...failed, source: 'token.jwt' }, { type: 'input', text: 'abc', from: null })
    expect(next).toMatchObject({ input: 'abc', source: null, fileError: null })
    // Nothing else moves: the key panel and the policy stay as they were.
    expect(next.keys).toBe(start.keys)
    expect(next.policy).toBe(start.policy)
  })

  it('a token signed by a managed key selects the managed keys as the source, by reference only', () => {
    const typed = inspectorReducer(start, {
      type: 'keys',
      keys: { ...start.keys, verify: { text: 'a secret', fileName: null, encoding: 'auto' } },
    })
    const next = inspectorReducer(
      { ...typed, tab: 'policy' },
      { type: 'input-signed', text: 'e30.e30.sig', key: { set: 'orders-api', kid: 'orders-es256' } },
    )
    expect(next.keys.source).toBe('managed')
    expect(next.tab).toBe('key')
    expect(next.source).toBe('Signed with orders-es256 (orders-api)')
    expect(next.input).toBe('e30.e30.sig')
    // The pasted text is left alone for when the user switches back.
    expect(next.keys.verify.text).toBe('a secret')
  })

  it('the weak-secret finding switches to a pasted secret in the encoding it was found in', () => {
    const managed = { ...start, keys: { ...start.keys, source: 'managed' as const } }
    expect(inspectorReducer(managed, { type: 'use-secret', secret: 'secret', variant: 'plain' }).keys).toMatchObject({
      source: 'text',
      verify: { text: 'secret', encoding: 'utf8' },
    })
    expect(
      inspectorReducer(managed, { type: 'use-secret', secret: 'c2VjcmV0', variant: 'base64-decoded' }).keys.verify
        .encoding,
    ).toBe('base64')
  })

  it('an invalid draft keeps the last valid policy in force and reports the field', () => {
    const valid = inspectorReducer(start, { type: 'draft', draft: { ...emptyDraft, issuer: ['https://a.example'] } })
    expect(valid.policy.issuer).toEqual(['https://a.example'])
    expect(valid.draftErrors).toEqual({})
    const invalid = inspectorReducer(valid, { type: 'draft', draft: { ...valid.draft, clockSkew: 'soon' } })
    expect(invalid.draftErrors.clockSkew).toMatch(/soon/)
    expect(invalid.policy).toBe(valid.policy)
    expect(invalid.draft.clockSkew).toBe('soon')
  })

  it('pins keep unique ids, and unpinning removes only the one asked for', () => {
    const token = { ...comparisonFromClaims({ alg: 'HS256' }, { sub: 'a', exp: 100 }), id: 'pin-x' }
    const once = inspectorReducer(start, { type: 'pin', token })
    const twice = inspectorReducer(once, { type: 'pin', token })
    expect(twice.pinned.map((p) => p.id)).toEqual(['pin-x', 'pin-x-2'])
    expect(inspectorReducer(twice, { type: 'unpin', id: 'pin-x' }).pinned.map((p) => p.id)).toEqual(['pin-x-2'])
  })

  it('evaluation and tab are plain settings', () => {
    expect(inspectorReducer(start, { type: 'evaluation', evaluation: { mode: 'fixed', at: 5 } }).evaluation).toEqual({
      mode: 'fixed',
      at: 5,
    })
    expect(inspectorReducer(start, { type: 'tab', tab: 'sign' }).tab).toBe('sign')
  })
})

describe('inspectorReducer after a re-sign', () => {
  it('a token re-signed with a pasted key is verified with that same text, read the same way', () => {
    const managed = { ...start, keys: { ...start.keys, source: 'managed' as const } }
    const next = inspectorReducer(managed, { type: 'resigned', text: 'a.b.c', keyText: 'the secret' })
    expect(next.input).toBe('a.b.c')
    expect(next.source).toMatch(/Re-signed/)
    expect(next.keys).toMatchObject({
      source: 'text',
      verify: { text: 'the secret', encoding: 'auto', fileName: null },
    })
  })

  it('an unsecured token replaces the text and leaves the key panel alone', () => {
    const next = inspectorReducer(start, { type: 'unsecured', text: 'a.b.' })
    expect(next.input).toBe('a.b.')
    expect(next.keys).toBe(start.keys)
  })
})

describe('inspectorReducer: typed text and replacements from outside the editor', () => {
  it('every replacement from outside the editor is a new revision, so the editor shows it', () => {
    const opened = inspectorReducer(start, { type: 'input', text: 'a.b.c', from: 'token.jwt' })
    expect(opened).toMatchObject({ input: 'a.b.c', source: 'token.jwt', inputRevision: start.inputRevision + 1 })
    // The same text again (an example clicked twice) is still a replacement: it undoes the edits.
    const again = inspectorReducer(opened, { type: 'input', text: 'a.b.c', from: 'token.jwt' })
    expect(again.inputRevision).toBe(opened.inputRevision + 1)
    const signed = inspectorReducer(again, { type: 'input-signed', text: 'd.e.f', key: { set: 's', kid: 'k' } })
    const resigned = inspectorReducer(signed, { type: 'resigned', text: 'g.h.i', keyText: 'k' })
    const unsecured = inspectorReducer(resigned, { type: 'unsecured', text: 'j.k.' })
    expect([signed, resigned, unsecured].map((s) => s.inputRevision)).toEqual([
      again.inputRevision + 1,
      again.inputRevision + 2,
      again.inputRevision + 3,
    ])
  })

  it('typed text keeps the revision, drops the source and the file error', () => {
    const opened = inspectorReducer(inspectorReducer(start, { type: 'input', text: 'a.b.c', from: 'token.jwt' }), {
      type: 'file-error',
      error: { code: 'ERR_FILE_UNREADABLE', message: 'x' },
    })
    const typed = inspectorReducer(opened, { type: 'typed', text: 'a.b.cd', revision: opened.inputRevision })
    expect(typed).toMatchObject({ input: 'a.b.cd', source: null, fileError: null, inputRevision: opened.inputRevision })
  })

  it('text typed over a replaced text arrives late and is dropped: the replacement stands', () => {
    const typedOver = start.inputRevision
    const cleared = inspectorReducer({ ...start, input: 'a.b.c' }, { type: 'input', text: '', from: null })
    // The keystroke came before Clear, but reaches the state after it (after the keystroke's paint).
    const late = inspectorReducer(cleared, { type: 'typed', text: 'a.b.cd', revision: typedOver })
    expect(late).toBe(cleared)
  })
})
