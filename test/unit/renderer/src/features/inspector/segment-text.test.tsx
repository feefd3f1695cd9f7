import { describe, expect, it } from 'vitest'
import { segmentText } from '#renderer/features/inspector/segment-text'

describe('segmentText', () => {
  it('returns the decoded segment exactly, CR LF and all', () => {
    expect(segmentText('eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9')).toBe('{"typ":"JWT",\r\n "alg":"HS256"}')
  })

  it('returns null for bytes that are not UTF-8', () => {
    expect(segmentText('_-8')).toBeNull()
  })
})
