import { describe, expect, it } from 'vitest'
import { activationGuard } from '#shared/publishing/activation-guard'
import { publishTargetConfigSchema } from '#shared/publishing/targets'

const t0 = new Date('2030-01-01T00:00:00.000Z')
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)

describe('activationGuard', () => {
  it('does not judge a set without targets', () => {
    expect(activationGuard('k', [], 900, t0)).toMatchObject({ ok: true, safeAt: null })
  })

  it('refuses until the key is published on every target, naming the ones missing it', () => {
    const targets: { name: string; firstPublished: Record<string, string> }[] = [
      { name: 'site', firstPublished: { k: t0.toISOString() } },
      { name: 'pages', firstPublished: {} },
    ]
    const guard = activationGuard('k', targets, 900, at(10_000))
    expect(guard).toMatchObject({ ok: false, safeAt: null, unpublishedOn: ['pages'] })
    expect(guard.message).toContain('not published on "pages"')
  })

  it('waits the JWKS cache time after the LAST target published it, then allows', () => {
    const targets = [
      { name: 'site', firstPublished: { k: t0.toISOString() } },
      { name: 'pages', firstPublished: { k: at(300).toISOString() } },
    ]
    expect(activationGuard('k', targets, 900, at(1199))).toMatchObject({ ok: false, safeAt: at(1200) })
    expect(activationGuard('k', targets, 900, at(1199)).message).toMatch(/Wait 1s/)
    // Times in the one format, without milliseconds.
    expect(activationGuard('k', targets, 900, at(1199)).message).toContain(
      'only at 2030-01-01T00:05:00Z; verifiers may serve a JWKS cached before then until 2030-01-01T00:20:00Z',
    )
    expect(activationGuard('k', targets, 900, at(1200)).message).toBe(
      'Key "k" has been published on every target since 2030-01-01T00:05:00Z.',
    )
    expect(activationGuard('k', targets, 900, at(1200))).toMatchObject({ ok: true, safeAt: at(1200) })
  })
})

describe('publish target settings', () => {
  it('refuses paths that leave the target and multi-line commands', () => {
    expect(
      publishTargetConfigSchema.safeParse({ kind: 'dir', root: '/srv/site', jwksPath: '../etc/jwks.json' }).success,
    ).toBe(false)
    expect(publishTargetConfigSchema.safeParse({ kind: 'dir', root: '/srv/site', jwksPath: '/abs.json' }).success).toBe(
      false,
    )
    expect(publishTargetConfigSchema.safeParse({ kind: 'git', repo: '/r', branch: '--upload-pack=x' }).success).toBe(
      false,
    )
    expect(publishTargetConfigSchema.safeParse({ kind: 'command', command: 'a\nb' }).success).toBe(false)
    expect(publishTargetConfigSchema.parse({ kind: 'git', repo: '/r' })).toEqual({
      kind: 'git',
      repo: '/r',
      branch: 'main',
      path: '.well-known/jwks.json',
    })
    expect(
      publishTargetConfigSchema.parse({ kind: 'command', command: 'aws s3 cp "$SIGNET_JWKS_FILE" s3://b/jwks.json' }),
    ).toMatchObject({ readCommand: null, timeoutSeconds: 60 })
  })
})
