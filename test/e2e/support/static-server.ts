import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { appOrigin, contentTypeFor, resolveAppPath, securityHeaders } from '#electron/main/security'

/**
 * Serves the BUILT renderer (out/renderer) the way electron/main/protocol.ts serves it inside the
 * app: the same path resolution and the same security headers, CSP included, so a CSP violation
 * shows up in e2e tests exactly as it would in Signet.
 */
export interface RendererServer {
  url: string
  close(): Promise<void>
}

export async function startRendererServer(rendererDir: string): Promise<RendererServer> {
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname
    const relative = resolveAppPath(`${appOrigin}${pathname}`)
    const notFound = () => {
      response.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('Not found')
    }
    if (relative === null || request.method !== 'GET') return notFound()
    readFile(join(rendererDir, relative)).then((body) => {
      response.writeHead(200, {
        ...securityHeaders,
        'Content-Type': contentTypeFor(relative),
        'Cache-Control': 'no-store',
      })
      response.end(body)
    }, notFound)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
