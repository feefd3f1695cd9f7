import type { SerializedError } from '#shared/errors'
import { type Policy } from '#shared/validation-policy/policy'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import type { ComparisonToken } from './verify/comparison'
import { emptyKeyText } from './verify/key-input'
import { draftToPolicy, emptyDraft, type DraftField, type Evaluation, type PolicyDraft } from './verify/policy-draft'
import type { KeyPanelState } from './verify/use-verification'
import { emptyRevocation, type RevocationPanelState } from './verify/use-revocation'

/**
 * Everything Inspect remembers between renders, as one pure reducer: the token text and where it
 * came from, the key panel, the revocation lists, the policy being typed (and the last valid policy, which stays in force
 * while a field is invalid), the evaluation time, the pinned comparison tokens and the open tab.
 * Derived values (decoding, verification) are not kept here: they follow from this state.
 */

/** A managed key named by reference (set and kid), never by its material. */
export interface ManagedKeyRef {
  set: string
  kid: string
}

export type InputTab = 'key' | 'policy' | 'revocation' | 'sign'

export interface InspectorState {
  input: string
  /**
   * Counts the replacements of the text from outside the editor (a file, an example, Clear, a
   * re-sign, another screen): the editor shows `input` when this changes. Typed text comes from the
   * editor itself, so it leaves this alone and the editor is never written back while typing.
   */
  inputRevision: number
  /** where the text came from: a file name, "Signed with …", an example's source; null when typed */
  source: string | null
  fileError: SerializedError | null
  keys: KeyPanelState
  /** the Revocation tab: a Status List Token and/or a Signet revocation list to check the token against */
  lists: RevocationPanelState
  draft: PolicyDraft
  /** the draft's problems by field; empty when it makes a policy */
  draftErrors: Partial<Record<DraftField, string>>
  /** the policy in force: the draft's, or the last valid one while the draft has a problem */
  policy: Policy
  evaluation: Evaluation
  pinned: ComparisonToken[]
  tab: InputTab
}

export const initialKeys: KeyPanelState = {
  source: 'text',
  verify: emptyKeyText,
  anchors: '',
  decryptWith: 'key',
  decrypt: emptyKeyText,
  password: '',
  allowRsa1_5: false,
}

export const initialInspectorState: InspectorState = {
  input: '',
  inputRevision: 0,
  source: null,
  fileError: null,
  keys: initialKeys,
  lists: emptyRevocation,
  draft: emptyDraft,
  draftErrors: {},
  policy: defaultPolicy(),
  evaluation: { mode: 'now' },
  pinned: [],
  tab: 'key',
}

export type InspectorAction =
  /** new token text: opened, pasted from an example, cleared or sent by another screen (from null when none) */
  | { type: 'input'; text: string; from: string | null }
  /**
   * the editor's own text, typed or pasted into it, over the text of `revision`: ignored when the
   * text was replaced from outside since (it reaches here after the keystroke's paint)
   */
  | { type: 'typed'; text: string; revision: number }
  /** a token that comes with the managed key that signed it (Sign's "Open in Inspect", a re-sign) */
  | { type: 'input-signed'; text: string; key: ManagedKeyRef }
  /** an edited token re-signed here with a pasted key: verified with that same key text (its public half for a private key) */
  | { type: 'resigned'; text: string; keyText: string }
  /** an edited token left unsecured (alg "none"), by explicit choice */
  | { type: 'unsecured'; text: string }
  | { type: 'file-error'; error: SerializedError }
  | { type: 'keys'; keys: KeyPanelState }
  | { type: 'lists'; lists: RevocationPanelState }
  /** the weak-secret search found the secret: verify with it */
  | { type: 'use-secret'; secret: string; variant: 'plain' | 'base64-decoded' }
  | { type: 'draft'; draft: PolicyDraft }
  | { type: 'evaluation'; evaluation: Evaluation }
  | { type: 'pin'; token: ComparisonToken }
  | { type: 'unpin'; id: string }
  | { type: 'tab'; tab: InputTab }

export function inspectorReducer(state: InspectorState, action: InspectorAction): InspectorState {
  switch (action.type) {
    case 'input':
      return { ...replaced(state, action.text), source: action.from }
    case 'typed':
      if (action.revision !== state.inputRevision) return state
      return { ...state, input: action.text, source: null, fileError: null }
    case 'input-signed':
      return {
        ...replaced(state, action.text),
        source: `Signed with ${action.key.kid} (${action.key.set})`,
        // The token's kid (which Signet's signer always sets) then selects this very key.
        keys: { ...state.keys, source: 'managed' },
        tab: 'key',
      }
    case 'resigned':
      return {
        ...replaced(state, action.text),
        source: 'Re-signed here with the pasted key',
        keys: { ...state.keys, source: 'text', verify: { text: action.keyText, fileName: null, encoding: 'auto' } },
      }
    case 'unsecured':
      return { ...replaced(state, action.text), source: 'Unsecured (alg: none), made here' }
    case 'file-error':
      return { ...state, fileError: action.error }
    case 'keys':
      return { ...state, keys: action.keys }
    case 'lists':
      return { ...state, lists: action.lists }
    case 'use-secret':
      return {
        ...state,
        keys: {
          ...state.keys,
          source: 'text',
          verify: { text: action.secret, fileName: null, encoding: action.variant === 'plain' ? 'utf8' : 'base64' },
        },
      }
    case 'draft': {
      const drafted = draftToPolicy(action.draft)
      return { ...state, draft: action.draft, draftErrors: drafted.errors, policy: drafted.policy ?? state.policy }
    }
    case 'evaluation':
      return { ...state, evaluation: action.evaluation }
    case 'pin':
      // Ids stay unique even after an unpin: the count alone could repeat.
      return { ...state, pinned: [...state.pinned, { ...action.token, id: uniqueId(state.pinned, action.token.id) }] }
    case 'unpin':
      return { ...state, pinned: state.pinned.filter((p) => p.id !== action.id) }
    case 'tab':
      return { ...state, tab: action.tab }
  }
}

/** New text from outside the editor: a new revision, so the editor shows it. */
function replaced(state: InspectorState, text: string): InspectorState {
  return { ...state, input: text, inputRevision: state.inputRevision + 1, fileError: null }
}

function uniqueId(pinned: readonly ComparisonToken[], id: string): string {
  const taken = new Set(pinned.map((p) => p.id))
  if (!taken.has(id)) return id
  let n = 2
  while (taken.has(`${id}-${n}`)) n++
  return `${id}-${n}`
}
