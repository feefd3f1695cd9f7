// The import aliases for the top-level source folders, in one place: the codemod writes them, the
// folder-boundaries lint resolves them, and the Vite, Vitest and esbuild configs build from this table.
// TypeScript and Playwright read them from tsconfig.base.json's `paths`, which a unit test holds equal
// to this table (test/unit/tooling/path-aliases.test.ts).
//
// Why `#name/…`: a `#` specifier can never be an npm package (npm names cannot start with `#`; Node
// reserves it for a package's own subpath imports), so `#electron/…` cannot be mistaken for the
// `electron` package or an `@electron/…` scope, as `@electron/…` or a bare `electron/…` could.
import { resolve } from 'node:path'

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
