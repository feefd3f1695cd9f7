import { useDisclosure } from '@mantine/hooks'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { screens } from '../screens'
import { BridgeMissingBanner, StoreProblemBanner, StoreRecoveryBanner } from './banners'
import { createShellCommandBus, ShellCommandProvider } from './commands'
import { NavRail } from './nav-rail'
import { isMacPlatform } from './platform'
import { ScreenPlaceholder } from './screen-placeholder'
import { commandForKey, describeShortcuts, modifierLabel } from './shortcuts'
import { ShortcutsDialog } from './shortcuts-dialog'
import { StatusBar } from './status-bar'
import { useAppInfo } from './use-app-info'
import classes from './shell.module.css'

/**
 * The window frame: rail, banners, the active screen, status bar, and the app-wide shortcuts.
 * Screens are mounted on first visit and then kept (hidden) so their state survives switching.
 */
export function Shell() {
  const [activeId, setActiveId] = useState(screens[0]!.id)
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set([screens[0]!.id]))
  const [shortcutsOpen, { open: openShortcuts, close: closeShortcuts }] = useDisclosure(false)
  const [focusRequest, setFocusRequest] = useState(0)
  const bus = useMemo(() => createShellCommandBus(), [])
  const { state, recheckKeychain, rechecking, reloadInfo } = useAppInfo()
  const isMac = useMemo(() => isMacPlatform(), [])

  const goTo = useCallback((id: string) => {
    setActiveId(id)
    setVisited((previous) => (previous.has(id) ? previous : new Set([...previous, id])))
  }, [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const command = commandForKey(
        {
          key: event.key,
          code: event.code,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          shiftKey: event.shiftKey,
          inEditable: isEditableTarget(event.target),
        },
        isMac,
        screens.length,
      )
      if (!command) return
      // Capture phase + stopPropagation: CodeMirror binds Mod-L (select line) and Mod-/ (comment).
      event.preventDefault()
      event.stopPropagation()
      switch (command.type) {
        case 'go-to-screen':
          goTo(screens[command.index]!.id)
          break
        case 'focus-token-editor':
          goTo('inspect')
          setFocusRequest((n) => n + 1)
          break
        case 'show-shortcuts':
          openShortcuts()
          break
      }
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [goTo, isMac, openShortcuts])

  // Sign's "Open in Inspect": Inspect (always mounted: it is the first screen) takes the token itself.
  useEffect(() => bus.subscribe('inspect-token', () => goTo('inspect')), [bus, goTo])
  useEffect(() => bus.subscribe('show-screen', ({ id }) => goTo(id)), [bus, goTo])

  // After the switch has rendered, so the editor is visible and can take focus.
  useEffect(() => {
    if (focusRequest > 0) bus.emit('focus-token-editor')
  }, [focusRequest, bus])

  const active = screens.find((screen) => screen.id === activeId) ?? screens[0]!
  useEffect(() => {
    document.title = `${active.label} — Signet`
  }, [active])

  const shortcutList = useMemo(
    () =>
      describeShortcuts(
        isMac,
        screens.map((s) => s.label),
      ),
    [isMac],
  )

  return (
    <ShellCommandProvider bus={bus}>
      <div className={classes.shell}>
        <NavRail
          screens={screens}
          activeId={activeId}
          onSelect={goTo}
          onShowShortcuts={openShortcuts}
          modLabel={modifierLabel(isMac)}
        />
        <div className={classes.banners}>
          {state.status === 'no-bridge' && <BridgeMissingBanner />}
          {state.status === 'ready' && state.info.storeProblem && (
            <StoreProblemBanner problem={state.info.storeProblem} />
          )}
          {state.status === 'ready' && state.info.storeRecovery && (
            <StoreRecoveryBanner recovery={state.info.storeRecovery} onAcknowledged={reloadInfo} />
          )}
        </div>
        <main className={classes.main}>
          {screens.map((screen) => {
            if (!visited.has(screen.id)) return null
            const Component = screen.component
            const isActive = screen.id === activeId
            return (
              <div
                key={screen.id}
                className={classes.screen}
                hidden={!isActive}
                data-screen={screen.id}
                aria-label={screen.label}
                role="region"
              >
                {Component ? <Component active={isActive} /> : <ScreenPlaceholder screen={screen} />}
              </div>
            )
          })}
        </main>
        <StatusBar state={state} onRecheckKeychain={recheckKeychain} rechecking={rechecking} />
      </div>
      <ShortcutsDialog opened={shortcutsOpen} onClose={closeShortcuts} shortcuts={shortcutList} />
    </ShellCommandProvider>
  )
}

/** True for elements where a plain key press is text input (so "?" is typed, not a shortcut). */
function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.closest('.cm-editor') !== null
}
