/**
 * A scanned file's name as a SARIF 2.1.0 `artifactLocation` (§3.4.3, §3.10): `uri` is a URI
 * reference (RFC 3986), not a file path, so every character outside RFC 3986's unreserved set
 * and the segment separators is percent-encoded as UTF-8 (§3.10.2 — a `#` or `?` in a file name
 * would otherwise start a fragment or a query; a `%` would start an escape; a `:` in a first
 * segment would read as a scheme).
 *
 * - A relative path (`logs/a b.log`, `.\logs\x.log`) stays relative, with `uriBaseId: "%SRCROOT%"`
 *   (§3.4.4): code-scanning consumers (GitHub's among them) resolve it against the checkout, so
 *   alerts land on the repository's file. `./` is dropped, `..` kept.
 * - An absolute path becomes an absolute `file:` URI (RFC 8089) with no base id (§3.4.4 forbids one
 *   with an absolute URI): `/var/log/a.log` → `file:///var/log/a.log`, `C:\Logs\a.log` →
 *   `file:///C:/Logs/a.log`, `\\server\share\a.log` → `file://server/share/a.log`.
 *
 * Backslashes are separators only in a Windows-shaped path (a drive letter or a UNC prefix, or a
 * relative path with no `/`): on POSIX a `\` may be part of a name, and is then encoded (`%5C`).
 * A lone UTF-16 surrogate (possible in a Windows file name) becomes U+FFFD rather than an error.
 *
 * @param file a file name as the scan reported it (a path relative to the working directory, an
 *   absolute path, or the bare name of a file dropped on the app)
 */
export function sarifArtifactLocation(file: string): { uri: string; uriBaseId?: '%SRCROOT%' } {
  const name = wellFormed(file)
  const drive = /^([A-Za-z]):[\\/]/.exec(name)
  if (drive) return { uri: `file:///${drive[1]}:/${encodePath(name.slice(3).split(/[\\/]/))}` }
  if (/^(\\\\|\/\/)[^\\/]/.test(name)) {
    const [host, ...rest] = name.slice(2).split(/[\\/]/)
    return { uri: `file://${encodeSegment(host!)}/${encodePath(rest)}` }
  }
  if (name.startsWith('/')) return { uri: `file:///${encodePath(name.slice(1).split('/'))}` }
  const windowsRelative = name.includes('\\') && !name.includes('/')
  const segments = name.split(windowsRelative ? '\\' : '/')
  while (segments.length > 1 && segments[0] === '.') segments.shift()
  return { uri: encodePath(segments), uriBaseId: '%SRCROOT%' }
}

function encodePath(segments: readonly string[]): string {
  return segments.map(encodeSegment).join('/')
}

/** RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}
