import { homedir } from 'node:os'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

/**
 * Where Signet keeps its data. The app and the CLI resolve it the same way so they share one store:
 * --data-dir, then SIGNET_DATA_DIR, then the platform's per-user application data directory (the
 * same place Electron's app.getPath('userData') points for an app named "Signet").
 */
export function resolveDataDir(
  options: { flag?: string | undefined; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; home?: string } = {},
): string {
  const env = options.env ?? process.env
  if (options.flag?.trim()) return resolve(options.flag.trim())
  if (env.SIGNET_DATA_DIR?.trim()) return resolve(env.SIGNET_DATA_DIR.trim())
  const platform = options.platform ?? process.platform
  const home = options.home ?? homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Signet')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Signet')
  return join(env.XDG_CONFIG_HOME?.trim() || join(home, '.config'), 'Signet')
}

/**
 * `path` as a person reads it: `~/…` (with the platform's separator) when it lies under `home`,
 * unchanged otherwise. For display only — the status bar, messages — never for opening files.
 */
export function pathForPeople(path: string, home: string): string {
  const rel = relative(home, path)
  if (home === '' || rel.startsWith('..') || isAbsolute(rel)) return path
  return rel === '' ? '~' : `~${sep}${rel}`
}
