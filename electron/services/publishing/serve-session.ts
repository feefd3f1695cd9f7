import type { JwksServeStatus } from '#shared/contract/publishing'
import type { ServiceContext } from '../context'
import { requireSet } from '../managed-keys/repository'
import { readPublishedJwks } from './published-jwks'
import { startJwksServer, type JwksServer } from './serve'

/**
 * The app's loopback JWKS endpoint (jwks:serve-start/stop/status): at most one per service context,
 * always on 127.0.0.1 (the page cannot name a host; `signet jwks serve --host` is the CLI's), each
 * request re-reading the store so a key change is served at once (serve.ts).
 */

interface Session {
  server: JwksServer
  sets: string[]
  startedAt: string
}

const sessions = new WeakMap<object, Session>()
const stopped: JwksServeStatus = { running: false, url: null, jwksUrls: {}, sets: [], startedAt: null }

/**
 * Starts serving `sets` (names or ids), replacing a running endpoint.
 * @param input.port 0 (default) lets the system choose a free port
 * @throws SignetError ERR_SET_NOT_FOUND, ERR_SERVE_FAILED (the port cannot be bound)
 */
export async function startServing(
  context: Pick<ServiceContext, 'store' | 'now'>,
  input: { sets: string[]; port?: number | undefined },
): Promise<JwksServeStatus> {
  const data = context.store.read()
  const names = [...new Set(input.sets.map((ref) => requireSet(data, ref).name))]
  await stopServing(context)
  const server = await startJwksServer({
    sets: names,
    read: (set) => readPublishedJwks(context.store, set),
    host: '127.0.0.1',
    port: input.port ?? 0,
  })
  const session = { server, sets: names, startedAt: context.now().toISOString() }
  sessions.set(context, session)
  return statusOf(session)
}

export async function stopServing(context: object): Promise<JwksServeStatus> {
  const session = sessions.get(context)
  sessions.delete(context)
  if (session) await session.server.close()
  return stopped
}

export function servingStatus(context: object): JwksServeStatus {
  const session = sessions.get(context)
  return session ? statusOf(session) : stopped
}

function statusOf(session: Session): JwksServeStatus {
  return {
    running: true,
    url: session.server.url,
    jwksUrls: session.server.jwksUrls,
    sets: session.sets,
    startedAt: session.startedAt,
  }
}
