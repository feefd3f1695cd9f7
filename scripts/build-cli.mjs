// Bundles the CLI into out/cli/ (small pure-ESM libraries bundled in, the rest resolved from node_modules):
// start.mjs, the entry, runs fast.mjs for `--version` and a plain `decode`, or signet.mjs, the full CLI,
// split into chunks so each command loads only its own code; the scan worker is its own entry.
import { build } from 'esbuild'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const { version } = manifest
const outdir = 'out/cli'
// Libraries without dependencies of their own are bundled (tree-shaken, one chunk instead of jose's
// ~50 module files): start-up time is mostly module loading. commander is CommonJS: imported from
// node_modules it went through Node's CommonJS-from-ESM translation and package resolution on every
// call (~0.3× of `node -e 1`); bundled it is plain code in the chunk. The rest stay external,
// resolved from node_modules: native (keytar) or needing their own files at run time (conf, pkijs).
const bundled = new Set(['jose', '@humanwhocodes/momoa', 'zod', 'fflate', '@noble/hashes', 'commander'])
const external = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => !bundled.has(name))
  .flatMap((name) => [name, `${name}/*`])

/**
 * commander is CommonJS and requires node builtins; bundled into an ES module, a require() has no
 * `require` to call. Its builtins are therefore resolved to tiny modules that take them from
 * process.getBuiltinModule (Node >= 20.16; package.json asks for >= 20.19). node:child_process,
 * which commander needs only for executable subcommands (Signet has none) and which would load
 * node:net behind it on every call, is taken at its first use instead.
 */
const commanderBuiltins = {
  name: 'commander-builtins',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) && args.kind === 'require-call'
        ? { path: args.path, namespace: 'commander-builtin' }
        : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'commander-builtin' }, (args) => ({
      contents:
        args.path === 'node:child_process'
          ? `module.exports = { spawn: (...a) => process.getBuiltinModule('node:child_process').spawn(...a) }`
          : `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)})`,
      loader: 'js',
    }))
  },
}

/**
 * The position-tracking JSON parser (momoa, ~95 KB of source) is needed only for what JSON.parse
 * cannot say: duplicate members, unusual numbers, an error's position (shared/encoding/json.ts
 * tries JSON.parse first). Bundled, it was compiled on every `decode`; its only caller is
 * synchronous, so in the CLI it is required from node_modules at its first use instead. Only
 * `parse` is provided: another import from it fails this build rather than at run time.
 */
const lazyMomoa = {
  name: 'lazy-momoa',
  setup(build) {
    build.onResolve({ filter: /^@humanwhocodes\/momoa$/ }, () => ({ path: 'momoa', namespace: 'lazy-momoa' }))
    build.onLoad({ filter: /.*/, namespace: 'lazy-momoa' }, () => ({
      contents: `import { createRequire } from 'node:module'
let momoa
export function parse(text, options) {
  momoa ??= createRequire(import.meta.url)('@humanwhocodes/momoa')
  return momoa.parse(text, options)
}`,
      loader: 'js',
    }))
  },
}

const common = {
  outdir,
  // in memory first: written below only where it differs from what is on disk
  write: false,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: 'linked',
  define: { __SIGNET_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
}
const builds = await Promise.all([
  // The full CLI (cli/signet.ts, with commander) and the scan worker, split into chunks.
  build({
    ...common,
    entryPoints: { signet: 'cli/signet.ts', 'scan-worker': 'electron/services/scan/scan-worker.ts' },
    // chunks beside the entries: the scan command finds ./scan-worker.mjs next to itself
    chunkNames: '[name]-[hash]',
    splitting: true,
    plugins: [commanderBuiltins, lazyMomoa],
  }),
  // bin/signet.mjs runs start.mjs, which runs either fast.mjs (`--version`, a plain `decode`:
  // cli/fast-path.ts) or signet.mjs. Each is one file without chunks: measured, the ~15 modules a
  // decode loaded from the split build (resolved, read and linked one by one) and commander cost
  // ~0.2x of `node -e 1`. They share no module state with signet.mjs: only one of the two runs.
  build({ ...common, entryPoints: { start: 'cli/start.ts', fast: 'cli/fast-main.ts' }, plugins: [lazyMomoa] }),
])
const outputFiles = builds.flatMap((result) => result.outputFiles)

// Integration test files (run in parallel) rebuild the CLI in their set-up while other files run it.
// An unchanged build therefore touches nothing, and a changed file is replaced by a rename, so a
// running CLI never reads a half-written or deleted chunk. The directory is still exactly this
// build's files: chunks of an earlier build would otherwise linger beside the new ones and ship.
mkdirSync(outdir, { recursive: true })
const wanted = new Map(outputFiles.map((file) => [basename(file.path), file.contents]))
for (const [name, contents] of wanted) {
  const path = join(outdir, name)
  if (existsSync(path) && Buffer.compare(readFileSync(path), contents) === 0) continue
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, contents)
  renameSync(temporary, path)
}
for (const name of readdirSync(outdir))
  if (!wanted.has(name) && !name.endsWith('.tmp')) rmSync(join(outdir, name), { recursive: true, force: true })
