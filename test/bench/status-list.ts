/**
 * Benchmark (not a test): a 2^20-entry Token Status List at 1 and 8 bits per entry.
 * Signet's encode + sign (pack → ZLIB level 9 via fflate → base64url → ES256 Status List Token) and
 * decode + lookup (decode the JWT → base64url → bounded, Adler-checked inflate → reserved-value scan
 * → one status), each beside node:zlib's own deflateSync / inflateSync (level 9, native zlib) of the
 * very same bytes as the baseline. Also the whole verifier path (signature + checks).
 * Run with `npm run bench`. Numbers depend on the machine: compare the ratios.
 */
import { deflateSync, inflateSync } from 'node:zlib'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { decodeStatusList } from '#shared/status-list/decode'
import { encodeStatusList } from '#shared/status-list/encode'
import { PackedStatuses } from '#shared/status-list/packed'
import { readStatusListToken } from '#shared/status-list/token'
import { decodeToken } from '#shared/token/decode'
import { prepareStatusList, statusListChecks } from '#shared/token/verify/status-check'

const size = 1 << 20
const uri = 'https://issuer.example/statuslists/1'
const now = Math.floor(Date.now() / 1000)

/** A plausible list: 2 % of entries not VALID, at random indexes (as allocation is random). */
function realisticList(bits: 1 | 8): PackedStatuses {
  const packed = new PackedStatuses(bits, size)
  let seed = 0x2545f491
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32
  for (let i = 0; i < size / 50; i++)
    packed.set(Math.floor(random() * size), bits === 1 ? 1 : 1 + Math.floor(random() * 2))
  return packed
}

async function median(run: () => unknown, samples: number): Promise<number> {
  await run()
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

function table(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(`\n${title}\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of rows) console.log(line(row))
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  const source = keySourceFromParsed(
    await parseKeyText(JSON.stringify({ ...(await exportJWK(publicKey)), kid: 'k1' })),
    { at: now },
  )
  const policy = defaultPolicy()
  const sign = (statusList: object) =>
    new SignJWT({ sub: uri, iat: now, exp: now + 86400, ttl: 3600, status_list: statusList })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'statuslist+jwt' })
      .sign(privateKey)
  const rows: string[][] = []
  const samples = 15
  console.log(
    `Node ${process.version}, ${new Date().toISOString()}; ${size} entries, 2 % not VALID, median of ${samples} runs`,
  )
  for (const bits of [1, 8] as const) {
    const packed = realisticList(bits)
    const token = await sign(encodeStatusList(packed))
    const compressed = deflateSync(packed.bytes, { level: 9 })
    const probe = size - 12345
    const deflate = await median(() => deflateSync(packed.bytes, { level: 9 }), samples)
    const inflate = await median(() => inflateSync(compressed), samples)
    const encodeSign = await median(() => sign(encodeStatusList(packed)), samples)
    const decodeLookup = await median(() => readStatusListToken(token).list.packed.get(probe), samples)
    const statusList = encodeStatusList(packed)
    const jwtOnly = await median(() => decodeToken(token), samples)
    const listOnly = await median(() => decodeStatusList(statusList).packed.get(probe), samples)
    const verifyPath = await median(
      async () =>
        statusListChecks(
          { status: { status_list: { idx: probe, uri } } },
          await prepareStatusList(token, source, policy),
          now,
          60,
        ),
      samples,
    )
    const label = `${bits} bit (${packed.bytes.length} B → token ${token.length} B)`
    rows.push([label, 'node:zlib deflateSync level 9 (baseline)', `${deflate.toFixed(1)} ms`, '1.0×'])
    rows.push([
      label,
      'Signet encode + sign (fflate level 9, ES256)',
      `${encodeSign.toFixed(1)} ms`,
      `${(encodeSign / deflate).toFixed(2)}× deflate`,
    ])
    rows.push([label, 'node:zlib inflateSync (baseline)', `${inflate.toFixed(2)} ms`, '1.0×'])
    rows.push([
      label,
      'Signet decode + lookup (JWT, base64url, bounded inflate, scan)',
      `${decodeLookup.toFixed(2)} ms`,
      `${(decodeLookup / inflate).toFixed(2)}× inflate`,
    ])
    rows.push([
      label,
      '  of which: JWT decode (decodeToken)',
      `${jwtOnly.toFixed(2)} ms`,
      `${(jwtOnly / inflate).toFixed(2)}× inflate`,
    ])
    rows.push([
      label,
      '  of which: decodeStatusList + get',
      `${listOnly.toFixed(2)} ms`,
      `${(listOnly / inflate).toFixed(2)}× inflate`,
    ])
    rows.push([
      label,
      'Signet verifier path (decode + ES256 verify + all checks)',
      `${verifyPath.toFixed(2)} ms`,
      `${(verifyPath / inflate).toFixed(2)}× inflate`,
    ])
  }
  table(
    'Token Status List, 2^20 entries (ratio = Signet median / node:zlib median on the same bytes)',
    ['list', 'operation', 'median', 'ratio'],
    rows,
  )
}

await main()
