import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const outdir = `${root}out/cli-faults`

/**
 * Bundles the CLI with its fault slot filled (cli-with-faults.ts) into out/cli-faults/, with the
 * same options as scripts/build-cli.mjs, and returns the entry to run in place of bin/signet.mjs.
 */
export async function buildFaultyCli(): Promise<string> {
  const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }
  await build({
    absWorkingDir: root,
    entryPoints: { signet: 'test/support/cli-with-faults.ts', 'scan-worker': 'electron/services/scan/scan-worker.ts' },
    outdir,
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { __SIGNET_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  })
  return `${outdir}/signet.mjs`
}
