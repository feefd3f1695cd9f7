// `npm start` step 1: make sure Electron's binary is installed, through Electron's own installer.
//
// Why: package.json's allowScripts keeps `electron: false` (no unreviewed install script runs at
// `npm ci`), and electron-vite 6 only reads node_modules/electron/path.txt — it never calls Electron's
// downloader. So without this step the app could not start on any machine. Electron's own
// `install.js` (the package's `install-electron` bin: download via @electron/get, checksum, extract,
// write path.txt) is the mechanism; this script only decides when to run it and turns its failure into
// one line a person can act on instead of a stack trace.
//
// Exit codes: 0 the binary is there (or was just installed), 1 it could not be installed.
// SIGNET_ELECTRON_DIR overrides where the electron package lives (tests use a copy).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const electronDir =
  process.env.SIGNET_ELECTRON_DIR ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'))
const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))

/** The installed executable's path, or null when path.txt, dist/version or the binary is missing or stale. */
function installedBinary() {
  try {
    const relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim()
    const distVersion = readFileSync(join(electronDir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '')
    const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist'), relative)
    return distVersion === version && existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const present = installedBinary()
if (present) {
  console.log(`electron ${version}: ${present}`)
  process.exit(0)
}

console.log(
  `electron ${version}: binary not installed yet; running Electron's installer (downloads about 100 MB once)…`,
)
const timeoutMs = Number(process.env.SIGNET_ELECTRON_INSTALL_TIMEOUT_MS ?? 15 * 60_000)
const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  encoding: 'utf8',
  timeout: timeoutMs,
  stdio: ['ignore', 'pipe', 'pipe'],
})
const installed = run.status === 0 ? installedBinary() : null
if (installed) {
  console.log(`electron ${version}: installed ${installed}`)
  process.exit(0)
}

const output = `${run.stderr ?? ''}\n${run.stdout ?? ''}`
const firstLine =
  run.error?.code === 'ETIMEDOUT'
    ? `no answer within ${Math.round(timeoutMs / 1000)} s`
    : (output
        .split('\n')
        .map((line) => line.trim())
        .find((line) => line && !line.startsWith('at ')) ?? `installer exited with ${run.status ?? run.signal}`)
const [major, minor] = process.versions.node.split('.').map(Number)
const nodeNote =
  major < 22 || (major === 22 && minor < 12)
    ? ` Electron's installer supports Node.js >= 22.12 (this is ${process.versions.node}).`
    : ''
process.stderr.write(
  `signet: could not install the Electron ${version} binary (${firstLine}).${nodeNote} ` +
    'The desktop app needs it: on a machine that can reach github.com (or with ELECTRON_MIRROR set to a mirror) run `npm start` again. ' +
    'The command line works without it: `npx signet --help`.\n',
)
process.exit(1)
