// Lint: no import loops between source files (issue #11.5 removed the last ones: screens.ts ↔ the
// screens, policy ↔ default-policy, the JWKS lint's ids ↔ types, the two status-list commands).
// A loop makes load order matter, hides which module owns a rule, and usually means a piece belongs
// in a module of its own. Type-only imports count too: they are still a dependency of the design.
//
//   node scripts/lint/import-cycles.mjs [root]   exit 1 and one line per loop when there is one
//
// Imports are read with TypeScript's own pre-processor (static, dynamic and type imports, re-exports),
// relative and `#alias/…` specifiers resolved like the bundlers do (scripts/path-aliases.mjs).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { importTarget } from '../path-aliases.mjs'

/** The source folders whose files must not import each other in a loop. */
export const sourceRoots = ['shared', 'electron', 'renderer/src', 'cli']

function sourceFiles(root, folder, found = []) {
  const dir = join(root, folder)
  if (!existsSync(dir)) return found
  for (const name of readdirSync(dir)) {
    const path = join(folder, name)
    if (statSync(join(root, path)).isDirectory()) sourceFiles(root, path, found)
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) found.push(path.split('\\').join('/'))
  }
  return found
}

function resolveImport(files, from, specifier) {
  const base = importTarget(from, specifier)
  if (base === null) return null
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (files.has(candidate)) return candidate
  return null
}

/**
 * Every import loop among the source files under `root`: each an array of repository-relative
 * paths (a strongly connected component of two or more files, or a file importing itself), sorted.
 */
export function findImportCycles(root) {
  const files = new Set(sourceRoots.flatMap((folder) => sourceFiles(root, folder)))
  const graph = new Map()
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
    const targets = new Set()
    for (const { fileName } of importedFiles) {
      const target = resolveImport(files, file, fileName)
      if (target) targets.add(target)
    }
    graph.set(file, targets)
  }
  // Tarjan's strongly connected components, iterative (no recursion limit on deep chains).
  const index = new Map()
  const low = new Map()
  const onStack = new Set()
  const stack = []
  const cycles = []
  let next = 0
  for (const start of graph.keys()) {
    if (index.has(start)) continue
    const work = [[start, [...graph.get(start)], 0]]
    index.set(start, next)
    low.set(start, next++)
    stack.push(start)
    onStack.add(start)
    while (work.length > 0) {
      const frame = work[work.length - 1]
      const [node, edges] = frame
      if (frame[2] < edges.length) {
        const target = edges[frame[2]++]
        if (!index.has(target)) {
          index.set(target, next)
          low.set(target, next++)
          stack.push(target)
          onStack.add(target)
          work.push([target, [...graph.get(target)], 0])
        } else if (onStack.has(target)) low.set(node, Math.min(low.get(node), index.get(target)))
        continue
      }
      work.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1][0]
        low.set(parent, Math.min(low.get(parent), low.get(node)))
      }
      if (low.get(node) === index.get(node)) {
        const component = []
        let member
        do {
          member = stack.pop()
          onStack.delete(member)
          component.push(member)
        } while (member !== node)
        if (component.length > 1 || graph.get(node).has(node)) cycles.push(component.sort())
      }
    }
  }
  // readdir order differs between file systems; the report should not
  return cycles.sort((a, b) => a[0].localeCompare(b[0]))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = resolve(process.argv[2] ?? '.')
  const cycles = findImportCycles(root)
  for (const cycle of cycles)
    console.error(`import loop: ${cycle.map((file) => relative('.', join(root, file)) || file).join(' ↔ ')}`)
  if (cycles.length > 0) {
    console.error(`${cycles.length} import loops (or one): move what both sides need into a module of its own.`)
    process.exit(1)
  }
}
