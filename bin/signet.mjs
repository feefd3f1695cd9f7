#!/usr/bin/env node
// The `signet` command: runs the bundled CLI (built by `npm ci` / `npm run build:cli`).
import { existsSync } from 'node:fs'

const bundle = new URL('../out/cli/start.mjs', import.meta.url)
if (!existsSync(bundle)) {
  process.stderr.write('signet: the CLI is not built yet; run "npm run build:cli" in the Signet directory.\n')
  process.exit(2)
}
await import(bundle.href)
