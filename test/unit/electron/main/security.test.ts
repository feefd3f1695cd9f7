import { describe, expect, it } from 'vitest'
import {
  appEntryUrl,
  contentSecurityPolicy,
  contentTypeFor,
  isAppUrl,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedSender,
  resolveAppPath,
  securityHeaders,
  windowOpenDecision,
} from '#electron/main/security'

describe('content security policy', () => {
  const directives = Object.fromEntries(
    contentSecurityPolicy.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name, values]
    }),
  )

  it('denies by default and allows scripts only from our own bundle', () => {
    expect(directives['default-src']).toEqual(["'none'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|wasm-unsafe|script-src[^;]*unsafe-inline/)
  })

  it('names no remote origin anywhere', () => {
    expect(contentSecurityPolicy).not.toMatch(/https?:|\*|ws:|wss:/)
  })

  it('forbids framing, plugins, forms and base rewriting', () => {
    expect(directives['frame-ancestors']).toEqual(["'none'"])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['form-action']).toEqual(["'none'"])
    expect(directives['base-uri']).toEqual(["'none'"])
  })

  it('is sent with the other security headers', () => {
    expect(securityHeaders['Content-Security-Policy']).toBe(contentSecurityPolicy)
    expect(securityHeaders['X-Content-Type-Options']).toBe('nosniff')
  })
})

describe('origin and navigation rules', () => {
  it('recognises only app://signet URLs as ours', () => {
    expect(isAppUrl(appEntryUrl)).toBe(true)
    expect(isAppUrl('app://signet/assets/x.js')).toBe(true)
    for (const url of [
      'https://signet/index.html',
      'file:///index.html',
      'app://evil/index.html',
      'app://user:pw@signet/',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false)
    }
  })

  it('denies every navigation away from the app page', () => {
    expect(isNavigationAllowed('https://example.com/', appEntryUrl)).toBe(false)
    expect(isNavigationAllowed('file:///etc/passwd', appEntryUrl)).toBe(false)
    expect(isNavigationAllowed('app://signet/other.html', appEntryUrl)).toBe(false)
    expect(isNavigationAllowed('app://signet/index.html?x=1', appEntryUrl)).toBe(false)
  })

  it('allows only in-page hash routing', () => {
    expect(isNavigationAllowed(`${appEntryUrl}#/keys`, appEntryUrl)).toBe(true)
  })

  it('denies window.open and every permission', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' })
    for (const permission of [
      'media',
      'notifications',
      'clipboard-read',
      'geolocation',
      'openExternal',
      'fullscreen',
    ]) {
      expect(isPermissionGranted(permission)).toBe(false)
    }
  })
})

describe('IPC sender validation', () => {
  it('accepts our top-level app frame only', () => {
    expect(isTrustedSender({ url: appEntryUrl, parent: null })).toBe(true)
    expect(isTrustedSender({ url: appEntryUrl, parent: {} })).toBe(false)
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
    expect(isTrustedSender(undefined)).toBe(false)
  })
})

describe('app:// file resolution', () => {
  it('maps URLs into the renderer bundle', () => {
    expect(resolveAppPath('app://signet/')).toBe('index.html')
    expect(resolveAppPath('app://signet/assets/index-abc.js')).toBe('assets/index-abc.js')
  })

  it('never lets a path escape the bundle', () => {
    // The URL parser already folds plain and %2e dot segments into the root ("/../x" → "/x").
    expect(resolveAppPath('app://signet/../secret')).toBe('secret')
    expect(resolveAppPath('app://signet/%2e%2e/secret')).toBe('secret')
  })

  it('refuses encoded traversal, backslashes, NUL, bad encoding and foreign hosts', () => {
    for (const url of [
      'app://signet/assets/%2e%2e%2f%2e%2e%2fetc/passwd',
      'app://signet/a%5c..%5cb',
      'app://signet/a%00b',
      'app://other/index.html',
      'app://signet/%E0%A4%A',
    ]) {
      expect(resolveAppPath(url), url).toBeNull()
    }
  })

  it('serves known types with the right content type', () => {
    expect(contentTypeFor('index.html')).toMatch(/^text\/html/)
    expect(contentTypeFor('assets/a.JS')).toMatch(/^text\/javascript/)
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream')
  })
})
