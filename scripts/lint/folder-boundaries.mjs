// ESLint rule `signet/folder-boundaries`: every source file belongs to exactly one layer, and each
// layer has an allowlist of the layers it may import from — relative imports included, since the
// package bans in eslint.config.js cannot see `../../electron/services/…`. A file no layer claims is
// itself an error, so a new folder must be placed deliberately. Models: Signal Desktop's file-suffix
// rule and VS Code's import-patterns rule. The layers are DESIGN.md's "Layout". Aliased imports
// (`#shared/…`, `#electron/…`: scripts/path-aliases.mjs) are resolved to their folder and checked alike.
import { relative, sep } from 'node:path'
import { aliasFor, importTarget } from '../path-aliases.mjs'

/** Layer → the path prefixes (from the repository root) that belong to it. First match wins. */
export const layers = {
  shared: ['shared/'],
  adapters: ['electron/adapters/'],
  services: ['electron/services/'],
  main: ['electron/main/'],
  preload: ['electron/preload/'],
  cli: ['cli/'],
  renderer: ['renderer/'],
  // tests, scripts and tool configs may reach anything they check or build
  tooling: [
    'test/',
    'scripts/',
    'bin/',
    'eslint.config.js',
    'vitest.config.ts',
    'playwright.config.ts',
    'electron.vite.config.ts',
  ],
}

/** Layer → the layers its files may import from (always including itself). */
export const allowed = {
  shared: ['shared'],
  adapters: ['adapters', 'shared'],
  services: ['services', 'adapters', 'shared'],
  main: ['main', 'services', 'adapters', 'shared'],
  preload: ['preload', 'shared'],
  cli: ['cli', 'services', 'adapters', 'shared'],
  renderer: ['renderer', 'shared'],
  tooling: ['tooling', 'shared', 'adapters', 'services', 'main', 'preload', 'cli', 'renderer'],
}

export function layerOf(pathFromRoot) {
  const path = pathFromRoot.split(sep).join('/')
  for (const [layer, prefixes] of Object.entries(layers)) {
    if (prefixes.some((prefix) => (prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix))) return layer
  }
  return null
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the folder allowlist of DESIGN.md; every file belongs to a layer.' },
    schema: [],
    messages: {
      unclassified:
        "This file belongs to no layer of DESIGN.md's Layout: place it in one, or add its folder to scripts/lint/folder-boundaries.mjs deliberately.",
      useAlias:
        'An import that crosses into another top-level folder uses its alias: "{{alias}}", not "{{source}}" (scripts/path-aliases.mjs; `node scripts/codemods/use-path-aliases.mjs` rewrites them all).',
      forbidden:
        '{{from}} may not import from {{to}} ("{{source}}"); {{from}} may import from: {{allowed}} (DESIGN.md, Layout).',
    },
  },
  create(context) {
    const root = context.cwd
    const file = relative(root, context.filename)
    const from = layerOf(file)
    const check = (node) => {
      const source = node.source?.value
      if (typeof source !== 'string') return
      const target = importTarget(file, source)
      if (target === null) return
      const alias = aliasFor(file, source)
      if (alias !== null) context.report({ node: node.source, messageId: 'useAlias', data: { alias, source } })
      const to = layerOf(target)
      if (to === null || allowed[from].includes(to)) return
      context.report({
        node: node.source,
        messageId: 'forbidden',
        data: { from, to, source, allowed: allowed[from].join(', ') },
      })
    }
    return {
      Program(node) {
        if (from === null) context.report({ node, messageId: 'unclassified' })
      },
      ImportDeclaration: (node) => from && check(node),
      ExportNamedDeclaration: (node) => from && check(node),
      ExportAllDeclaration: (node) => from && check(node),
      ImportExpression: (node) => from && check(node),
    }
  },
}

export default { rules: { 'folder-boundaries': rule } }
