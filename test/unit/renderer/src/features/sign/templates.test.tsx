import { describe, expect, it } from 'vitest'
import { checkClaims } from '#renderer/features/sign/sign-request'
import { signTemplates, templateById, templateText } from '#renderer/features/sign/templates'
import { parseDuration } from '#shared/time/duration'

const set = { name: 'prod', issuer: 'https://auth.example.com' }
const now = Date.parse('2026-03-02T09:00:00Z')

describe('sign templates', () => {
  it('all produce claims that pass the checks, leave iss/iat/exp/jti to Signet, and have a valid lifetime', () => {
    for (const template of signTemplates) {
      const { claims, problems } = checkClaims(templateText(template, now), set)
      expect(problems, template.id).toEqual([])
      for (const added of ['iss', 'iat', 'exp', 'jti']) expect(claims, template.id).not.toHaveProperty(added)
      expect(parseDuration(template.expiresIn)).toBeGreaterThan(0)
    }
  })

  it('the RFC 9068 access token has typ at+jwt and the claims §2.2 requires of the caller', () => {
    const template = templateById('access-token')!
    expect(template.typ).toBe('at+jwt')
    expect(Object.keys(template.claims({ now, audience: '' }))).toEqual(
      expect.arrayContaining(['sub', 'aud', 'client_id']),
    )
  })

  it('the ID token is for a client (aud), with auth_time before now and a fresh nonce each time', () => {
    const template = templateById('id-token')!
    const first = template.claims({ now, audience: '' })
    const second = template.claims({ now, audience: '' })
    expect(first.auth_time).toBe(now / 1000 - 60)
    expect(first.nonce).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(first.nonce).not.toBe(second.nonce)
  })
})
