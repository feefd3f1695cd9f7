// @ts-check
/**
 * The Chromium features the e2e browser runs without (playwright.config.ts's one --disable-features).
 *
 * Chromium's new headless mode (what `--headless` means since Chromium 132, and all Debian's
 * chromium has) builds a real browser window for every Playwright context, and in Chromium 156 that
 * window loads two WebUI renderers for the address bar's suggestion popup
 * (chrome://omnibox-popup.top-chrome/ and its omnibox_popup_aim.html) that no test ever opens.
 * Measured in a cpuacct cgroup, 6 contexts each loading Signet: 5.0 CPU-s per context without them,
 * 7.7 with them (the whole run 40.2 vs 58.0 CPU-s); the page under test is unchanged.
 *
 * Chromium reads ONE --disable-features switch (the last one on the command line), and Playwright
 * passes its own first: so the switch given here repeats Playwright's list
 * (`playwrightDisabledFeatures`, checked against the installed Playwright by
 * test/unit/tooling/chromium-features.test.ts, which fails when an upgrade changes it).
 */

/** Playwright 1.65's own --disable-features list (playwright-core, chromiumSwitches.ts), in its order. */
export const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
]

/** The address bar's WebUI popups, which new headless loads per window and no test uses. */
export const browserUiFeatures = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup']

/** The one switch: Playwright's list and ours. */
export const disableFeaturesSwitch = `--disable-features=${[...playwrightDisabledFeatures, ...browserUiFeatures].join(',')}`
