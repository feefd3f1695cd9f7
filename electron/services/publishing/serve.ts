import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import { SignetError } from '#shared/errors'
import { privateJwkMembers } from '#shared/managed-keys/types'
import type { PublishedJwks } from './published-jwks'

/**
 * The loopback JWKS endpoint for local development and tests of services that fetch a JWKS:
 * `/.well-known/jwks.json` and `/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4)
 * for each set under `/<set>/…`, and for the first set also at the root.
 *
 * Every request re-reads the set, so a key change is served on the next request. Headers follow
 * RFC 7517 §8.5 (application/jwk-set+json), RFC 9111 (Cache-Control max-age = the set's JWKS cache
 * time) and RFC 9110 §8.8.3 / §13.1.2 (strong ETag, If-None-Match → 304).
 */

export interface JwksServerOptions {
  sets: readonly string[]
  read: (set: string) => PublishedJwks
  /** default 127.0.0.1; anything else must be loopback unless allowRemote */
  host?: string
  /** default 0: the OS picks a free port */
  port?: number
  allowRemote?: boolean
}

export interface JwksServer {
  /** base URL, e.g. http://127.0.0.1:43121 */
  url: string
  /** the JWKS URL of each set */
  jwksUrls: Record<string, string>
  close(): Promise<void>
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1' || host === '[::1]'
}

/** @throws SignetError ERR_USAGE for no set or a non-loopback host without allowRemote; ERR_SERVE_FAILED when the port cannot be bound */
export async function startJwksServer(options: JwksServerOptions): Promise<JwksServer> {
  const host = options.host ?? '127.0.0.1'
  if (options.sets.length === 0) throw new SignetError('ERR_USAGE', 'Name at least one key set to serve (--set S).')
  if (!isLoopbackHost(host) && !options.allowRemote) {
    throw new SignetError(
      'ERR_USAGE',
      `Refused to serve on "${host}": it is not a loopback address, so other machines could reach it. Pass --allow-remote if that is what you want.`,
    )
  }
  for (const set of options.sets) options.read(set)
  const server = createServer((request, response) => handle(request, response, options, base))
  let base = ''
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SignetError(
          'ERR_SERVE_FAILED',
          `Cannot listen on ${host}:${options.port ?? 0}: ${error.code === 'EADDRINUSE' ? 'the port is in use; pick another with --port' : error.message}.`,
        ),
      ),
    )
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0)
  base = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`
  const jwksUrls = Object.fromEntries(
    options.sets.map((set) => [set, `${base}/${encodeURIComponent(set)}/.well-known/jwks.json`]),
  )
  return { url: base, jwksUrls, close: () => closeServer(server) }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

function handle(request: IncomingMessage, response: ServerResponse, options: JwksServerOptions, base: string): void {
  const path = (request.url ?? '/').split('?')[0]!
  const match = /^(?:\/([^/]+))?\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(path)
  const setName = match ? (match[1] === undefined ? options.sets[0] : safeDecode(match[1])) : undefined
  response.setHeader('Access-Control-Allow-Origin', '*')
  if (!match || setName === undefined || !options.sets.includes(setName)) return send(response, 404, 'not found\n')
  if (request.method === 'OPTIONS') {
    response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS')
    response.setHeader('Access-Control-Allow-Headers', 'If-None-Match')
    return send(response, 204, '')
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD, OPTIONS')
    return send(response, 405, 'method not allowed\n')
  }
  let published: PublishedJwks
  try {
    published = options.read(setName)
  } catch {
    return send(response, 503, 'the key set cannot be read right now\n')
  }
  const prefix = match[1] === undefined ? base : `${base}/${encodeURIComponent(setName)}`
  const body =
    match[2] === 'jwks.json'
      ? guarded(published.bytes)
      : Buffer.from(
          `${JSON.stringify({ issuer: published.issuer ?? prefix, jwks_uri: `${prefix}/.well-known/jwks.json` }, null, 2)}\n`,
        )
  if (!body) return send(response, 500, 'refused to serve a JWKS with a private member\n')
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`
  response.setHeader('Content-Type', match[2] === 'jwks.json' ? 'application/jwk-set+json' : 'application/json')
  response.setHeader('Cache-Control', `public, max-age=${published.cacheSeconds}`)
  response.setHeader('ETag', etag)
  if (matchesEtag(request.headers['if-none-match'], etag)) return send(response, 304, '')
  response.statusCode = 200
  response.setHeader('Content-Length', body.length)
  response.end(request.method === 'HEAD' ? undefined : body)
}

/** Last line of defence: the bytes about to leave are parsed and checked for any private member. */
function guarded(bytes: Buffer): Buffer | null {
  const parsed = JSON.parse(bytes.toString('utf8')) as { keys: Record<string, unknown>[] }
  return parsed.keys.some((key) => privateJwkMembers.some((member) => member in key)) ? null : bytes
}

/** RFC 9110 §13.1.2: a list of entity tags or "*"; weak comparison for If-None-Match. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

function send(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status
  if (text) response.setHeader('Content-Type', 'text/plain; charset=utf-8')
  response.end(text)
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
