import type { KeyRecord, KeySet, KeyState } from '#shared/managed-keys/types'

/** Plain records for the pure lifecycle functions: a set and keys with a given history. */

export const t0 = new Date('2030-01-01T00:00:00.000Z')

export function at(seconds: number): Date {
  return new Date(t0.getTime() + seconds * 1000)
}

export function makeSet(overrides: Partial<KeySet> = {}): KeySet {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'prod',
    issuer: 'https://auth.example.com',
    description: '',
    defaultTokenLifetime: 900,
    maxTokenLifetime: 3600,
    jwksCacheTime: 900,
    clockSkew: 60,
    rotationPeriod: null,
    createdAt: t0.toISOString(),
    updatedAt: t0.toISOString(),
    revision: 0,
    ...overrides,
  }
}

let counter = 0

/** A key that went through `states` at the given second offsets: [['staged', 0], ['active', 10]]. */
export function makeKey(kid: string, states: [KeyState, number][], overrides: Partial<KeyRecord> = {}): KeyRecord {
  counter++
  const history = states.map(([state, seconds]) => ({ state, at: at(seconds).toISOString() }))
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    kid,
    setId: '00000000-0000-4000-8000-000000000001',
    alg: 'ES256',
    kty: 'EC',
    crv: 'P-256',
    state: states[states.length - 1]![0],
    history,
    origin: 'generated',
    publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid, alg: 'ES256', use: 'sig' },
    thumbprint: `thumb-${kid}`,
    activateAt: null,
    rotatedFrom: null,
    policy: { maxTokenLifetime: 3600, jwksCacheTime: 900, clockSkew: 60 },
    signedUntil: null,
    secret: 'present',
    ...overrides,
  }
}
