import { net, protocol } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { appScheme, contentTypeFor, resolveAppPath, securityHeaders } from './security'

/** Must run before app 'ready': app:// is a standard, secure scheme so the page gets a real origin. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false } },
  ])
}

/** Serves the built renderer from app://signet/, with the CSP and security headers on every response. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const relative = resolveAppPath(request.url)
    if (relative === null) return new Response('Not found', { status: 404, headers: securityHeaders })
    const file = await net.fetch(pathToFileURL(join(rendererDir, relative)).toString()).catch(() => null)
    if (!file || !file.ok) return new Response('Not found', { status: 404, headers: securityHeaders })
    return new Response(file.body, {
      status: 200,
      headers: { ...securityHeaders, 'Content-Type': contentTypeFor(relative) },
    })
  })
}
