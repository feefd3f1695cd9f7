import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'
import folderBoundaries from './scripts/lint/folder-boundaries.mjs'

/**
 * The import boundaries of DESIGN.md, enforced so that a wrong import fails the lint, not a review:
 * - only electron/main and electron/preload may import 'electron';
 * - only electron/adapters may import keytar, electron-store or conf;
 * - shared/ imports nothing platform-specific (no node:*, no electron, no DOM-only code);
 * - raw ipcMain / ipcRenderer / contextBridge only in their one file each;
 * - every file belongs to a layer, and relative imports follow each layer's allowlist
 *   (scripts/lint/folder-boundaries.mjs).
 */
const electronBan = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron (DESIGN.md, Layout).',
}
const storageBans = ['keytar', 'electron-store', 'conf'].map((name) => ({
  name,
  message: 'Only electron/adapters may import keytar, electron-store or conf (DESIGN.md, Layout).',
}))
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'buffer',
  'events',
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.electronegativity/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { signet: folderBoundaries },
    rules: {
      'signet/folder-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronBan, ...storageBans] }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: storageBans }] },
  },
  {
    files: ['electron/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan] }] },
  },
  {
    // electron-store imports electron itself; that is the adapter's one allowed edge.
    files: ['electron/adapters/store-electron.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan, ...storageBans],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ runs everywhere (renderer included): no node:* imports.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan, ...storageBans],
          patterns: [
            {
              group: nodeBuiltins,
              message: 'The renderer is a sandboxed web page: no Node APIs. Go through window.signet.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportSpecifier[imported.name=/^(ipcMain|ipcRenderer|contextBridge)$/]',
          message:
            'ipcMain only in electron/main/ipc.ts; ipcRenderer and contextBridge only in electron/preload/index.ts.',
        },
      ],
    },
  },
)
