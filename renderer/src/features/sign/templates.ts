/**
 * Claims templates for the Sign screen: the shapes of token people most often need to mint for a
 * test or an integration, each with the header and lifetime its specification expects. Signet adds
 * iss (from the set), iat, exp and jti itself, so the templates leave them out.
 */

export interface SignTemplate {
  id: string
  label: string
  description: string
  /** the typ header it calls for */
  typ: string
  /** a lifetime suited to the kind of token, as a duration; clamped to the set's maximum */
  expiresIn: string
  reference: string
  claims: (context: { now: number; audience: string }) => Record<string, unknown>
}

function randomNonce(): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

export const signTemplates: SignTemplate[] = [
  {
    id: 'access-token',
    label: 'OAuth access token',
    description: 'JWT profile for OAuth 2.0 access tokens: typ at+jwt, with sub, aud, client_id and scope.',
    typ: 'at+jwt',
    expiresIn: '15m',
    reference: 'RFC 9068',
    claims: () => ({
      sub: '5ba552d67',
      aud: 'https://api.example.com',
      client_id: 's6BhdRkqt3',
      scope: 'openid profile orders:read',
    }),
  },
  {
    id: 'id-token',
    label: 'OpenID Connect ID token',
    description: 'What an OpenID Provider returns after login: aud is the client, with nonce and auth_time.',
    typ: 'JWT',
    expiresIn: '5m',
    reference: 'OpenID Connect Core §2',
    claims: ({ now }) => ({
      sub: '248289761001',
      aud: 's6BhdRkqt3',
      nonce: randomNonce(),
      auth_time: Math.floor(now / 1000) - 60,
      amr: ['pwd', 'otp'],
      name: 'Jane Doe',
      email: 'janedoe@example.com',
      email_verified: true,
    }),
  },
  {
    id: 'service',
    label: 'Service-to-service',
    description: 'One backend calling another: the calling service as sub, the called API as aud, a narrow scope.',
    typ: 'JWT',
    expiresIn: '5m',
    reference: 'RFC 7519',
    claims: () => ({ sub: 'svc:billing-worker', aud: 'https://ledger.internal.example', scope: 'ledger:write' }),
  },
  {
    id: 'refresh-token',
    label: 'Refresh token',
    description:
      'Long-lived, exchanged only at the token endpoint. Often opaque; sign one only if your server expects a JWT.',
    typ: 'JWT',
    expiresIn: '8h',
    reference: 'RFC 6749 §1.5',
    claims: () => ({ sub: '5ba552d67', client_id: 's6BhdRkqt3', scope: 'offline_access', token_use: 'refresh' }),
  },
]

export function templateById(id: string): SignTemplate | undefined {
  return signTemplates.find((template) => template.id === id)
}

/** The template's claims as the editor shows them: two-space JSON. */
export function templateText(template: SignTemplate, now: number): string {
  return `${JSON.stringify(template.claims({ now, audience: '' }), null, 2)}\n`
}
