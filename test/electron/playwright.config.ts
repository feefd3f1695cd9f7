import { defineConfig } from '@playwright/test'

// Smoke tests of the real Electron shell. They need the Electron binary, which cannot be downloaded
// on the CI machines; there they skip and say why (see smoke.spec.ts).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  // Its own output folder: Playwright empties outputDir at start, and the e2e run's screenshots live
  // in test-results/screens.
  outputDir: '../../test-results/electron',
  reporter: [['list']],
  timeout: 60_000,
})
