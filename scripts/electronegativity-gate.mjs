// Runs @doyensec/electronegativity over the Electron sources and FAILS on any finding above LOW.
//
// Two measured quirks are handled here (see TOOLCHAIN.md): its CLI always exits 0, even with HIGH
// findings; and its CLI entry relies on a hoisted commander 2
// (it does not declare the dependency), which breaks beside our commander 14, so we call its
// runner directly with the options its CLI would pass, and read the findings it returns.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { stripVTControlCharacters } from 'node:util'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const run = require('@doyensec/electronegativity/dist/runner.js')
const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version

// Scan exactly what ships: main, preload, adapters/services, the renderer sources, the BUILT page
// (its CSP meta tag is added at build time) and the package manifest.
const builtPage = 'out/renderer/index.html'
if (!existsSync(builtPage)) {
  console.error('electronegativity gate: build first (npx electron-vite build): out/renderer/index.html is missing')
  process.exit(2)
}
const scanDir = mkdtempSync(join(tmpdir(), 'signet-electronegativity-'))
for (const path of ['electron', 'renderer', 'shared', 'package.json', 'electron-builder.yml']) {
  cpSync(path, join(scanDir, path), { recursive: true })
}
cpSync(builtPage, join(scanDir, 'built/index.html'))
const quiet = console.log
console.log = () => {}
let result
try {
  result = await run(
    {
      input: scanDir,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: [],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  )
} finally {
  console.log = quiet
  rmSync(scanDir, { recursive: true, force: true })
}

const severityName = (issue) =>
  stripVTControlCharacters(String(issue.severity?.name ?? issue.severity?.format?.() ?? issue.severity))
    .trim()
    .toUpperCase()
const blocking = result.issues.filter((issue) => !['LOW', 'INFORMATIONAL'].includes(severityName(issue)))
for (const issue of result.issues) {
  const mark = blocking.includes(issue) ? 'FAIL' : 'ok  '
  console.log(
    `${mark} ${severityName(issue).padEnd(13)} ${issue.id}  ${issue.file}:${issue.location?.line ?? '?'}  ${issue.description ?? ''}`,
  )
}
if (result.errors?.length) console.log(`electronegativity: ${result.errors.length} files could not be parsed`)
console.log(
  `electronegativity: ${result.atomicChecks + result.globalChecks} checks, ${result.issues.length} findings, ` +
    `${blocking.length} above LOW`,
)
console.log(`${blocking.length === 0 ? 1 : 0} passed, ${blocking.length === 0 ? 0 : 1} failed`)
process.exit(blocking.length === 0 ? 0 : 1)
