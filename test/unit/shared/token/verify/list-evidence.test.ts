import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { encodeStatuses } from '#shared/status-list/encode'
import { fastValidWithLists, withListChecks } from '#shared/token/verify/list-checks'
import { prepareListEvidence, referencedBy } from '#shared/token/verify/list-evidence'

const now = Math.floor(Date.now() / 1000)
const uri = 'https://issuer.example/sl/1'

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  const jwk = JSON.stringify({ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' })
  const source = keySourceFromParsed(await parseKeyText(jwk, { name: 'k' }), { at: now })
  const list = await new SignJWT({ sub: uri, iat: now, exp: now + 600, status_list: encodeStatuses([0, 1, 0, 0], 2) })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'statuslist+jwt' })
    .sign(privateKey)
  return { source, list }
}

describe('list evidence for many tokens', () => {
  it('keeps a fast valid only when no list check fails, with the reason the full trace gets', async () => {
    const { source, list } = await setup()
    const evidence = await prepareListEvidence({ statusLists: [list], revocationLists: [] }, source, defaultPolicy())
    const ok = { status: { status_list: { idx: 0, uri } } }
    const revoked = { status: { status_list: { idx: 1, uri } } }
    expect(fastValidWithLists('Signature verified with k; every check passed.', ok, evidence, now, 60)).toEqual({
      reason: 'Signature verified with k; every check passed.',
    })
    expect(fastValidWithLists('Signature verified.', revoked, evidence, now, 60)).toBeNull()
    // no status claim: valid with a warning, the reason appendChecks gives the full trace
    const full = withListChecks({ verdict: 'valid', reason: 'r.', checks: [] }, {}, evidence, now, 60)
    expect(fastValidWithLists('r.', {}, evidence, now, 60)).toEqual({ reason: full.reason })
    expect(full.reason).toMatch(/1 warning/)
    expect(fastValidWithLists('r.', revoked, null, now, 60)).toEqual({ reason: 'r.' })
  })

  it('by reference, a list judges only the tokens that refer to it', async () => {
    const { source, list } = await setup()
    const prepared = await prepareListEvidence(
      { statusLists: [list], revocationLists: [], match: 'by-reference' },
      source,
      defaultPolicy(),
    )
    expect(referencedBy({ status: { status_list: { idx: 1, uri } } }, prepared!).statusLists).toHaveLength(1)
    expect(
      referencedBy({ status: { status_list: { idx: 1, uri: 'https://other/sl' } } }, prepared!).statusLists,
    ).toEqual([])
    expect(prepared!.checks({ status: { status_list: { idx: 0, uri: 'https://other/sl' } } }, now, 60)).toEqual([])
    expect(prepared!.checks({ status: { status_list: { idx: 1, uri } } }, now, 60).at(-1)?.status).toBe('fail')
    expect(await prepareListEvidence({ statusLists: [], revocationLists: [] }, source, defaultPolicy())).toBeNull()
  })
})
