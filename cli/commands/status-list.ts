import type { Command } from 'commander'
import { SignetError } from '#shared/errors'
import { decodeStatusList, type DecodedStatusList } from '#shared/status-list/decode'
import { encodeStatuses } from '#shared/status-list/encode'
import { statusLabel } from '#shared/status-list/status-types'
import { readStatusListToken } from '#shared/status-list/token'
import { exitCodes } from '../exit'
import { readArgumentOrStdin, readUserFile } from '../io'
import { parseBits, parseIndex } from './status-list-arguments'
import { registerManagedStatusLists } from './status-list-managed'
import { safeJson, safeJsonLine } from '../output/safe-text'
import { out as printOut } from '../output/write'
import { jsonSyntaxProblem } from '#shared/encoding/json-syntax'

/**
 * `signet status-list …`: the IETF Token Status List (draft-ietf-oauth-status-list-19).
 * encode/decode are pure and work on any issuer's lists; the managed-list subcommands live in
 * status-list-managed.ts.
 */
export function registerStatusList(program: Command): void {
  const group = program
    .command('status-list')
    .description('IETF Token Status Lists: encode, decode, and the lists Signet manages for a key set')

  group
    .command('encode')
    .description('pack a JSON array of statuses into {"bits":N,"lst":"…"} (ZLIB level 9, base64url)')
    .requiredOption('--bits <n>', 'bits per status: 1, 2, 4 or 8')
    .option('--statuses <file|->', 'a JSON array of integers, index i being entry i (default: standard input)', '-')
    .option('--allow-reserved', 'accept status values the draft reserves (0x04–0x0B, 0x10–0xFF)')
    .action(async (options: { bits: string; statuses: string; allowReserved?: boolean }) => {
      const text =
        options.statuses === '-'
          ? await readArgumentOrStdin('-', 'statuses')
          : readUserFile(options.statuses, 'statuses')
      let statuses: unknown
      try {
        statuses = JSON.parse(text)
      } catch {
        throw new SignetError('ERR_USAGE', `The statuses are not valid JSON (${jsonSyntaxProblem(text)}).`)
      }
      if (!Array.isArray(statuses))
        throw new SignetError('ERR_USAGE', 'The statuses must be a JSON array of integers, e.g. [0,1,0,2].')
      const encoded = encodeStatuses(statuses, parseBits(options.bits), {
        allowReserved: options.allowReserved === true,
      })
      printOut(`${safeJsonLine(encoded)}\n`)
      process.exitCode = exitCodes.ok
    })

  group
    .command('decode')
    .description("decode a Status List Token (any issuer's; NOT verified) or a bare lst: bits, size, counts per status")
    .argument(
      '<token-or-lst>',
      'a Status List Token, a {"bits","lst"} JSON object, a bare lst (needs --bits), or "-" for standard input',
    )
    .option('--bits <n>', 'bits per status, for a bare lst')
    .option('--idx <i>', 'also print the status at this index')
    .option('--json', 'print {bits, size, counts, reserved, idx, status, claims} as JSON')
    .action(async (input: string, options: { bits?: string; idx?: string; json?: boolean }) => {
      const text = (await readArgumentOrStdin(input, 'status list')).trim()
      const { list, claims } = readAnyList(text, options.bits)
      const idx = options.idx === undefined ? undefined : parseIndex(options.idx)
      const status = idx === undefined ? undefined : list.packed.get(idx)
      const counts = Object.fromEntries(
        [...list.packed.counts()].sort(([a], [b]) => a - b).map(([value, count]) => [String(value), count]),
      )
      if (options.json) {
        const out = {
          bits: list.bits,
          size: list.size,
          counts,
          reserved: list.reserved,
          reservedCount: list.reservedCount,
          ...(idx !== undefined ? { idx, status } : {}),
          ...(claims ? { claims } : {}),
        }
        printOut(`${safeJson(out)}\n`)
      } else {
        const lines: string[] = []
        if (claims) {
          lines.push('Status List Token (decoded, NOT verified: use "signet verify --status-list" to check it)')
          for (const name of ['sub', 'iss', 'iat', 'exp', 'ttl'] as const)
            if (claims[name] !== undefined) lines.push(`  ${name.padEnd(5)} ${JSON.stringify(claims[name])}`)
        }
        lines.push(`bits   ${list.bits}`, `size   ${list.size} entries`)
        for (const [value, count] of Object.entries(counts))
          lines.push(`  ${statusLabel(Number(value)).padEnd(32)} ${count}`)
        if (list.reservedCount > 0)
          lines.push(
            `warning: ${list.reservedCount} entries hold reserved values (first at index ${list.reserved[0]!.index})`,
          )
        if (idx !== undefined) lines.push(`status[${idx}] = ${status} ${statusLabel(status!)}`)
        printOut(`${lines.join('\n')}\n`)
      }
      process.exitCode = exitCodes.ok
    })

  registerManagedStatusLists(group)
}

function readAnyList(
  text: string,
  bitsOption: string | undefined,
): { list: DecodedStatusList; claims?: Record<string, unknown> } {
  if (text.startsWith('{')) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new SignetError(
        'ERR_USAGE',
        `The input starts with "{" but is not valid JSON (${jsonSyntaxProblem(text)}).`,
      )
    }
    const object = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
    const inner = (object.status_list ?? object) as { bits: unknown; lst: unknown }
    return { list: decodeStatusList(inner) }
  }
  if (text.split('.').length === 3) {
    const read = readStatusListToken(text)
    return { list: read.list, claims: read.claims }
  }
  if (bitsOption === undefined)
    throw new SignetError(
      'ERR_USAGE',
      'A bare lst needs --bits (1, 2, 4 or 8); a Status List Token or {"bits","lst"} carries its own.',
    )
  return { list: decodeStatusList({ bits: parseBits(bitsOption), lst: text }) }
}
