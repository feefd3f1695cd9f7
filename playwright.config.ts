import { defineConfig } from '@playwright/test'
import { disableFeaturesSwitch } from './scripts/chromium-features.mjs'

/**
 * e2e: the built renderer (out/renderer, from `electron-vite build`) in Debian's Chromium, with
 * window.signet bridged to the real handler table. Run inside scripts/with-private-keyring.sh so
 * the keychain is real and private:
 *   npx electron-vite build && scripts/with-private-keyring.sh npm run test:e2e
 * Screenshots land in test-results/screens/ and are kept; Playwright's own artefacts go to
 * test-results/playwright/ (which it wipes per run).
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  // CPU-bound, so not more: measured in a cpuacct cgroup (Chromium's processes included, which
  // /usr/bin/time misses), keys-table.spec.ts used 94.5 CPU-s for 9 tests, ~1.3 cores per running
  // test; CI spent 70.6 s of test time on them at 2 workers. A third worker on 2 cores only adds contention.
  workers: 2,
  fullyParallel: true,
  // One retry in CI: a test that passes only on retry is reported as flaky in the summary, not hidden.
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    video: 'off',
    // Recording a trace (a DOM snapshot and a screencast frame at every action) costs every test
    // CPU even when it passes and the trace is thrown away. In CI the failed test's retry records
    // one; locally (no retry) a failure still keeps its trace.
    trace: process.env.CI ? 'on-first-retry' : 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // without the address bar's WebUI popups new headless loads per context: ~2.7 CPU-s less per test
        disableFeaturesSwitch,
      ],
    },
  },
})
