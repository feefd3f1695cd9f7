#!/usr/bin/env node
// Codemod: relative imports that cross from one top-level source folder into another
// (`../../../../shared/errors` in renderer/src/features/x) become the folder's alias (`#shared/errors`,
// scripts/path-aliases.mjs). Relative imports within one top-level folder stay as they are: they say
// "a neighbour", which an alias would hide. Idempotent: an aliased import is not relative, so a
// second run changes nothing.
//
//   node scripts/codemods/use-path-aliases.mjs            rewrite the tree, print the files changed
//   node scripts/codemods/use-path-aliases.mjs --check    change nothing; exit 1 if a file would change
//
// Module specifiers are found with TypeScript's own parser, not a regular expression, so strings and
// comments that merely look like imports are left alone: import/export declarations, `import()`
// (expressions and types), `require()`, and Vitest's module calls (`vi.mock`, `vi.importActual`, …).
// Changed files are re-formatted with the project's Prettier config, since a shorter specifier can
// let a wrapped import fit on one line.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { aliasFor } from '../path-aliases.mjs'

export { aliasFor }

/** The folders whose files are rewritten (and the only folders an import is rewritten into). */
export const sourceFolders = ['shared', 'electron', 'renderer', 'cli', 'test']
const extensions = /\.(ts|tsx|mts|cts)$/
const skippedFolders = new Set(['node_modules', 'out', 'test-results', 'fixtures'])
const vitestModuleCalls = new Set(['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock'])

/** The string literals in `source` that name a module, as TypeScript parses them. */
function moduleSpecifiers(fileName, source) {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind)
  const found = []
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      found.push(node.moduleSpecifier)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      found.push(node.argument.literal)
    } else if (ts.isCallExpression(node) && isModuleCall(node) && node.arguments.length > 0) {
      found.push(node.arguments[0])
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found.filter(ts.isStringLiteral).map((literal) => ({
    // the text between the quotes, so the file's own quote character is kept
    start: literal.getStart(file) + 1,
    end: literal.getEnd() - 1,
    text: literal.text,
  }))
}

function isModuleCall(call) {
  const callee = call.expression
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true
  if (ts.isIdentifier(callee)) return callee.text === 'require'
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'vi' &&
    vitestModuleCalls.has(callee.name.text)
  )
}

/**
 * `source` (the text of `fileFromRoot`) with its cross-folder relative imports aliased; the same string
 * when there is nothing to rewrite.
 */
export function rewriteSource(fileFromRoot, source) {
  let result = source
  // from the end, so earlier offsets stay valid
  for (const { start, end, text } of moduleSpecifiers(fileFromRoot, source).reverse()) {
    const alias = aliasFor(fileFromRoot, text)
    if (alias !== null) result = result.slice(0, start) + alias + result.slice(end)
  }
  return result
}

function* sourceFiles(root, folder) {
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`
    if (entry.isDirectory() && !skippedFolders.has(entry.name)) yield* sourceFiles(root, path)
    else if (entry.isFile() && extensions.test(entry.name)) yield path
  }
}

/**
 * Rewrites every source file under `root`'s source folders (or only reports, with `write: false`).
 * Returns the changed files, '/'-separated and relative to `root`. Written files are formatted with
 * the Prettier config found for them (unless `format: false`).
 */
export async function usePathAliases({ root, write = true, format = true }) {
  const prettier = format ? await import('prettier') : null
  const changed = []
  for (const folder of sourceFolders.filter((name) => existsSync(join(root, name)))) {
    for (const file of sourceFiles(root, folder)) {
      const path = join(root, file)
      const before = readFileSync(path, 'utf8')
      let after = rewriteSource(file, before)
      if (after === before) continue
      changed.push(file)
      if (!write) continue
      if (prettier !== null) {
        const options = await prettier.resolveConfig(path)
        const { ignored } = await prettier.getFileInfo(path, { ignorePath: join(root, '.prettierignore') })
        if (!ignored) after = await prettier.format(after, { ...options, filepath: path })
      }
      writeFileSync(path, after)
    }
  }
  return changed
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
  const changed = await usePathAliases({ root, write: !check })
  for (const file of changed) console.log(file)
  console.log(`${changed.length} file(s) ${check ? 'would change' : 'changed'}`)
  if (check && changed.length > 0) process.exitCode = 1
}
