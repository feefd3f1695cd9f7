import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findImportCycles as findCycles } from '../../../scripts/lint/import-cycles.mjs'
const made: string[] = []

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'signet-cycles-'))
  made.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe('import loops (npm run lint)', () => {
  it('the source tree has none', () => {
    expect(findCycles(resolve(import.meta.dirname, '../../..'))).toEqual([])
  })

  it('finds a loop through a relative import and a type-only import back', () => {
    const root = tree({
      'shared/a.ts': "import { b } from './b'\nexport const a = b\n",
      'shared/b.ts': "import type { A } from './c'\nexport const b = 1\nexport type B = A\n",
      'shared/c.ts': "import { a } from './a'\nexport type A = typeof a\n",
      'shared/d.ts': "import { a } from './a'\nexport const d = a\n",
    })
    expect(findCycles(root)).toEqual([['shared/a.ts', 'shared/b.ts', 'shared/c.ts']])
  })

  it('follows #aliases, dynamic imports and re-exports across folders', () => {
    const root = tree({
      'renderer/src/screens.ts': "export const screens = [import('./features/x/x-screen')]\nexport type P = 1\n",
      'renderer/src/features/x/x-screen.tsx': "export type { P } from '#renderer/screens'\n",
      'cli/one.ts': "export { two } from './two'\nexport const one = 1\n",
      'cli/two.ts': "import { one } from '#cli/one'\nexport const two = one\n",
      'shared/ok.ts': "import { z } from 'zod'\nexport const ok = z\n",
    })
    expect(findCycles(root)).toEqual([
      ['cli/one.ts', 'cli/two.ts'],
      ['renderer/src/features/x/x-screen.tsx', 'renderer/src/screens.ts'],
    ])
  })
})
