import { createContext, useContext, type Dispatch } from 'react'
import type { InspectorAction } from './inspector-state'

/**
 * Inspect's dispatch, for the panels deep in the screen (results, timeline, re-sign): stable for
 * the screen's lifetime, so reading it never re-renders a memoised panel, and the screen passes
 * data down, not a callback per action.
 */
export const InspectorDispatchContext = createContext<Dispatch<InspectorAction>>(() => {
  throw new Error('InspectorDispatchContext is used outside the Inspect screen')
})

export function useInspectorDispatch(): Dispatch<InspectorAction> {
  return useContext(InspectorDispatchContext)
}
