import { join, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { pathAliases, unalias, viteAliases } from '../../../scripts/path-aliases.mjs'

/**
 * One alias table, two spellings: scripts/path-aliases.mjs (Vite, Vitest, the lint, the codemod) and
 * tsconfig.base.json's `paths` (tsc, esbuild and Playwright, which read the nearest tsconfig.json).
 */
const root = resolve(import.meta.dirname, '../../..')

describe('path aliases', () => {
  it("tsconfig.base.json's paths are the table", () => {
    const { config, error } = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile)
    expect(error).toBeUndefined()
    const expected = Object.fromEntries(
      Object.entries(pathAliases).map(([alias, folder]) => [`${alias}/*`, [`./${folder}/*`]]),
    )
    expect(config.compilerOptions.paths).toEqual(expected)
  })

  it('the root tsconfig.json extends the base, so tools that read it see the paths', () => {
    const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile)
    expect(config.extends).toBe('./tsconfig.base.json')
  })

  it.each([
    ['#shared/errors', 'shared/errors'],
    ['#shared', 'shared'],
    ['#electron/services/handlers', 'electron/services/handlers'],
    ['#renderer/features/keys/x', 'renderer/src/features/keys/x'],
    ['#cli/output/write', 'cli/output/write'],
    ['#test/support/x', 'test/support/x'],
    ['#sharedx/errors', null],
    ['electron', null],
    ['@electron/get', null],
    ['../shared/errors', null],
  ])('unalias(%s) = %s', (specifier, folder) => {
    expect(unalias(specifier)).toBe(folder)
  })

  it('Vite aliases match the prefix with its slash only', () => {
    const [shared] = viteAliases('/repo')
    expect(shared).toEqual({ find: /^#shared\//, replacement: '/repo/shared/' })
    expect('#sharedx/a'.replace(shared!.find, shared!.replacement)).toBe('#sharedx/a')
    expect('#shared/a/b'.replace(shared!.find, shared!.replacement)).toBe('/repo/shared/a/b')
  })
})
