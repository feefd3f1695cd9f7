import { SignetError } from '#shared/errors'
import type { ListTexts } from '#shared/token/verify/list-checks'
import { readUserFile } from './io'

/**
 * The texts of `--status-list FILE` and `--revocations FILE` (each repeatable), as `signet verify`
 * and `signet scan` take them; null when neither is given.
 *
 * A file that does not hold one compact JWS at all is a usage error, before any token is read: a
 * list that is a JWT but fails its signature, type or freshness checks is evidence, reported as
 * those checks failing on each token (as `signet verify` reports it), but a wrong file — a token
 * list, a JWKS, an encrypted token — would otherwise fail every token of a bulk run with one reason.
 *
 * @throws SignetError ERR_FILE_UNREADABLE (readUserFile) naming the file that cannot be read;
 *   ERR_STATUS_LIST_TOKEN / ERR_REVOCATION_LIST_INVALID naming a file that is not one compact JWS
 *   (RFC 7515 §7.1; a Status List Token is one, draft-ietf-oauth-status-list §5.1)
 */
export function readListTexts(options: { statusList?: string[]; revocations?: string[] }): ListTexts | null {
  const statusLists = (options.statusList ?? []).map((path) => listText(path, 'status list'))
  const revocationLists = (options.revocations ?? []).map((path) => listText(path, 'revocation list'))
  return statusLists.length + revocationLists.length === 0 ? null : { statusLists, revocationLists }
}

/** One compact JWS: three base64url segments, the signature possibly empty (an unsecured list is refused later, by its checks). */
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

function listText(path: string, what: 'status list' | 'revocation list'): string {
  const text = readUserFile(path, what)
  const trimmed = text.trim()
  if (compactJws.test(trimmed)) return text
  const parts = trimmed.split(/\s+/).filter((part) => part !== '')
  const found =
    trimmed === ''
      ? 'nothing'
      : parts.length > 1 && parts.every((part) => compactJws.test(part))
        ? `${parts.length} tokens`
        : /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*){4}$/.test(trimmed)
          ? 'an encrypted token (a compact JWE)'
          : trimmed.startsWith('{')
            ? 'JSON, not a compact JWT'
            : 'text that is not a compact JWT'
  throw new SignetError(
    what === 'status list' ? 'ERR_STATUS_LIST_TOKEN' : 'ERR_REVOCATION_LIST_INVALID',
    `The ${what} file ${path} holds ${found}; a ${what} file holds exactly one signed JWT ` +
      `(header.payload.signature${what === 'status list' ? ', typ "statuslist+jwt"' : ''}). ` +
      `Give the ${what} as it was exported${what === 'status list' ? ' (signet status-list export)' : ' (signet revocations export)'}.`,
    { segment: what },
  )
}
