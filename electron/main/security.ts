/**
 * The window's security policy as pure functions, so every rule is unit-tested without Electron
 * (Signal Desktop's approach). window.ts and index.ts only wire these into Electron's hooks.
 *
 * Default deny: the renderer is untrusted, may not navigate, open windows, attach webviews or
 * obtain permissions, and may only talk to main from our own app:// page.
 */

export const appScheme = 'app'
export const appHost = 'signet'
export const appOrigin = `${appScheme}://${appHost}`
export const appEntryUrl = `${appOrigin}/index.html`

/**
 * The subset of Electron's WebPreferences this policy pins, as literal types: window.ts writes the
 * object out (so electronegativity can read it) and this type makes any weakened value a compile error.
 */
export interface HardenedWebPreferences {
  contextIsolation: true
  sandbox: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  webSecurity: true
  allowRunningInsecureContent: false
  experimentalFeatures: false
  webviewTag: false
  navigateOnDragDrop: false
  disableBlinkFeatures: 'Auxclick'
  spellcheck: false
  safeDialogs: true
  preload: string
}

/**
 * The Content Security Policy sent as a response header with every app:// response.
 * Scripts: only our own bundle, never inline or eval. Styles allow 'unsafe-inline' because
 * CodeMirror and the component library inject <style> elements at run time; styles cannot run code.
 * No remote origin anywhere: Signet is offline by design.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/**
 * The same policy for a <meta> tag in the built index.html (defence in depth, and what static
 * scanners read). frame-ancestors is dropped: browsers ignore it in <meta> and warn.
 */
export const metaContentSecurityPolicy = contentSecurityPolicy
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ')

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
}

/** True only for URLs of our own bundle (app://signet/...). */
export function isAppUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === `${appScheme}:` && parsed.host === appHost && parsed.username === '' && parsed.password === ''
  )
}

/** Navigation away from the app page is never allowed; in-app routing is client-side (hash) only. */
export function isNavigationAllowed(targetUrl: string, currentUrl: string): boolean {
  if (!isAppUrl(targetUrl) || !isAppUrl(currentUrl)) return false
  const target = new URL(targetUrl)
  const current = new URL(currentUrl)
  return target.pathname === current.pathname && target.search === current.search
}

export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' }
}

/** Every permission (camera, notifications, clipboard-read, …) is denied: Signet needs none. */
export function isPermissionGranted(_permission: string): false {
  return false
}

/** IPC is answered only for our top-level app page, never for a subframe or any other origin. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url)
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

export function contentTypeFor(path: string): string {
  const dot = path.lastIndexOf('.')
  return (dot >= 0 && contentTypes[path.slice(dot).toLowerCase()]) || 'application/octet-stream'
}

/**
 * Maps an app:// URL to a file path relative to the renderer bundle, or null when it would escape
 * the bundle (.., encoded traversal, absolute paths, backslashes) or is not ours.
 */
export function resolveAppPath(url: string): string | null {
  if (!isAppUrl(url)) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(url).pathname)
  } catch {
    return null
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html'
  if (pathname.includes('\\') || pathname.includes('\0')) return null
  const segments = pathname.split('/').filter((s) => s.length > 0)
  if (segments.some((s) => s === '..' || s === '.')) return null
  return segments.join('/')
}
