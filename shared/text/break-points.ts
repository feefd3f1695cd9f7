/**
 * Where a long URI or StringOrURI (an issuer, a status list uri) may wrap when it does not fit: after
 * each "/" that ends a path segment (never inside or just after the "//" of an authority), after "?", "&" and "#", and before ".", "=" and
 * "[" — the places a person reads as seams (RFC 3986 §3 delimiters) — so "https://auth.example.com/
 * tenants/acme" wraps as "https://auth.example.com/" + "tenants/acme", never as "https://auth.exa" +
 * "mple.com". Text without delimiters has no break points.
 *
 * @returns the text split at its break points; joined, the parts give the text back unchanged
 */
export function splitAtBreakPoints(text: string): string[] {
  const parts: string[] = []
  let start = 0
  for (let i = 1; i < text.length; i++) {
    const previous = text[i - 1]!
    const current = text[i]!
    const after =
      (previous === '/' && current !== '/' && text[i - 2] !== '/') ||
      previous === '?' ||
      previous === '&' ||
      previous === '#'
    const before = (current === '.' || current === '=' || current === '[') && previous !== '/' && previous !== '.'
    if (after || before) {
      parts.push(text.slice(start, i))
      start = i
    }
  }
  parts.push(text.slice(start))
  return parts
}
