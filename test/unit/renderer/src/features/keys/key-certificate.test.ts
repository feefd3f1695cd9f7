import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { hexFingerprint, keyCertificateFacts } from '#renderer/features/keys/key-certificate'

const pemBody = (name: string) =>
  readFileSync(new URL(`../../../../shared/key-material/fixtures/${name}`, import.meta.url), 'utf8')
    .replace(/-----[A-Z ]+-----/g, '')
    .replace(/\s+/g, '')

describe('keyCertificateFacts', () => {
  it("reads the first certificate of a JWK's x5c: subject, issuer, validity, SHA-256 fingerprint", async () => {
    // Expected values from `openssl x509 -noout -subject -issuer -dates -fingerprint -sha256` on the fixture.
    const facts = await keyCertificateFacts([pemBody('leaf.pem'), pemBody('ca.pem')])
    expect(facts).toMatchObject({
      subject: 'O=Signet Test, CN=tokens.signet.test',
      issuer: 'O=Signet Test, CN=Signet Test Root CA',
      selfIssued: false,
      notBefore: '2026-11-22T09:35:26Z',
      notAfter: '2126-10-29T09:35:26Z',
      sha256Fingerprint:
        'A9:DD:9B:94:0F:3C:5D:34:4E:19:97:13:85:82:B8:7A:28:92:64:73:FE:7A:EA:98:A2:F9:2A:45:D2:05:B1:D0',
      chainLength: 2,
    })
    expect(hexFingerprint(facts!.x5tS256)).toBe(facts!.sha256Fingerprint)
  })

  it('a key without x5c has no certificate; a broken x5c says what is wrong', async () => {
    expect(await keyCertificateFacts(undefined)).toBeNull()
    await expect(keyCertificateFacts(['not base64!'])).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' })
    await expect(keyCertificateFacts([])).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' })
    await expect(keyCertificateFacts(['AAAA'])).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' })
  })
})
