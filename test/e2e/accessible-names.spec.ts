import { randomUUID } from 'node:crypto'
import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { createKeychain } from '#electron/adapters/keychain'
import type { Bridge } from './support/bridge'
import { expect, test as base } from './support/fixtures'
import { chooseFiles } from './support/scan-page'

/**
 * Every control on every screen has a name a screen reader can say, with data loaded so tables,
 * drawers and lists render: axe-core's naming rules (button-name, link-name, label and the ARIA
 * field/command/toggle rules) plus Chromium's own accessibility tree read through Playwright's
 * aria snapshot, where every button, link, textbox, combobox, checkbox, switch and tab must carry a
 * name. Icon-only buttons must also show a tooltip saying what they do when hovered.
 */

const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

const now = Math.floor(Date.now() / 1000)

async function seed(bridge: Bridge): Promise<string> {
  const h = bridge.handlers
  await h['sets:create']({ name: 'payments-prod', issuer: 'https://auth.example.com', rotationPeriod: 86_400 } as never)
  await h['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-es256-a', activate: true })
  await h['keys:generate']({ set: 'payments-prod', alg: 'EdDSA', kid: 'pay-ed25519' })
  await h['keys:certificate']({ kid: 'pay-es256-a', days: 90 })
  await h['status-list:create']({
    name: 'payments-2026',
    set: 'payments-prod',
    uri: 'https://s.example/1',
    size: 1024,
    bits: 1,
  })
  await h['status-list:allocate']({ name: 'payments-2026', jti: 'tok-1', sub: 'alice', exp: now + 600 })
  await h['revocations:add']({ set: 'payments-prod', jti: 'tok-7f3a', reason: 'laptop stolen' })
  const { token } = await h['sign:token']({ set: 'payments-prod', claims: { sub: 'alice', exp: now + 600 } })
  return token
}

/** The roles a person reaches with Tab or a screen reader's control list; each one needs a name. */
const namedRoles = ['button', 'link', 'textbox', 'combobox', 'checkbox', 'switch', 'tab', 'radio', 'slider']

/** Lines of the aria snapshot that are a control with no name, e.g. `- button` or `- textbox [disabled]`. */
function unnamedControls(snapshot: string): string[] {
  const unnamed = new RegExp(`^\\s*- (${namedRoles.join('|')})(\\s*\\[[^\\]]*\\])*:?\\s*$`)
  return snapshot.split('\n').filter((line) => unnamed.test(line))
}

async function expectNamed(page: Page, where: string): Promise<void> {
  const axe = await new AxeBuilder({ page })
    .withRules([
      'button-name',
      'link-name',
      'label',
      'select-name',
      'input-button-name',
      'aria-command-name',
      'aria-input-field-name',
      'aria-toggle-field-name',
    ])
    .analyze()
  const violations = axe.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html.slice(0, 200)}`))
  expect.soft(violations, `controls without an accessible name on ${where} (axe)`).toEqual([])
  const snapshot = await page.locator('body').ariaSnapshot()
  expect.soft(unnamedControls(snapshot), `controls without an accessible name on ${where} (aria tree)`).toEqual([])
  await expectIconButtonsHaveTooltips(page, where)
}

/**
 * Every visible button without visible text (an icon-only control) shows a tooltip when hovered:
 * what a sighted mouse user gets for the name a screen reader reads.
 */
async function expectIconButtonsHaveTooltips(page: Page, where: string): Promise<void> {
  // With a drawer or dialog open, only its controls can be reached: the rest sits under its overlay.
  const dialog = page.getByRole('dialog')
  const scope = (await dialog.count()) > 0 ? dialog.last() : page.locator('body')
  // One pass in the page (not a round trip per element): every enabled, visible control with no
  // visible text and no native title, one per distinct name — ten "Copy kid" buttons share one
  // component and one tooltip. Each is marked so it can be hovered below.
  const names = await scope.evaluate((root) => {
    const seen = new Set<string>()
    const probes: string[] = []
    for (const el of root.querySelectorAll<HTMLElement>('button, [role="button"], a')) {
      const visible = el.offsetParent !== null || el.getClientRects().length > 0
      const enabled = !(el as HTMLButtonElement).disabled && el.getAttribute('aria-disabled') !== 'true'
      if (!visible || !enabled || el.innerText.trim() !== '') continue
      // A native tooltip (the title attribute) counts: Mantine's own close buttons carry one.
      if ((el.getAttribute('title') ?? '').trim() !== '') continue
      const name = el.getAttribute('aria-label') ?? el.outerHTML.slice(0, 120)
      if (seen.has(name)) continue
      seen.add(name)
      el.setAttribute('data-tooltip-probe', String(probes.length))
      probes.push(name)
    }
    return probes
  })
  const iconOnly = new Map<string, Locator>(
    names.map((name, i) => [name, scope.locator(`[data-tooltip-probe="${i}"]`)] as const),
  )
  const missing: string[] = []
  const tooltip = page.getByRole('tooltip').filter({ hasText: /\S/ })
  for (const [name, button] of iconOnly) {
    try {
      await button.hover({ timeout: 15_000 })
      await expect(tooltip.first()).toBeVisible({ timeout: 3_000 })
    } catch {
      missing.push(name)
    }
    await page.mouse.move(0, 0)
    await expect(page.getByRole('tooltip'))
      .toHaveCount(0, { timeout: 2_000 })
      .catch(() => undefined)
  }
  expect.soft(missing, `icon-only controls without a tooltip on ${where}`).toEqual([])
}

async function open(page: Page, screen: string): Promise<Locator> {
  await page.getByTestId(`nav-${screen}`).click()
  const root = page.locator(`[data-screen="${screen}"]`)
  await expect(root).toBeVisible()
  return root
}

async function paste(page: Page, text: string) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.evaluate((value) => navigator.clipboard.writeText(value), text)
  await page.getByTestId('token-editor').click()
  await page.keyboard.press('Control+v')
}

/** Each screen with data loaded: what to do there before checking, and where to look. */
const screens: { name: string; show: (page: Page, token: string) => Promise<void> }[] = [
  {
    // A signed token decoded and verified against its managed key.
    name: 'inspect',
    show: async (page, token) => {
      await paste(page, token)
      await expect(page.getByTestId('payload-panel')).toBeVisible({ timeout: 15_000 })
    },
  },
  {
    name: 'keys',
    show: async (page) => {
      await expect(page.getByTestId('keys-table')).toBeVisible()
    },
  },
  {
    name: 'keys drawer',
    show: async (page) => {
      await page.getByTestId('key-row-pay-es256-a').getByTestId('cell-alg').click()
      await expect(page.getByTestId('key-details-body').getByTestId('key-certificate-fingerprint')).toBeVisible({
        timeout: 20_000,
      })
    },
  },
  { name: 'sign', show: async () => undefined },
  {
    name: 'jwks',
    show: async (page) => {
      await expect(page.getByTestId('jwks-thumbprint').first()).toBeVisible()
    },
  },
  {
    name: 'revocations',
    show: async (page) => {
      await expect(page.getByTestId('status-grid')).toBeVisible()
    },
  },
  {
    name: 'scan',
    show: async (page, token) => {
      await chooseFiles(page.locator('[data-screen="scan"]'), {
        name: 'gateway.log',
        content: `GET /orders Authorization: Bearer ${token}\n`,
      })
      await expect(page.getByTestId('scan-table')).toBeVisible()
    },
  },
  {
    name: 'audit',
    show: async (page) => {
      await expect(page.getByTestId('audit-row').first()).toBeVisible()
    },
  },
]

for (const { name, show } of screens) {
  test(`every control on ${name} has an accessible name, and icon-only ones a tooltip`, async ({ app, bridge }) => {
    test.setTimeout(180_000)
    const token = await seed(bridge!)
    await open(app, name.split(' ')[0]!)
    await show(app, token)
    await expectNamed(app, name)
  })
}
