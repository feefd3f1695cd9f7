// Bundles the CLI into out/cli/signet.mjs (dependencies stay external, resolved from node_modules).
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
await build({
  entryPoints: ['cli/signet.ts'],
  outfile: 'out/cli/signet.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  define: { __SIGNET_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
})
