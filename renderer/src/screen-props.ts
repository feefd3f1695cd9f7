/**
 * What the shell gives every screen. Its own module so that the screens can name it without
 * importing screens.ts, which imports them (no import loop).
 */
export interface ScreenProps {
  /**
   * Whether the screen is the one on show. Screens stay mounted once visited (so a pasted token
   * or a half-filled form survives switching away); use this to pause timers or polling.
   */
  active: boolean
}
