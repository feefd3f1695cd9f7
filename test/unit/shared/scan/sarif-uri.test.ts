import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sarifLog } from '#shared/scan/sarif'
import { sarifArtifactLocation } from '#shared/scan/sarif-uri'

// SARIF 2.1.0 §3.4.3/§3.10: artifactLocation.uri is a URI reference — reserved characters
// percent-encoded, relative paths against %SRCROOT% (§3.4.4), absolute paths as file: URIs (RFC 8089).

describe('sarifArtifactLocation', () => {
  it.each([
    ['logs/app.log', 'logs/app.log'],
    ['./logs/app.log', 'logs/app.log'],
    ['../other/app.log', '../other/app.log'],
    ['logs/a b.log', 'logs/a%20b.log'],
    ['logs/issue#12.log', 'logs/issue%2312.log'],
    ['logs/what?.log', 'logs/what%3F.log'],
    ['logs/100%.log', 'logs/100%25.log'],
    ['logs/größe-日志.log', 'logs/gr%C3%B6%C3%9Fe-%E6%97%A5%E5%BF%97.log'],
    ['c:odd.log', 'c%3Aodd.log'],
    ['logs\\win dows.log', 'logs/win%20dows.log'],
    ['-', '-'],
    ['capture.har', 'capture.har'],
  ])('relative %j → %j against %%SRCROOT%%', (file, uri) => {
    expect(sarifArtifactLocation(file)).toEqual({ uri, uriBaseId: '%SRCROOT%' })
  })

  it.each([
    ['/var/log/app.log', 'file:///var/log/app.log'],
    ['/tmp/a b/#1?x%.log', 'file:///tmp/a%20b/%231%3Fx%25.log'],
    ['/home/zoë/日志.log', 'file:///home/zo%C3%AB/%E6%97%A5%E5%BF%97.log'],
    ['C:\\Users\\Jane Doe\\logs\\a#1.log', 'file:///C:/Users/Jane%20Doe/logs/a%231.log'],
    ['d:/logs/app.log', 'file:///d:/logs/app.log'],
    ['\\\\fileserver\\share\\gateway 1.log', 'file://fileserver/share/gateway%201.log'],
    // on POSIX a backslash in an absolute path is part of the name
    ['/srv/odd\\name.log', 'file:///srv/odd%5Cname.log'],
  ])('absolute %j → %j, no base id', (file, uri) => {
    expect(sarifArtifactLocation(file)).toEqual({ uri })
  })

  it('a lone surrogate becomes U+FFFD instead of throwing', () => {
    expect(sarifArtifactLocation('a\uD800b.log')).toEqual({ uri: 'a%EF%BF%BDb.log', uriBaseId: '%SRCROOT%' })
  })

  it('any relative name: a valid URI reference (only unreserved characters, "/" and %XX) that decodes back to the name', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !/[\\/]/.test(s) && s !== '.' && s !== '..'),
          { minLength: 1, maxLength: 4 },
        ),
        (segments) => {
          const { uri, uriBaseId } = sarifArtifactLocation(segments.join('/'))
          expect(uriBaseId).toBe('%SRCROOT%')
          expect(uri).toMatch(/^([A-Za-z0-9\-._~/]|%[0-9A-F]{2})*$/)
          expect(uri.split('/').map(decodeURIComponent)).toEqual(segments)
          // no scheme, query or fragment: the whole reference is a path
          const parsed = new URL(uri, 'file:///root/')
          expect(parsed.search + parsed.hash).toBe('')
          expect(parsed.pathname.startsWith('/root/')).toBe(true)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('sarifLog locations', () => {
  it('writes each location through sarifArtifactLocation', () => {
    const log = sarifLog(
      [
        {
          sha256: 'a'.repeat(64),
          fingerprint: 'sha256:aaaa',
          verdict: 'expired',
          reason: 'expired',
          findings: [],
          locations: [
            { file: 'logs/a #1?.log', line: 3, column: 7 },
            { file: '/abs/x y.har', entry: 2, field: 'request.url' },
          ],
        },
      ],
      '0.1.0',
    ) as { runs: { results: { locations: { physicalLocation: { artifactLocation: object } }[] }[] }[] }
    expect(log.runs[0]!.results[0]!.locations.map((l) => l.physicalLocation.artifactLocation)).toEqual([
      { uri: 'logs/a%20%231%3F.log', uriBaseId: '%SRCROOT%' },
      { uri: 'file:///abs/x%20y.har' },
    ])
  })
})
