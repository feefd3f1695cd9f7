import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The mirror rule: a unit test lives at test/unit/<the source file's path>, so every folder under
 * test/unit/{cli,electron,renderer,shared} names a source folder that exists. Two trees for one
 * source folder (test/unit/renderer/features beside test/unit/renderer/src/features) went unnoticed
 * once; this makes the next one fail. Folders named `fixtures` hold test data and mirror nothing.
 */
const root = resolve(import.meta.dirname, '../../..')
const mirrored = ['cli', 'electron', 'renderer', 'shared']

function folders(relative: string): string[] {
  return readdirSync(join(root, 'test/unit', relative))
    .map((name) => join(relative, name))
    .filter((path) => statSync(join(root, 'test/unit', path)).isDirectory())
    .flatMap((path) => [path, ...folders(path)])
}

describe('test/unit mirrors the source tree', () => {
  it('every test folder names an existing source folder', () => {
    const strays = mirrored
      .flatMap((top) => [top, ...folders(top)])
      .filter((path) => !path.split('/').includes('fixtures'))
      .filter((path) => !existsSync(join(root, path)))
    expect(strays).toEqual([])
  })

  it('renderer tests sit under renderer/src, where the renderer source is', () => {
    const outside = folders('renderer').filter((path) => !path.startsWith('renderer/src'))
    expect(outside).toEqual([])
  })
})
