import { randomUUID } from 'node:crypto'
import { createKeychain } from '#electron/adapters/keychain'
import type { Bridge } from './support/bridge'
import { expect, snap, test as base } from './support/fixtures'
import { check, paste, verdict } from './support/inspect-page'

/**
 * Inspect checks revocation, end to end in Chromium against the real handler table (real store,
 * private keychain): a set's ES256 key signs a token that carries status.status_list {idx, uri}
 * from a managed list; the Revocation input picks that list's last signed export (fetched through
 * main) and the trace gains the status checks. Revoked (INVALID) fails naming the index, SUSPENDED
 * fails with its own message, restored passes — each after a real export, as a verifier would see
 * it. The pasted-token path and the list's lane on the timeline are checked too.
 */

const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

const uri = 'https://auth.example.com/status/inspect-2026'

async function seed(bridge: Bridge): Promise<{ token: string; idx: number }> {
  const handlers = bridge.handlers
  await handlers['sets:create']({ name: 'payments-prod', issuer: 'https://auth.example.com' })
  await handlers['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-es256-a', activate: true })
  await handlers['status-list:create']({ name: 'inspect-2026', set: 'payments-prod', uri, size: 4096, bits: 2 })
  const reference = await handlers['status-list:allocate']({
    name: 'inspect-2026',
    jti: 'tok-inspect-1',
    sub: 'alice@example.com',
    exp: null,
  })
  const signed = await handlers['sign:token']({
    set: 'payments-prod',
    claims: { sub: 'alice@example.com', jti: 'tok-inspect-1', status: { status_list: reference } },
    expiresIn: 3600,
  })
  await handlers['status-list:export']({ name: 'inspect-2026' })
  return { token: signed.token, idx: reference.idx }
}

/** Sets the index's status in the managed list and exports it, as an admin publishing a change would. */
async function publish(bridge: Bridge, idx: number, status: number): Promise<string> {
  await bridge.handlers['status-list:set']({ name: 'inspect-2026', indexes: [idx], status, reason: 'e2e' })
  return (await bridge.handlers['status-list:export']({ name: 'inspect-2026' })).token
}

test('the status check follows the managed list: valid, revoked naming the index, suspended, restored', async ({
  app,
  bridge,
}) => {
  test.setTimeout(150_000)
  const { token, idx } = await seed(bridge!)
  await paste(app, token)
  await app.getByTestId('key-source').getByText('Managed keys').click()
  await expect(verdict(app)).toHaveText('Valid')

  await app.getByTestId('tab-revocation').click()
  await app.getByTestId('status-list-from').getByText('Managed list').click()
  await app.getByTestId('managed-status-list').click()
  await app.getByRole('option', { name: 'inspect-2026 · payments-prod' }).click()
  await expect(app.getByTestId('managed-status-list-note')).toContainText(`for ${uri}`)
  await expect(app.getByTestId('status-list-reading')).toContainText('4,096 entries of 2 bits · 4,096 VALID')
  await expect(app.getByTestId('status-list-reading')).toContainText('Signature verified')
  await expect(app.getByTestId('tab-revocation')).toContainText('status list')

  // Every check of the CLI's, grouped and titled (no raw ids), all passing.
  await expect(check(app, 'status')).toHaveAttribute('data-status', 'pass')
  await expect(check(app, 'status')).toContainText(`The status at index ${idx} is VALID.`)
  for (const id of ['status-list-signature', 'status-list-typ', 'status-list-sub', 'status-list-fresh', 'status-index'])
    await expect(check(app, id)).toHaveAttribute('data-status', 'pass')
  const group = app.getByTestId('checks-panel').getByRole('group', { name: 'Status list' })
  await expect(group).toContainText('Status list signature')
  await expect(group).toContainText('Status list freshness')
  await expect(app.getByTestId('checks-panel')).not.toContainText('status-list-fresh')
  await expect(verdict(app)).toHaveText('Valid')
  // The list's own window is a lane of the timeline.
  await expect(app.getByTestId('timeline-panel')).toContainText(`status list · ${uri}`)

  // Revoked and published: the pending note first says the change is not exported yet.
  await bridge!.handlers['status-list:set']({ name: 'inspect-2026', indexes: [idx], status: 1, reason: 'laptop lost' })
  await app.getByTestId('managed-status-list-reload').click()
  await expect(app.getByTestId('managed-status-list-note')).toContainText('1 status change since then is not in it')
  await expect(check(app, 'status')).toHaveAttribute('data-status', 'pass')
  await bridge!.handlers['status-list:export']({ name: 'inspect-2026' })
  await app.getByTestId('managed-status-list-reload').click()
  await expect(check(app, 'status')).toHaveAttribute('data-status', 'fail')
  await expect(check(app, 'status')).toContainText(`The token is revoked: the status at index ${idx} is INVALID.`)
  await expect(verdict(app)).toHaveText('Invalid')
  await expect(app.getByTestId('verdict-reason')).toContainText(`index ${idx} is INVALID`)
  await check(app, 'status').scrollIntoViewIfNeeded()
  await snap(app, 'inspect-status-revoked-light')
  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'inspect-status-revoked-dark')
  await app.emulateMedia({ colorScheme: 'light' })

  // Suspended: its own message.
  await publish(bridge!, idx, 2)
  await app.getByTestId('managed-status-list-reload').click()
  await expect(check(app, 'status')).toContainText(`The token is suspended: the status at index ${idx} is SUSPENDED`)
  await expect(check(app, 'status')).toHaveAttribute('data-status', 'fail')
  await expect(verdict(app)).toHaveText('Invalid')

  // Restored: passes again.
  const restored = await publish(bridge!, idx, 0)
  await app.getByTestId('managed-status-list-reload').click()
  await expect(check(app, 'status')).toHaveAttribute('data-status', 'pass')
  await expect(verdict(app)).toHaveText('Valid')
  await app.getByTestId('timeline-panel').scrollIntoViewIfNeeded()
  await snap(app, 'inspect-status-restored-light')
  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'inspect-status-restored-dark')
  await app.emulateMedia({ colorScheme: 'light' })

  // The same token, pasted: a list from another issuer's key does not vouch; this one does.
  await app.getByTestId('status-list-from').getByText('Status List Token').click()
  await app.getByTestId('status-list-token').fill(restored)
  await expect(check(app, 'status')).toHaveAttribute('data-status', 'pass')
  await expect(check(app, 'status-list-signature')).toContainText('pay-es256-a')
  const revoked = await publish(bridge!, idx, 1)
  await app.getByTestId('status-list-token').fill(revoked)
  await expect(check(app, 'status')).toContainText(`index ${idx} is INVALID`)
  await app.getByTestId('status-list-token').fill(`${revoked.slice(0, -4)}AAAA`)
  await expect(check(app, 'status-list-signature')).toHaveAttribute('data-status', 'fail')
  await expect(verdict(app)).toHaveText('Invalid')
})
