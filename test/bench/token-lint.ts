/**
 * Benchmark (not a test): the inspector's per-edit work on an 8 KB token — decode + lint + validate —
 * against jose's decode-only baseline, and the weak-secret dictionary check separately.
 * Run with `npm run bench`; prints tables to stdout. Numbers depend on the machine: compare ratios.
 */
import { createHmac, webcrypto } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { decodeToken } from '#shared/token/decode'
import { lintToken } from '#shared/token/lint'
import { validateClaims } from '#shared/token/verify/validate-claims'
import { findWeakSecret, weakSecretTargets } from '#shared/token/weak-secrets/check'
import { weakSecretDictionary } from '#shared/token/weak-secrets/dictionary'
import { nobleHmac, type HmacFunction } from '#shared/token/weak-secrets/hmac'

const now = Math.floor(Date.now() / 1000)
const strongSecret = new TextEncoder().encode('kQ3v9Zt2mX8pL4sW7nB1cR6yH0dF5gJ2aE9uT3iO8kM')

/** Realistic claims padded with group memberships until the compact token is about `bytes` long. */
function claimsOfSize(bytes: number, fill = 0): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    iss: 'https://login.example.com/realms/prod',
    sub: '8f14e45f-ceea-467f-a3a5-2c1d9e0b7a61',
    aud: ['api://orders', 'api://billing'],
    client_id: 'web-frontend',
    scope: 'openid profile email orders:read orders:write',
    iat: now - 60,
    nbf: now - 60,
    exp: now + 840,
    jti: 'c3a9e1f2-7b4d-4c8e-9f0a-1d2e3f4a5b6c',
    groups: [] as string[],
  }
  const groups = claims.groups as string[]
  // base64url grows 4/3; leave room for header and signature
  while (JSON.stringify(claims).length < ((bytes - 200) * 3) / 4 - fill)
    groups.push(`/org/department-${groups.length}/team-${(groups.length * 7) % 13}`)
  return claims
}

async function tokens() {
  const { privateKey } = await generateKeyPair('ES256')
  const es = await new SignJWT(claimsOfSize(8192))
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
    .sign(privateKey)
  const hs = await new SignJWT(claimsOfSize(8192))
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .sign(strongSecret)
  const hsSmall = await new SignJWT(claimsOfSize(400))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(strongSecret)
  return { es, hs, hsSmall }
}

interface Stats {
  median: number
  p95: number
  opsPerSecond: number
}

function measure(run: () => unknown, samples = 2000, warmup = 300): Stats {
  for (let i = 0; i < warmup; i++) run()
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const start = performance.now()
    run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const mean = times.reduce((a, b) => a + b, 0) / times.length
  return {
    median: times[Math.floor(times.length / 2)]!,
    p95: times[Math.floor(times.length * 0.95)]!,
    opsPerSecond: 1000 / mean,
  }
}

const ms = (value: number) => `${value < 0.1 ? value.toFixed(4) : value.toFixed(3)} ms`
const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`

function table(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(`\n${title}\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of rows) console.log(line(row))
}

async function main(): Promise<void> {
  const { es, hs, hsSmall } = await tokens()
  const policy = defaultPolicy()
  console.log(
    `Node ${process.version}, ${new Date().toISOString()}; tokens: ES256 ${es.length} B, HS256 ${hs.length} B, HS256 small ${hsSmall.length} B`,
  )

  // --- the renderer's per-edit path --------------------------------------------------------
  const path = (token: string, lint: Parameters<typeof lintToken>[1]) => () => {
    const decoded = decodeToken(token, { allowDuplicateMembers: true })
    lintToken(decoded, lint)
    validateClaims(decoded, policy, now)
  }
  const baseline = (token: string) => () => {
    decodeProtectedHeader(token)
    decodeJwt(token)
  }
  const rows: string[][] = []
  const add = (name: string, stats: Stats, base?: Stats) =>
    rows.push([
      name,
      ms(stats.median),
      ms(stats.p95),
      rate(stats.opsPerSecond),
      base ? `${(stats.median / base.median).toFixed(1)}×` : '—',
    ])
  const joseEs = measure(baseline(es))
  add('jose decodeProtectedHeader + decodeJwt (ES256 8 KB)', joseEs)
  add(
    'decode only (ES256 8 KB)',
    measure(() => decodeToken(es, { allowDuplicateMembers: true })),
    joseEs,
  )
  add('decode + lint + validateClaims (ES256 8 KB)', measure(path(es, { now })), joseEs)
  const joseHs = measure(baseline(hs))
  add('jose decodeProtectedHeader + decodeJwt (HS256 8 KB)', joseHs)
  add('decode + lint + validateClaims (HS256 8 KB, default quick secret check)', measure(path(hs, { now })), joseHs)
  add(
    'decode + lint + validateClaims (HS256 8 KB, quick check off)',
    measure(path(hs, { now, weakSecretQuickCheck: false })),
    joseHs,
  )
  table(
    'Inspector path, one token per iteration (median / p95 per iteration; ratio = median vs jose decode)',
    ['operation', 'median', 'p95', 'throughput', 'vs jose'],
    rows,
  )

  // --- the weak-secret check ---------------------------------------------------------------
  const nodeHmac: HmacFunction = (alg, key, data) =>
    new Uint8Array(
      createHmac(`sha${alg.slice(2)}`, key)
        .update(data)
        .digest(),
    )
  const dictionary = weakSecretDictionary()
  const candidateRate = (token: string, hmac: HmacFunction) => {
    const [target] = weakSecretTargets(token)
    const keys = dictionary.map((secret) => new TextEncoder().encode(secret))
    for (let i = 0; i < 300; i++) hmac('HS256', keys[i % keys.length]!, target!.signingInput)
    const start = performance.now()
    for (const key of keys) hmac('HS256', key, target!.signingInput)
    return keys.length / ((performance.now() - start) / 1000)
  }
  const webCryptoRate = async (token: string) => {
    const [target] = weakSecretTargets(token)
    const keys = dictionary.slice(0, 1500).map((secret) => new TextEncoder().encode(secret))
    const start = performance.now()
    for (const key of keys) {
      const cryptoKey = await webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      await webcrypto.subtle.sign('HMAC', cryptoKey, target!.signingInput)
    }
    return keys.length / ((performance.now() - start) / 1000)
  }
  const secretRows: string[][] = []
  for (const [label, token] of [
    ['HS256 small', hsSmall],
    ['HS256 8 KB', hs],
  ] as const) {
    const noble = candidateRate(token, nobleHmac)
    const native = candidateRate(token, nodeHmac)
    const web = await webCryptoRate(token)
    secretRows.push([
      `${label} (${token.length} B)`,
      rate(noble),
      rate(native),
      rate(web),
      `${(noble / native).toFixed(2)}×`,
      `${(noble / web).toFixed(2)}×`,
    ])
  }
  table(
    'Weak-secret check: HMAC candidates per second, one core',
    ['token', '@noble/hashes', 'node:crypto', 'WebCrypto', 'noble/node', 'noble/WebCrypto'],
    secretRows,
  )

  const exhaustRows: string[][] = []
  for (const [label, token] of [
    ['HS256 small', hsSmall],
    ['HS256 8 KB', hs],
  ] as const) {
    for (const [engine, hmac] of [
      ['@noble/hashes (renderer/worker)', nobleHmac],
      ['node:crypto (CLI)', nodeHmac],
    ] as const) {
      let slices = 0
      const start = performance.now()
      const result = await findWeakSecret(token, { hmac, onProgress: () => slices++ })
      const elapsed = performance.now() - start
      if (result) throw new Error('the benchmark secret must not be in the dictionary')
      exhaustRows.push([`${label}`, engine, ms(elapsed), String(slices)])
    }
  }
  table(
    `Weak-secret check: time to exhaust the dictionary (${dictionary.length} candidates, plain + base64-decoded variants)`,
    ['token', 'engine', 'total', 'yields'],
    exhaustRows,
  )
}

await main()
