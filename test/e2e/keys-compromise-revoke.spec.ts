import { randomUUID } from 'node:crypto'
import { createKeychain } from '#electron/adapters/keychain'
import { decodeToken } from '#shared/token/decode'
import { expect, snap, test as base } from './support/fixtures'

/**
 * The compromise dialog's offer (#7.4): a key signed three tokens with a status index (one of them
 * already expired) and one note has no recorded signer; the dialog counts the two live tokens and
 * the unknown note, the checkbox sets them INVALID after the key is compromised, the result note says
 * how many and that the list must be exported, and the real store holds exactly those statuses.
 */

const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

const indexOf = (token: string) => {
  const decoded = decodeToken(token)
  const claims = (decoded.type === 'jws' && decoded.payload.kind === 'claims' ? decoded.payload.claims : {}) as {
    status: { status_list: { idx: number } }
  }
  return claims.status.status_list.idx
}

test('compromise offers to mark the key’s live status-list tokens INVALID and says how many it did', async ({
  app,
  bridge,
}) => {
  test.setTimeout(180_000)
  const h = bridge!.handlers
  await h['sets:create']({ name: 'payments-prod', issuer: 'https://auth.example.com' })
  await h['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-leaked', activate: true })
  await h['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-next' })
  await h['status-list:create']({
    name: 'sessions',
    set: 'payments-prod',
    uri: 'https://auth.example.com/sl/1',
    size: 1024,
    bits: 2,
  })
  const sign = async (expiresIn: number) =>
    (await h['sign:token']({ set: 'payments-prod', claims: { sub: 'alice' }, statusList: 'sessions', expiresIn })).token
  const live = [indexOf(await sign(3600)), indexOf(await sign(1800))]
  const unknown = indexOf(await sign(3600))
  // A note from before Signet recorded the signer, and one token that has expired already.
  bridge!.context.store.update((data) => ({
    ...data,
    statusLists: data.statusLists.map((list) => {
      const notes = { ...list.notes }
      const { kid: _dropped, ...rest } = notes[String(unknown)]!
      notes[String(unknown)] = rest
      return { ...list, notes }
    }),
  }))
  const expired = indexOf(await sign(3600))
  bridge!.context.store.update((data) => ({
    ...data,
    statusLists: data.statusLists.map((list) => ({
      ...list,
      notes: { ...list.notes, [String(expired)]: { ...list.notes[String(expired)]!, exp: 1_000_000 } },
    })),
  }))

  await app.getByTestId('nav-keys').click()
  await app.getByTestId('key-menu-pay-leaked').click()
  await app.getByRole('menuitem').and(app.getByTestId('action-compromise')).click()
  const modal = app.getByTestId('transition-modal')
  await expect(modal).toHaveAttribute('data-action', 'compromise')
  const offer = modal.getByTestId('revoke-tokens-offer')
  await expect(offer.getByTestId('revoke-tokens-count')).toHaveText(
    '2 unexpired tokens signed by pay-leaked carry a status index in sessions.',
  )
  await expect(offer.getByTestId('revoke-tokens-unknown')).toContainText(
    '1 note in the set’s status lists has no recorded signer',
  )
  await offer.getByTestId('revoke-tokens').check()
  await modal.getByTestId('reason').fill('Private key file found in a public CI log')
  await modal.getByTestId('confirm-kid').fill('pay-leaked')
  await snap(app, 'keys-compromise-revoke-offer-light')
  await modal.getByTestId('confirm-transition').click()
  await expect(modal).toHaveCount(0)
  await expect(app.getByTestId('result-note')).toContainText(
    '2 tokens marked INVALID in sessions: export and publish the status list',
  )

  const list = bridge!.context.store.read().statusLists[0]!
  const statuses = await Promise.all(
    [...live, unknown, expired].map(async (idx) => (await h['status-list:get']({ name: 'sessions', idx })).status),
  )
  expect(statuses).toEqual([1, 1, 0, 0])
  expect(list.notes[String(live[0])]!.reason).toBe(
    'signing key pay-leaked compromised: Private key file found in a public CI log',
  )
  const log = await h['audit:list']({})
  expect(log.entries.filter((e) => e.action === 'status-list.revoke-signed-by').map((e) => e.details)).toEqual([
    expect.objectContaining({ revoked: 2, unknownSigner: 1 }),
  ])
})
