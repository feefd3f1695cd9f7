import type { Page } from '@playwright/test'
import { expect, snapBothSchemes, test } from './support/fixtures'
import { paste } from './support/inspect-page'

/**
 * Inspect's layout, checked geometrically: the token's header and claims are on screen at once
 * beside the token, and the verdict never covers anything, whatever the results' scroll position.
 */

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const now = Math.floor(Date.now() / 1000)
// An ordinary access token: eight claims, expired an hour ago (so the verdict and findings have something to say).
const accessToken = [
  b64url({ alg: 'RS256', typ: 'at+jwt', kid: 'signing-2026-03' }),
  b64url({
    iss: 'https://id.example.com',
    sub: '248289761001',
    aud: 'https://api.example.com',
    exp: now - 3600,
    iat: now - 7200,
    nbf: now - 7200,
    jti: 'a1b2c3d4e5',
    scope: 'openid profile orders:read',
  }),
  Buffer.alloc(256, 7).toString('base64url'),
].join('.')

/**
 * Every content element (one with its own text, or a control) whose VISIBLE part — its box clipped
 * by every scrolling ancestor and the window — intersects the verdict banner. Empty when the
 * verdict covers nothing. Runs in the page.
 */
function overlapsWithVerdict(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Box = { left: number; top: number; right: number; bottom: number }
    const banner = document.querySelector('[data-testid="verification-slot"]')
    if (!banner) throw new Error('no verdict on screen')
    const clip = (element: Element): Box | null => {
      const r = element.getBoundingClientRect()
      let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent)
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue
        const p = parent.getBoundingClientRect()
        box = {
          left: Math.max(box.left, p.left),
          top: Math.max(box.top, p.top),
          right: Math.min(box.right, p.right),
          bottom: Math.min(box.bottom, p.bottom),
        }
      }
      box = {
        left: Math.max(box.left, 0),
        top: Math.max(box.top, 0),
        right: Math.min(box.right, innerWidth),
        bottom: Math.min(box.bottom, innerHeight),
      }
      return box.right - box.left > 0.5 && box.bottom - box.top > 0.5 ? box : null
    }
    const verdict = clip(banner)
    if (!verdict) return []
    const hits: string[] = []
    for (const element of document.querySelectorAll('body *')) {
      if (banner.contains(element) || element.contains(banner)) continue
      const ownText = [...element.childNodes].some(
        (node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '',
      )
      if (!ownText && !element.matches('button, input, textarea, svg, [role="tab"], .cm-content')) continue
      if (getComputedStyle(element).visibility === 'hidden') continue
      const box = clip(element)
      if (!box) continue
      const overlapX = Math.min(box.right, verdict.right) - Math.max(box.left, verdict.left)
      const overlapY = Math.min(box.bottom, verdict.bottom) - Math.max(box.top, verdict.top)
      if (overlapX > 0.5 && overlapY > 0.5)
        hits.push(`${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}"`)
    }
    return hits
  })
}

/** Scrolls `selector` through its whole height in steps, checking the verdict covers nothing at each. */
async function expectVerdictCoversNothing(page: Page, selector: string) {
  const scroller = page.locator(selector)
  const height = await scroller.evaluate((element) => element.scrollHeight - element.clientHeight)
  for (let top = 0; ; top = Math.min(height, top + 120)) {
    await scroller.evaluate((element, y) => element.scrollTo({ top: y, behavior: 'instant' }), top)
    expect(await overlapsWithVerdict(page), `scrolled to ${top}px of ${height}`).toEqual([])
    if (top >= height) break
  }
  await scroller.evaluate((element) => element.scrollTo({ top: 0, behavior: 'instant' }))
}

// The geometry walk touches every element at each scroll step: slow on a loaded machine.
test.describe.configure({ timeout: 90_000 })

test(`at 1280×800 the header and claims are on screen beside the token, and the verdict covers nothing`, async ({
  app,
}) => {
  await paste(app, accessToken)
  await expect(app.getByTestId('verdict-title')).toHaveText('Expired')
  await snapBothSchemes(app, 'inspect-layout-1280')

  // Header and every claim visible without scrolling: fully inside the window and the results' scroller.
  const rows = app.locator(
    '[data-testid="header-panel-0-protected"] tr[data-claim], [data-testid="payload-claims"] tr[data-claim]',
  )
  await expect(rows).toHaveCount(3 + 8)
  const scroller = await app.getByTestId('result-scroll').boundingBox()
  for (const row of await rows.all()) {
    const box = (await row.boundingBox())!
    expect(box.y, await row.innerText()).toBeGreaterThanOrEqual(scroller!.y)
    expect(box.y + box.height, await row.innerText()).toBeLessThanOrEqual(Math.min(800, scroller!.y + scroller!.height))
  }
  // Beside the token, not under it.
  const editor = (await app.getByTestId('token-editor').boundingBox())!
  const claims = (await app.getByTestId('payload-claims').boundingBox())!
  expect(claims.x).toBeGreaterThan(editor.x + editor.width - 1)
  // The editor is as tall as the token, with no empty block under it.
  const frame = (await app.locator('.cm-editor').boundingBox())!
  expect(frame.height - editor.height).toBeLessThan(8)

  await expectVerdictCoversNothing(app, '[data-testid="result-scroll"]')
  // The checks, findings and timeline are one click from the verdict (the anchors wrap display: contents, so the jump scrolls to their panel).
  await app.getByTestId('jump-timeline').click()
  await expect(app.getByTestId('timeline-panel')).toBeInViewport()
  expect(await overlapsWithVerdict(app)).toEqual([])
})

test(`at 760 px the verdict sits between the token and the key input and covers nothing`, async ({ app }) => {
  await app.setViewportSize({ width: 760, height: 800 })
  await paste(app, accessToken)
  await expect(app.getByTestId('verdict-title')).toHaveText('Expired')
  const verdict = (await app.getByTestId('verification-slot').boundingBox())!
  const editor = (await app.getByTestId('token-editor').boundingBox())!
  const keyTab = (await app.getByTestId('tab-key').boundingBox())!
  expect(verdict.y).toBeGreaterThan(editor.y + editor.height - 1)
  expect(keyTab.y).toBeGreaterThan(verdict.y + verdict.height - 1)
  expect(keyTab.y - (verdict.y + verdict.height)).toBeLessThan(40)
  await expect(app.getByTestId('verification-slot')).toBeInViewport()
  await snapBothSchemes(app, 'inspect-layout-760')
  await expectVerdictCoversNothing(app, '[data-testid="results"] >> xpath=..')
})
