import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import config from '../../../playwright.config'
import {
  browserUiFeatures,
  disableFeaturesSwitch,
  playwrightDisabledFeatures,
} from '../../../scripts/chromium-features.mjs'

/**
 * The e2e browser's one --disable-features switch must keep every feature Playwright itself disables:
 * Chromium reads only the last such switch, so a feature Playwright adds in an upgrade would
 * silently come back on. Playwright's list is read from the installed playwright-core's source.
 */
function installedPlaywrightList(): string[] {
  const bundle = readFileSync(createRequire(import.meta.url).resolve('playwright-core/lib/coreBundle'), 'utf8')
  const start = bundle.indexOf('disabledFeatures = [')
  const end = bundle.indexOf('].filter(Boolean)', start)
  expect(
    start,
    'playwright-core no longer declares "disabledFeatures = [": read its chromiumSwitches anew',
  ).toBeGreaterThan(0)
  expect(end).toBeGreaterThan(start)
  return [...bundle.slice(start, end).matchAll(/^\s*"([A-Za-z0-9]+)",?\s*$/gm)].map((match) => match[1]!)
}

describe('the e2e browser disables features with one switch', () => {
  it("repeats the installed Playwright's own list, in its order", () => {
    const installed = installedPlaywrightList()
    expect(installed.length).toBeGreaterThan(5)
    expect(playwrightDisabledFeatures, 'update scripts/chromium-features.mjs to the installed Playwright').toEqual(
      installed,
    )
  })

  it('is the only --disable-features the config passes, with the browser UI popups added', () => {
    const args = config.use?.launchOptions?.args ?? []
    expect(args.filter((arg) => arg.startsWith('--disable-features'))).toEqual([disableFeaturesSwitch])
    expect(disableFeaturesSwitch).toBe(
      `--disable-features=${[...installedPlaywrightList(), ...browserUiFeatures].join(',')}`,
    )
  })
})
