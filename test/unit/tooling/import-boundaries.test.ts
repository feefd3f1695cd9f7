import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * DESIGN.md's import boundaries are enforced by the lint config; this proves the config really
 * rejects each forbidden import (and accepts the allowed ones), using ESLint's own API on
 * pretend file paths.
 */
const eslint = new ESLint({ cwd: process.cwd() })

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
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
