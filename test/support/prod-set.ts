import { expect } from 'vitest'
import type { CliResult } from './run-cli'

/**
 * The integration tests' usual start, through the real CLI: `sets create prod` (with `setArgs`, e.g.
 * `--issuer …`), then `keys generate --set prod --alg ES256 --activate`. Each call must exit 0 (its
 * stderr is the failure's message). `cli` runs one CLI call with the test's data dir and keychain
 * service. Returns the new active key's kid (what `keys generate` prints).
 */
export async function createProdWithActiveKey(
  cli: (args: string[]) => Promise<CliResult>,
  setArgs: string[] = [],
): Promise<string> {
  const set = await cli(['sets', 'create', 'prod', ...setArgs])
  expect(set.code, `sets create prod: ${set.stderr}`).toBe(0)
  const key = await cli(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--activate'])
  expect(key.code, `keys generate --set prod --alg ES256 --activate: ${key.stderr}`).toBe(0)
  return key.stdout.trim()
}
