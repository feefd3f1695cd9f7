import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { aliasFor, rewriteSource } from '../../../scripts/codemods/use-path-aliases.mjs'

/** scripts/codemods/use-path-aliases.mjs: cross-folder relative imports become `#folder/…`, nothing else moves. */
const root = resolve(import.meta.dirname, '../../..')

describe('aliasFor', () => {
  it.each([
    ['renderer/src/features/keys/x.tsx', '../../../../shared/errors', '#shared/errors'],
    ['electron/services/managed-keys/x.ts', '../../../shared/contract', '#shared/contract'],
    ['cli/commands/x.ts', '../../electron/services/handlers', '#electron/services/handlers'],
    [
      'test/unit/renderer/x.test.tsx',
      '../../../renderer/src/features/sign/sign-request',
      '#renderer/features/sign/sign-request',
    ],
    ['test/e2e/x.spec.ts', '../../electron/adapters/keychain', '#electron/adapters/keychain'],
    ['shared/token/x.ts', '../../test/support/vectors', '#test/support/vectors'],
    ['cli/x.ts', '../shared', '#shared'],
  ])('%s: %s → %s', (file, specifier, alias) => {
    expect(aliasFor(file, specifier)).toBe(alias)
  })

  it.each([
    ['electron/services/x.ts', '../adapters/store', 'same top-level folder'],
    ['test/unit/x.test.ts', '../support/keyring', 'same top-level folder'],
    ['shared/token/x.ts', './decode', 'a neighbour'],
    ['renderer/src/x.ts', 'react', 'a package'],
    ['cli/x.ts', '#shared/errors', 'already an alias'],
    ['test/unit/x.test.ts', '../../scripts/lint/folder-boundaries.mjs', 'a folder without an alias'],
    ['test/unit/x.test.ts', '../../renderer/index.html', 'renderer/ outside src/'],
    ['cli/x.ts', '../../outside', 'above the repository'],
  ])('%s: %s stays (%s)', (file, specifier) => {
    expect(aliasFor(file, specifier)).toBeNull()
  })
})

describe('rewriteSource', () => {
  const before = [
    "import { a } from '../../shared/a'",
    'import type { B } from "../../shared/b"',
    "import '../../electron/side-effect'",
    "export { c } from '../../shared/c'",
    "export * from '../../shared/d'",
    "const e = await import('../../shared/e')",
    "type F = typeof import('../../shared/f')",
    "vi.mock('../../electron/adapters/keychain', () => ({}))",
    "const g = await vi.importActual('../../shared/g')",
    "const h = require('../../shared/h')",
    "import { near } from './near'",
    "// from '../../shared/in-a-comment'",
    "const notAnImport = '../../shared/just-a-string'",
    "const url = new URL('../../shared/file.json', import.meta.url)",
  ].join('\n')
  const after = [
    "import { a } from '#shared/a'",
    'import type { B } from "#shared/b"',
    "import '#electron/side-effect'",
    "export { c } from '#shared/c'",
    "export * from '#shared/d'",
    "const e = await import('#shared/e')",
    "type F = typeof import('#shared/f')",
    "vi.mock('#electron/adapters/keychain', () => ({}))",
    "const g = await vi.importActual('#shared/g')",
    "const h = require('#shared/h')",
    "import { near } from './near'",
    "// from '../../shared/in-a-comment'",
    "const notAnImport = '../../shared/just-a-string'",
    "const url = new URL('../../shared/file.json', import.meta.url)",
  ].join('\n')

  it('rewrites every module position, keeps the quote, leaves strings, comments and URLs', () => {
    expect(rewriteSource('cli/commands/x.ts', before)).toBe(after)
  })

  it('is idempotent', () => {
    expect(rewriteSource('cli/commands/x.ts', after)).toBe(after)
  })
})

describe('the script on a tree', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  function tree(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'signet-codemod-'))
    dirs.push(dir)
    for (const name of ['.prettierrc.json', '.prettierignore']) copyFileSync(join(root, name), join(dir, name))
    // the script finds its root two folders above itself, and path-aliases.mjs beside its folder
    for (const name of ['scripts/codemods/use-path-aliases.mjs', 'scripts/path-aliases.mjs']) {
      mkdirSync(dirname(join(dir, name)), { recursive: true })
      copyFileSync(join(root, name), join(dir, name))
    }
    // its packages (typescript, prettier) resolve from the project's node_modules
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    spawnSync('ln', ['-s', join(root, 'node_modules'), join(dir, 'node_modules')])
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true })
      writeFileSync(join(dir, name), text)
    }
    return dir
  }
  const run = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(dir, 'scripts/codemods/use-path-aliases.mjs'), ...args], { encoding: 'utf8' })

  it('--check reports, a run rewrites and re-formats, a second run changes nothing', () => {
    const wrapped = [
      'import {',
      '  aLongNameNumberOne,',
      '  aLongNameNumberTwo,',
      '  aLongNameNumberThree,',
      "} from '../../../../../../shared/some/deeply/nested/module'",
      '',
      'export const all = [aLongNameNumberOne, aLongNameNumberTwo, aLongNameNumberThree]',
      '',
    ].join('\n')
    const dir = tree({
      'renderer/src/features/a/b/c/x.ts': wrapped,
      'electron/services/y.ts': "import { z } from '../adapters/z'\n\nexport const y = z\n",
      'shared/errors.ts': 'export const e = 1\n',
    })
    const original = readFileSync(join(dir, 'renderer/src/features/a/b/c/x.ts'), 'utf8')

    const check = run(dir, '--check')
    expect(check.status).toBe(1)
    expect(check.stdout).toBe('renderer/src/features/a/b/c/x.ts\n1 file(s) would change\n')
    expect(readFileSync(join(dir, 'renderer/src/features/a/b/c/x.ts'), 'utf8')).toBe(original)

    const first = run(dir)
    expect(first.status).toBe(0)
    expect(first.stdout).toBe('renderer/src/features/a/b/c/x.ts\n1 file(s) changed\n')
    // shorter now, so Prettier puts it on one line
    expect(readFileSync(join(dir, 'renderer/src/features/a/b/c/x.ts'), 'utf8')).toBe(
      [
        "import { aLongNameNumberOne, aLongNameNumberTwo, aLongNameNumberThree } from '#shared/some/deeply/nested/module'",
        '',
        'export const all = [aLongNameNumberOne, aLongNameNumberTwo, aLongNameNumberThree]',
        '',
      ].join('\n'),
    )
    expect(readFileSync(join(dir, 'electron/services/y.ts'), 'utf8')).toBe(
      "import { z } from '../adapters/z'\n\nexport const y = z\n",
    )

    const second = run(dir)
    expect(second.stdout).toBe('0 file(s) changed\n')
    expect(run(dir, '--check').status).toBe(0)
  }, 60_000)
})
