import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Keychain } from '#electron/adapters/keychain'
import { confBackend } from '#electron/adapters/store-conf'
import type { ConfirmRequest } from '#electron/services/confirm'
import { createContext, type ServiceContext } from '#electron/services/context'
import { dispatch } from '#electron/services/dispatch'
import type { FilePicker } from '#electron/services/file-picker'
import { createHandlers } from '#electron/services/handlers'
import type { Channel, ChannelInput, ChannelOutput, Handlers, Result, SignetEvents } from '#shared/contract'
import { SignetError, type ErrorCode } from '#shared/errors'
import { memoryKeychain } from './memory-keychain'

/**
 * A real service context (conf store and audit log in a temp directory) with a controllable clock,
 * driven through the very dispatch path IPC uses: schema parse, handler, Result.
 */

export interface TestClock {
  now(): Date
  advance(seconds: number): void
}

export function testClock(start = new Date('2030-01-01T00:00:00.000Z')): TestClock {
  let current = start.getTime()
  return { now: () => new Date(current), advance: (seconds) => void (current += seconds * 1000) }
}

export interface KeyTestContext {
  dataDir: string
  context: ServiceContext
  handlers: Handlers
  clock: TestClock
  /** every Result the dispatch path returned, for leak scans */
  results: Result<unknown>[]
  events: { name: keyof SignetEvents; payload: unknown }[]
  /** the questions main asked (its native message box in the app), answered by `answer` */
  asked: ConfirmRequest[]
  /** what the user answers to main's confirmation; true unless a test sets it */
  answer: boolean
  result<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>
  /** the value, or a thrown SignetError with the result's code */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>
  /** the error code of a call that must fail */
  failure<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<{ code: ErrorCode; message: string }>
}

export function keyTestContext(
  options: { keychain?: Keychain; clock?: TestClock; dataDir?: string; files?: FilePicker } = {},
): KeyTestContext {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'signet-keys-'))
  const clock = options.clock ?? testClock()
  const asked: ConfirmRequest[] = []
  const confirm = { confirm: async (request: ConfirmRequest) => (asked.push(request), testContext.answer) }
  const context = createContext({
    dataDir,
    version: 'test',
    storeBackend: confBackend,
    keychain: options.keychain ?? memoryKeychain(),
    now: clock.now,
    confirm,
    ...(options.files ? { files: options.files } : {}),
  })
  const handlers = createHandlers(context)
  const results: Result<unknown>[] = []
  const events: KeyTestContext['events'] = []
  context.events.on('keys:changed', (payload) => events.push({ name: 'keys:changed', payload }))
  async function result<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
    const outcome = (await dispatch(handlers, channel, input)) as Result<ChannelOutput<C>>
    results.push(outcome)
    return outcome
  }
  const testContext: KeyTestContext = {
    dataDir,
    context,
    handlers,
    clock,
    results,
    events,
    asked,
    answer: true,
    result,
    async call(channel, input) {
      const outcome = await result(channel, input)
      if (!outcome.ok) throw new SignetError(outcome.error.code, outcome.error.message)
      return outcome.value
    },
    async failure(channel, input) {
      const outcome = await result(channel, input)
      if (outcome.ok)
        throw new Error(`${channel} was expected to fail but returned ${JSON.stringify(outcome.value).slice(0, 300)}`)
      return outcome.error
    },
  }
  return testContext
}

/** JWK members and PEM markers that must never appear outside the keychain. */
export const privateMemberPattern = /"(d|p|q|dp|dq|qi|k)"\s*:/
export const privatePemPattern = /PRIVATE KEY-----/

export function findPrivateMaterial(text: string): string | null {
  const member = privateMemberPattern.exec(text)
  if (member) return `JWK member "${member[1]}" near: ${text.slice(Math.max(0, member.index - 80), member.index + 40)}`
  if (privatePemPattern.test(text)) return 'a PEM private key block'
  return null
}
