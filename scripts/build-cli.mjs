// Bundles the CLI into out/cli/signet.mjs (dependencies stay external, resolved from node_modules).
// Split into chunks so each command loads only its own code; the scan worker is its own entry.
import { build } from 'esbuild'
import { readFileSync, rmSync } from 'node:fs'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const { version } = manifest
// Pure-ESM libraries without dependencies of their own are bundled (tree-shaken, one chunk instead
// of jose's ~50 module files): start-up time is mostly module loading. The rest stay external,
// resolved from node_modules: native (keytar), CommonJS that requires node builtins (commander),
// or needing their own files at run time (conf, pkijs).
const bundled = new Set(['jose', '@humanwhocodes/momoa', 'zod', 'fflate', '@noble/hashes'])
const external = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => !bundled.has(name))
  .flatMap((name) => [name, `${name}/*`])
// A clean directory: chunks of an earlier build would otherwise linger beside the new ones and ship.
rmSync('out/cli', { recursive: true, force: true })
await build({
  entryPoints: { signet: 'cli/signet.ts', 'scan-worker': 'electron/services/scan/scan-worker.ts' },
  outdir: 'out/cli',
  // chunks beside the entries: the scan command finds ./scan-worker.mjs next to itself
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: 'linked',
  define: { __SIGNET_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
})
