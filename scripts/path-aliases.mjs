// The import aliases for the top-level source folders, in one place: the codemod writes them, the
// folder-boundaries lint resolves them, and the Vite, Vitest and esbuild configs build from this table.
// TypeScript and Playwright read them from tsconfig.base.json's `paths`, which a unit test holds equal
// to this table (test/unit/tooling/path-aliases.test.ts).
//
// Why `#name/…`: a `#` specifier can never be an npm package (npm names cannot start with `#`; Node
// reserves it for a package's own subpath imports), so `#electron/…` cannot be mistaken for the
// `electron` package or an `@electron/…` scope, as `@electron/…` or a bare `electron/…` could.
import { dirname, join, resolve, sep } from 'node:path'

/** Alias prefix (without the trailing slash) → the folder it stands for, from the repository root. */
export const pathAliases = {
  '#shared': 'shared',
  '#electron': 'electron',
  '#renderer': 'renderer/src',
  '#cli': 'cli',
  '#test': 'test',
}

/**
 * The folder, from the repository root, that an aliased import names (`#shared/errors` → `shared/errors`),
 * or null when the specifier uses no alias.
 */
export function unalias(specifier) {
  for (const [alias, folder] of Object.entries(pathAliases)) {
    if (specifier === alias) return folder
    if (specifier.startsWith(`${alias}/`)) return folder + specifier.slice(alias.length)
  }
  return null
}

/** Vite/Vitest `resolve.alias` entries: `#shared/x` → `<root>/shared/x` (exact prefix, never `#sharedx`). */
export function viteAliases(root = process.cwd()) {
  return Object.entries(pathAliases).map(([alias, folder]) => ({
    find: new RegExp(`^${alias}/`),
    replacement: `${resolve(root, folder)}/`,
  }))
}

const toPosix = (path) => path.split(sep).join('/')
const topFolder = (pathFromRoot) => pathFromRoot.split('/')[0]

/**
 * What a module specifier imported from `fileFromRoot` names, from the repository root and without an
 * extension ('/'-separated: `shared/errors` for `#shared/errors` or for `../../shared/errors`), or null for
 * a package. The one resolver both lints use (folder-boundaries, import-cycles).
 */
export function importTarget(fileFromRoot, specifier) {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..')
    return toPosix(join(dirname(toPosix(fileFromRoot)), specifier))
  return unalias(specifier)
}

/**
 * The alias spelling of `specifier` imported from `fileFromRoot` (both '/'-separated, the file relative
 * to the repository root), or null when it stays: not relative, within the file's own top-level folder,
 * into a place no alias names (e.g. `scripts/`, or `renderer/` outside `renderer/src/`), or from a file outside
 * the aliased folders (a root config, `scripts/`: loaded before or without the aliases). The codemod
 * writes it; the folder-boundaries lint asks for it.
 */
export function aliasFor(fileFromRoot, specifier) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null
  const file = toPosix(fileFromRoot)
  // Files outside the aliased folders (root configs, scripts/) are loaded before or without the aliases.
  if (!Object.values(pathAliases).some((folder) => topFolder(folder) === topFolder(file) && file.includes('/')))
    return null
  const target = importTarget(file, specifier)
  if (target.startsWith('../') || topFolder(target) === topFolder(file)) return null
  // longest folder first: `renderer/src` must win over a shorter alias of the same top folder, if any
  const entries = Object.entries(pathAliases).sort(([, a], [, b]) => b.length - a.length)
  for (const [alias, folder] of entries) {
    if (target === folder) return alias
    if (target.startsWith(`${folder}/`)) return alias + target.slice(folder.length)
  }
  return null
}
