import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * DESIGN.md's import boundaries are enforced by the lint config; this proves the config really
 * rejects each forbidden import (and accepts the allowed ones), using ESLint's own API on
 * pretend file paths.
 */
const eslint = new ESLint({ cwd: process.cwd() })

// The first lint loads the config, typescript-eslint and the plugins: seconds on a loaded CI core.
beforeAll(async () => {
  await eslint.lintText('export {}\n', { filePath: 'shared/warm-up.ts' })
}, 120_000)

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

/** The folder-boundaries rule's findings: `forbidden` (a layer's allowlist) or `useAlias: <suggested alias>`. */
async function boundaryFindings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'signet/folder-boundaries')
    .map((m) => (m.messageId === 'useAlias' ? `useAlias: ${/"(#[^"]+)"/.exec(m.message)?.[1]}` : (m.messageId ?? '')))
}

const importElectron = "import { app } from 'electron'\nexport const a = app\n"
const importKeytar = "import keytar from 'keytar'\nexport const k = keytar\n"
const importConf = "import Conf from 'conf'\nexport const c = Conf\n"
const importNodeFs = "import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n"
const importIpcMain = "import { ipcMain } from 'electron'\nexport const i = ipcMain\n"

describe('import boundaries', () => {
  it.each([
    ['electron/services/x.ts', importElectron],
    ['electron/adapters/x.ts', importElectron],
    ['shared/x.ts', importElectron],
    ['cli/x.ts', importElectron],
    ['renderer/src/x.ts', importElectron],
    ['electron/services/x.ts', importKeytar],
    ['electron/main/x.ts', importKeytar],
    ['cli/x.ts', importConf],
    ['shared/x.ts', importNodeFs],
    ['renderer/src/x.ts', importNodeFs],
  ])('%s may not: %s', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports')
  })

  it('raw ipcMain only in electron/main/ipc.ts', async () => {
    expect(await ruleIds('electron/main/window.ts', importIpcMain)).toContain('no-restricted-syntax')
    expect(await ruleIds('electron/main/ipc.ts', importIpcMain)).toEqual([])
  })

  it.each([
    ['electron/main/x.ts', importElectron],
    ['electron/preload/x.ts', importElectron],
    ['electron/adapters/x.ts', importKeytar],
    ['electron/adapters/x.ts', importConf],
    ['electron/services/x.ts', importNodeFs],
  ])('%s may: %s', async (file, code) => {
    expect(await ruleIds(file, code)).not.toContain('no-restricted-imports')
  })
})

/** Relative imports, resolved from the importing file: each layer's allowlist (scripts/lint/folder-boundaries.mjs). */
describe('folder boundaries', () => {
  const importFrom = (path: string) => `import { x } from '${path}'\nexport const y = x\n`

  it.each([
    ['renderer/src/features/x.ts', '../../../electron/services/handlers', 'renderer → services'],
    ['renderer/src/x.ts', '../../electron/main/ipc', 'renderer → main'],
    ['renderer/src/x.ts', '../../cli/io', 'renderer → cli'],
    ['electron/services/managed-keys/x.ts', '../../main/ipc', 'services → main'],
    ['electron/adapters/x.ts', '../services/handlers', 'adapters → services'],
    ['shared/token/x.ts', '../../renderer/src/api', 'shared → renderer'],
    ['shared/x.ts', '../electron/services/paths', 'shared → services'],
    ['electron/preload/x.ts', '../services/handlers', 'preload → services'],
    ['cli/x.ts', '../renderer/src/api', 'cli → renderer'],
    ['cli/x.ts', '../electron/main/ipc', 'cli → main'],
  ])('%s may not import %s (%s)', async (file, source) => {
    expect(await boundaryFindings(file, importFrom(source))).toContain('forbidden')
  })

  // Allowed directions; a relative import that crosses a top-level folder is allowed but must be spelt with its alias.
  it.each([
    ['renderer/src/features/x.ts', '../../../shared/errors', ['useAlias: #shared/errors']],
    ['electron/services/managed-keys/x.ts', '../../adapters/store', []],
    ['electron/main/x.ts', '../services/handlers', []],
    ['cli/commands/x.ts', '../../electron/services/handlers', ['useAlias: #electron/services/handlers']],
    ['shared/token/x.ts', '../errors', []],
    ['test/unit/x.test.ts', '../../renderer/src/api', ['useAlias: #renderer/api']],
    ['test/unit/x.test.ts', '../../scripts/path-aliases.mjs', []],
  ])('%s may import %s', async (file, source, findings) => {
    expect(await boundaryFindings(file, importFrom(source))).toEqual(findings)
  })

  // The same directions through the path aliases (scripts/path-aliases.mjs): an alias is no way around the rule.
  it.each([
    ['renderer/src/features/x.ts', '#electron/services/handlers', 'renderer → services'],
    ['renderer/src/x.ts', '#electron/main/ipc', 'renderer → main'],
    ['renderer/src/x.ts', '#cli/io', 'renderer → cli'],
    ['electron/services/managed-keys/x.ts', '#electron/main/ipc', 'services → main'],
    ['electron/adapters/x.ts', '#electron/services/handlers', 'adapters → services'],
    ['shared/token/x.ts', '#renderer/api', 'shared → renderer'],
    ['shared/x.ts', '#electron/services/paths', 'shared → services'],
    ['electron/preload/x.ts', '#electron/services/handlers', 'preload → services'],
    ['cli/x.ts', '#renderer/api', 'cli → renderer'],
    ['cli/x.ts', '#electron/main/ipc', 'cli → main'],
  ])('%s may not import %s (%s)', async (file, source) => {
    expect(await ruleIds(file, importFrom(source))).toContain('signet/folder-boundaries')
  })

  it.each([
    ['renderer/src/features/x.ts', '#shared/errors'],
    ['electron/services/managed-keys/x.ts', '#electron/adapters/store'],
    ['electron/main/x.ts', '#electron/services/handlers'],
    ['cli/commands/x.ts', '#electron/services/handlers'],
    ['shared/token/x.ts', '#shared/errors'],
    ['test/unit/x.test.ts', '#renderer/api'],
  ])('%s may import %s', async (file, source) => {
    expect(await boundaryFindings(file, importFrom(source))).toEqual([])
  })

  it('fails on a file that no layer claims', async () => {
    expect(await ruleIds('somewhere-new/x.ts', 'export const a = 1\n')).toContain('signet/folder-boundaries')
  })
})
