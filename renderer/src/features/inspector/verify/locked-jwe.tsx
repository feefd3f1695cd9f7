import { Alert, Button, Text } from '@mantine/core'
import { IconKey, IconLock } from '@tabler/icons-react'
import type { JsonObject } from '#shared/encoding/json'

/**
 * An encrypted token no decryption input was given for: no check can run yet, so instead of an empty
 * checks list this says what the token is encrypted for and what opens it (RFC 7516 §4.1: alg, enc,
 * kid of the JOSE header).
 */

/** What opens a JWE with this key management algorithm (RFC 7518 §4.1), in words. */
export function whatDecrypts(alg: unknown): string {
  const name = typeof alg === 'string' ? alg : ''
  if (name.startsWith('PBES2-')) return 'the password'
  if (name === 'dir' || /^A\d+(GCM)?KW$/.test(name)) return 'the shared symmetric key'
  return 'the recipient’s private key'
}

/** "Encrypted for RSA-OAEP-256 / A256GCM, kid "enc-1"" — the values are the token's own, quoted as given. */
export function lockedJweSummary(header: JsonObject): string {
  const alg = typeof header.alg === 'string' ? header.alg : 'an unnamed algorithm'
  const enc = typeof header.enc === 'string' ? header.enc : 'an unnamed content encryption'
  const kid = typeof header.kid === 'string' ? `, kid “${header.kid}”` : ', no kid'
  return `Encrypted for ${alg} / ${enc}${kid}`
}

export function LockedJwePanel({ header, onOpenKeyTab }: { header: JsonObject; onOpenKeyTab: () => void }) {
  return (
    <Alert
      color="gray"
      variant="light"
      icon={<IconLock size={16} />}
      title={lockedJweSummary(header)}
      data-testid="locked-jwe"
    >
      <Text fz="sm">
        Give {whatDecrypts(header.alg)} in the Key tab to decrypt it. The checks run once it is open; then give the
        signing key to verify the token inside.
      </Text>
      <Button
        mt={8}
        size="xs"
        variant="light"
        leftSection={<IconKey size={14} />}
        onClick={onOpenKeyTab}
        data-testid="locked-jwe-open-key"
      >
        Open the Key tab
      </Button>
    </Alert>
  )
}
