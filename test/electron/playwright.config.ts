import { defineConfig } from '@playwright/test'

// Smoke tests of the real Electron shell. They need the Electron binary, which cannot be downloaded
// on the CI machines; there they skip and say why (see smoke.spec.ts).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  reporter: [['list']],
  timeout: 60_000,
})
