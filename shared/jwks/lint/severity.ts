/**
 * How much a JWKS lint finding matters, most first. Its own module: the finding ids (ids.ts) and
 * the finding shape (types.ts) both need it, and neither imports the other back.
 */
export type JwksSeverity = 'high' | 'medium' | 'low' | 'info'

export const jwksSeverities: readonly JwksSeverity[] = ['high', 'medium', 'low', 'info']
