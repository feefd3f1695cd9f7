import { build } from 'esbuild'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const outdir = `${root}out/cli-faults`

/**
 * Bundles the CLI with its fault slot filled (cli-with-faults.ts) into out/cli-faults/, with the
 * same options as scripts/build-cli.mjs, and returns the entry to run in place of bin/signet.mjs.
 */
export async function buildFaultyCli(): Promise<string> {
  const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }
  const { outputFiles } = await build({
    absWorkingDir: root,
    // in memory first: integration files build this in parallel while others run it (see below)
    write: false,
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
  // Files that are already identical are left alone and a changed one is replaced by a rename, so a
  // CLI another file is running never reads a half-written chunk.
  mkdirSync(outdir, { recursive: true })
  for (const file of outputFiles) {
    const path = join(outdir, basename(file.path))
    if (existsSync(path) && Buffer.compare(readFileSync(path), file.contents) === 0) continue
    const temporary = `${path}.${process.pid}.tmp`
    writeFileSync(temporary, file.contents)
    renameSync(temporary, path)
  }
  return `${outdir}/signet.mjs`
}
