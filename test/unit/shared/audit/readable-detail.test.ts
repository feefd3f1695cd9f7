import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { auditDetailLabels, detailLabel } from '#shared/audit/detail-labels'
import { readableDetail, readableDetails } from '#shared/audit/readable-detail'

describe('readableDetail', () => {
  it('durations, NumericDates and ISO times read as the app writes them, never as raw numbers', () => {
    expect(readableDetail('jwksCacheTime', 900)).toMatchObject({
      label: 'JWKS cache time',
      kind: 'duration',
      text: '15 min',
      raw: 900,
    })
    expect(readableDetail('rotationPeriod', 30 * 86_400).text).toBe('30 days')
    expect(readableDetail('exp', 1796013936)).toMatchObject({
      label: 'Expires (exp)',
      kind: 'time',
      text: '2026-11-30T04:45:36Z',
    })
    expect(readableDetail('activateAt', '2026-11-30T10:00:00.123Z').text).toBe('2026-11-30T10:00:00Z')
    expect(readableDetail('rotationPeriod', null).text).toBe('—')
    expect(readableDetail('immediate', true)).toMatchObject({ label: 'Immediately', text: 'yes' })
  })

  it('a value that does not fit its kind reads as itself ("from"/"to" hold states for a transition, dates for a cutoff)', () => {
    expect(readableDetail('from', 'active')).toMatchObject({ kind: 'text', text: 'active' })
    expect(readableDetail('to', 1796013936).text).toBe('2026-11-30T04:45:36Z')
    expect(readableDetail('exp', 12).text).toBe('12')
  })

  it('kid lists, counts and unknown names read as words', () => {
    expect(readableDetail('kids', 'a,b,c').text).toBe('a, b, c')
    expect(readableDetail('entries', 12345).text).toBe('12,345')
    expect(detailLabel('someNewField')).toBe('Some new field')
    expect(detailLabel('snake_case-name')).toBe('Snake case name')
    expect(readableDetails({ alg: 'ES256', bits: null }).map((d) => d.label)).toEqual(['Algorithm', 'Key size (bits)'])
  })

  it('every detail name the services write has a label (no camelCase on screen)', () => {
    const names = new Set<string>()
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (path.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8')
          // details: { a: …, b: … } literals, one level deep
          for (const block of text.matchAll(/details: \{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g)) {
            for (const member of `{${block[1]!}}`.matchAll(/[,{]\s*([A-Za-z][A-Za-z0-9]*)\s*(?=[:,}])/g))
              names.add(member[1]!)
          }
        }
      }
    }
    walk(join(__dirname, '../../../../electron/services'))
    expect(names.size).toBeGreaterThan(50)
    const ignored = new Set([
      'true',
      'false',
      'null',
      'details',
      'result',
      'input',
      'entry',
      'key',
      'action',
      'subject',
    ])
    const missing = [...names].filter((n) => !ignored.has(n) && !(n in auditDetailLabels))
    expect(missing).toEqual([])
    // the ones the brief names, by hand
    for (const name of [
      'defaultTokenLifetime',
      'maxTokenLifetime',
      'jwksCacheTime',
      'clockSkew',
      'rotationPeriod',
      'keyState',
      'activateAt',
      'upToDate',
      'weakAccepted',
      'tornBytes',
    ]) {
      expect(auditDetailLabels[name], name).toBeDefined()
    }
  })
})
