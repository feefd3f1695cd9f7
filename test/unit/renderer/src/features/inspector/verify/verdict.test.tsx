import { describe, expect, it } from 'vitest'
import { check, type Check, type Trace } from '#shared/token/verify/check'
import { verdictHeadline } from '#renderer/features/inspector/verify/verdict'

const trace = (verdict: Trace['verdict'], checks: Check[]): Trace => ({ verdict, checks, reason: '' })
const pass = check('signature', 'pass', 'ok')

describe('verdictHeadline', () => {
  it('names the one thing wrong when it is only about time', () => {
    expect(verdictHeadline(trace('invalid', [pass, check('exp', 'fail', 'x')]))).toEqual({
      tone: 'expired',
      title: 'Expired',
    })
    expect(verdictHeadline(trace('invalid', [pass, check('nbf', 'fail', 'x')]))).toEqual({
      tone: 'not-yet-valid',
      title: 'Not yet valid',
    })
    expect(verdictHeadline(trace('invalid', [pass, check('iat', 'fail', 'x')]))).toEqual({
      tone: 'not-yet-valid',
      title: 'Not yet valid',
    })
    expect(verdictHeadline(trace('invalid', [pass, check('max-age', 'fail', 'x')]))).toEqual({
      tone: 'too-old',
      title: 'Too old for the policy',
    })
  })

  it('says "Invalid" as soon as anything else failed, even with an expiry too', () => {
    expect(verdictHeadline(trace('invalid', [check('signature', 'fail', 'x'), check('exp', 'fail', 'x')]))).toEqual({
      tone: 'invalid',
      title: 'Invalid',
    })
    expect(verdictHeadline(trace('invalid', [check('iss', 'fail', 'x')])).title).toBe('Invalid')
  })

  it('counts warnings on a valid token, and says when nothing was verified', () => {
    expect(verdictHeadline(trace('valid', [pass]))).toEqual({ tone: 'valid', title: 'Valid' })
    expect(verdictHeadline(trace('valid', [pass, check('exp', 'warn', 'x')])).title).toBe('Valid, with 1 warning')
    expect(verdictHeadline(trace('valid', [check('exp', 'warn', 'x'), check('aud', 'warn', 'x')])).title).toBe(
      'Valid, with 2 warnings',
    )
    expect(verdictHeadline(trace('unverified', [check('signature', 'skipped', 'x')]))).toEqual({
      tone: 'unverified',
      title: 'Not verified',
    })
  })
})
