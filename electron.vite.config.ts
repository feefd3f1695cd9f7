import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { metaContentSecurityPolicy } from './electron/main/security'
import { channels } from './shared/contract'
import { viteAliases } from './scripts/path-aliases.mjs'

// `#shared/…`, `#electron/…` (scripts/path-aliases.mjs) for all three builds
const resolveAliases = { alias: viteAliases() }

/**
 * Adds the CSP as a <meta> tag to the built page (the app:// handler also sends it as a header).
 * Build only: the dev server's React refresh preamble is an inline script the policy forbids.
 */
function cspMetaTag(): Plugin {
  return {
    name: 'signet-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy },
        injectTo: 'head-prepend',
      },
    ],
  }
}

export default defineConfig({
  main: {
    resolve: resolveAliases,
    build: {
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    resolve: resolveAliases,
    // The channel names only (shared/contract/names.ts): the privileged preload bundles no schema.
    define: { __SIGNET_CHANNELS__: JSON.stringify(channels) },
    build: {
      // A sandboxed preload cannot require() anything but 'electron': bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    resolve: resolveAliases,
    plugins: [react(), cspMetaTag()],
    build: {
      // electron-vite leaves the renderer unminified by default; minified it parses faster at start-up.
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
})
