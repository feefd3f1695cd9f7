/**
 * Plain-word explanations of the header parameters and claims a user meets in real tokens:
 * RFC 7515/7516/7519 registered names, OpenID Connect Core, RFC 9068 access tokens, RFC 8693 and
 * the common OAuth extensions. Shown next to each value in the inspector and the CLI.
 */

export interface NameInfo {
  title: string
  description: string
  source: string
  /** a NumericDate: seconds since 1970-01-01T00:00:00Z, shown as a date */
  numericDate?: boolean
}

export const claimRegistry: Record<string, NameInfo> = {
  iss: { title: 'Issuer', description: 'Who issued and signed this token.', source: 'RFC 7519 §4.1.1' },
  sub: {
    title: 'Subject',
    description: 'Who or what the token is about, usually a user or client id, unique within the issuer.',
    source: 'RFC 7519 §4.1.2',
  },
  aud: {
    title: 'Audience',
    description: 'Who the token is meant for; a recipient must reject a token whose audience does not name it.',
    source: 'RFC 7519 §4.1.3',
  },
  exp: {
    title: 'Expires at',
    description: 'The token must not be accepted at or after this time.',
    source: 'RFC 7519 §4.1.4',
    numericDate: true,
  },
  nbf: {
    title: 'Not before',
    description: 'The token must not be accepted before this time.',
    source: 'RFC 7519 §4.1.5',
    numericDate: true,
  },
  iat: {
    title: 'Issued at',
    description: 'When the token was issued; used to judge its age.',
    source: 'RFC 7519 §4.1.6',
    numericDate: true,
  },
  jti: {
    title: 'Token id',
    description: 'A unique id for this token, used to detect replay and to revoke it.',
    source: 'RFC 7519 §4.1.7',
  },
  auth_time: {
    title: 'Authenticated at',
    description: 'When the user last actively authenticated (entered credentials).',
    source: 'OpenID Connect Core §2',
    numericDate: true,
  },
  nonce: {
    title: 'Nonce',
    description:
      'Value from the authentication request, echoed back to bind the ID token to the client session and stop replay.',
    source: 'OpenID Connect Core §2',
  },
  acr: {
    title: 'Authentication context',
    description: 'The assurance level of the authentication that took place.',
    source: 'OpenID Connect Core §2',
  },
  amr: {
    title: 'Authentication methods',
    description: 'How the user authenticated (e.g. pwd, otp, mfa, hwk).',
    source: 'OpenID Connect Core §2, RFC 8176',
  },
  azp: {
    title: 'Authorized party',
    description: 'The client the ID token was issued to, when it differs from the audience.',
    source: 'OpenID Connect Core §2',
  },
  at_hash: {
    title: 'Access token hash',
    description: 'Left half of a hash of the access token issued alongside, binding the two.',
    source: 'OpenID Connect Core §3.1.3.6',
  },
  c_hash: {
    title: 'Code hash',
    description: 'Left half of a hash of the authorization code, binding the ID token to it.',
    source: 'OpenID Connect Core §3.3.2.11',
  },
  s_hash: {
    title: 'State hash',
    description: 'Hash of the state parameter (FAPI), binding the ID token to the request.',
    source: 'FAPI 1.0 Advanced §5.1',
  },
  sid: {
    title: 'Session id',
    description: 'Identifies the user’s session at the issuer, used for logout.',
    source: 'OpenID Connect Front-Channel Logout §3',
  },
  name: { title: 'Full name', description: 'The user’s full name, for display.', source: 'OpenID Connect Core §5.1' },
  given_name: { title: 'Given name', description: 'The user’s first name.', source: 'OpenID Connect Core §5.1' },
  family_name: { title: 'Family name', description: 'The user’s surname.', source: 'OpenID Connect Core §5.1' },
  middle_name: { title: 'Middle name', description: 'The user’s middle name.', source: 'OpenID Connect Core §5.1' },
  nickname: { title: 'Nickname', description: 'A casual name for the user.', source: 'OpenID Connect Core §5.1' },
  preferred_username: {
    title: 'Preferred username',
    description: 'The name the user prefers; not guaranteed unique — never key on it.',
    source: 'OpenID Connect Core §5.1',
  },
  profile: { title: 'Profile URL', description: 'The user’s profile page.', source: 'OpenID Connect Core §5.1' },
  picture: { title: 'Picture URL', description: 'The user’s profile picture.', source: 'OpenID Connect Core §5.1' },
  website: { title: 'Website', description: 'The user’s web page or blog.', source: 'OpenID Connect Core §5.1' },
  email: {
    title: 'E-mail',
    description: 'The user’s preferred e-mail address; not guaranteed unique.',
    source: 'OpenID Connect Core §5.1',
  },
  email_verified: {
    title: 'E-mail verified',
    description: 'Whether the issuer verified the e-mail address.',
    source: 'OpenID Connect Core §5.1',
  },
  gender: { title: 'Gender', description: 'The user’s gender.', source: 'OpenID Connect Core §5.1' },
  birthdate: {
    title: 'Birth date',
    description: 'The user’s birthday (YYYY-MM-DD).',
    source: 'OpenID Connect Core §5.1',
  },
  zoneinfo: {
    title: 'Time zone',
    description: 'The user’s time zone (IANA name).',
    source: 'OpenID Connect Core §5.1',
  },
  locale: { title: 'Locale', description: 'The user’s locale (BCP 47).', source: 'OpenID Connect Core §5.1' },
  phone_number: {
    title: 'Phone number',
    description: 'The user’s preferred phone number.',
    source: 'OpenID Connect Core §5.1',
  },
  phone_number_verified: {
    title: 'Phone verified',
    description: 'Whether the issuer verified the phone number.',
    source: 'OpenID Connect Core §5.1',
  },
  address: { title: 'Address', description: 'The user’s postal address.', source: 'OpenID Connect Core §5.1' },
  updated_at: {
    title: 'Profile updated at',
    description: 'When the user’s profile information last changed.',
    source: 'OpenID Connect Core §5.1',
    numericDate: true,
  },
  scope: {
    title: 'Scope',
    description: 'Space-separated permissions granted to the client.',
    source: 'RFC 8693 §4.2, RFC 9068 §2.2.3',
  },
  scp: {
    title: 'Scopes (non-standard)',
    description: 'Permissions granted, as used by some vendors instead of "scope".',
    source: 'vendor',
  },
  client_id: {
    title: 'Client id',
    description: 'The OAuth client the token was issued to.',
    source: 'RFC 8693 §4.3, RFC 9068 §2.2',
  },
  cnf: {
    title: 'Confirmation',
    description:
      'Binds the token to a key (proof of possession, e.g. DPoP or mTLS): the presenter must prove it holds that key.',
    source: 'RFC 7800',
  },
  act: { title: 'Actor', description: 'Who is acting on behalf of the subject (delegation).', source: 'RFC 8693 §4.1' },
  may_act: {
    title: 'May act',
    description: 'Who is allowed to act on behalf of the subject.',
    source: 'RFC 8693 §4.4',
  },
  roles: { title: 'Roles', description: 'Roles granted to the subject.', source: 'RFC 9068 §2.2.3.1 / SCIM' },
  groups: { title: 'Groups', description: 'Groups the subject belongs to.', source: 'RFC 9068 §2.2.3.1 / SCIM' },
  entitlements: {
    title: 'Entitlements',
    description: 'Entitlements granted to the subject.',
    source: 'RFC 9068 §2.2.3.1 / SCIM',
  },
  events: {
    title: 'Security events',
    description: 'The events this Security Event Token reports.',
    source: 'RFC 8417',
  },
  txn: {
    title: 'Transaction id',
    description: 'Correlates this token with a transaction across services.',
    source: 'RFC 8417 §2.2',
  },
  toe: {
    title: 'Time of event',
    description: 'When the reported event happened.',
    source: 'RFC 8417',
    numericDate: true,
  },
  htm: {
    title: 'HTTP method',
    description: 'The HTTP method of the request this DPoP proof is for.',
    source: 'RFC 9449 §4.2',
  },
  htu: { title: 'HTTP URI', description: 'The URI of the request this DPoP proof is for.', source: 'RFC 9449 §4.2' },
  ath: {
    title: 'Access token hash',
    description: 'Hash of the access token this DPoP proof accompanies.',
    source: 'RFC 9449 §4.2',
  },
  status: {
    title: 'Status',
    description: 'Where to look up this token’s revocation status (Token Status List).',
    source: 'draft-ietf-oauth-status-list',
  },
}

export const headerRegistry: Record<string, NameInfo> = {
  alg: {
    title: 'Algorithm',
    description:
      'How the token is signed (JWS) or how its content key is protected (JWE). "none" means not signed at all.',
    source: 'RFC 7515 §4.1.1',
  },
  typ: {
    title: 'Type',
    description: 'The media type of the whole token, e.g. "JWT" or "at+jwt"; lets a recipient tell token kinds apart.',
    source: 'RFC 7515 §4.1.9',
  },
  cty: {
    title: 'Content type',
    description: 'The media type of the payload; "JWT" means another token is nested inside.',
    source: 'RFC 7515 §4.1.10',
  },
  kid: {
    title: 'Key id',
    description: 'Which key signed the token; a hint for picking the key, never a key itself.',
    source: 'RFC 7515 §4.1.4',
  },
  jku: {
    title: 'JWK Set URL',
    description: 'A URL to fetch the signing keys from. Trusting it lets anyone who can host a URL sign tokens.',
    source: 'RFC 7515 §4.1.2',
  },
  jwk: {
    title: 'Embedded key',
    description:
      'The public key that signed the token, carried in the token itself. Trusting it means trusting anyone.',
    source: 'RFC 7515 §4.1.3',
  },
  x5u: {
    title: 'X.509 URL',
    description: 'A URL to fetch the signing certificate chain from.',
    source: 'RFC 7515 §4.1.5',
  },
  x5c: {
    title: 'X.509 chain',
    description:
      'The signing certificate and its chain, embedded; worthless unless the chain is validated to a trusted root.',
    source: 'RFC 7515 §4.1.6',
  },
  x5t: {
    title: 'X.509 SHA-1 thumbprint',
    description: 'SHA-1 thumbprint of the signing certificate.',
    source: 'RFC 7515 §4.1.7',
  },
  'x5t#S256': {
    title: 'X.509 SHA-256 thumbprint',
    description: 'SHA-256 thumbprint of the signing certificate.',
    source: 'RFC 7515 §4.1.8',
  },
  crit: {
    title: 'Critical',
    description: 'Extensions the recipient must understand, or reject the token.',
    source: 'RFC 7515 §4.1.11',
  },
  b64: {
    title: 'Base64url payload',
    description: 'false means the payload is not base64url-encoded (unencoded payload option).',
    source: 'RFC 7797',
  },
  enc: {
    title: 'Content encryption',
    description: 'The algorithm that encrypts the content.',
    source: 'RFC 7516 §4.1.2',
  },
  zip: {
    title: 'Compression',
    description: 'The content was compressed before encryption ("DEF" = DEFLATE).',
    source: 'RFC 7516 §4.1.3',
  },
  epk: {
    title: 'Ephemeral public key',
    description: 'The sender’s one-time public key for ECDH key agreement.',
    source: 'RFC 7518 §4.6.1.1',
  },
  apu: {
    title: 'Agreement PartyUInfo',
    description: 'Information about the producer, mixed into ECDH key derivation.',
    source: 'RFC 7518 §4.6.1.2',
  },
  apv: {
    title: 'Agreement PartyVInfo',
    description: 'Information about the recipient, mixed into ECDH key derivation.',
    source: 'RFC 7518 §4.6.1.3',
  },
  iv: {
    title: 'Key-wrap IV',
    description: 'Initialisation vector for AES-GCM key wrapping.',
    source: 'RFC 7518 §4.7.1.1',
  },
  tag: {
    title: 'Key-wrap tag',
    description: 'Authentication tag of AES-GCM key wrapping.',
    source: 'RFC 7518 §4.7.1.2',
  },
  p2s: { title: 'PBES2 salt', description: 'Salt for deriving the key from a password.', source: 'RFC 7518 §4.8.1.1' },
  p2c: {
    title: 'PBES2 iterations',
    description:
      'How many PBKDF2 iterations derive the key from the password; huge values are a denial-of-service risk.',
    source: 'RFC 7518 §4.8.1.2',
  },
  ppt: { title: 'PASSporT type', description: 'PASSporT extension type (STIR/SHAKEN).', source: 'RFC 8225' },
  nonce: { title: 'Nonce', description: 'Server-provided nonce (ACME, DPoP).', source: 'RFC 8555 / RFC 9449' },
  url: { title: 'URL', description: 'The URL the request is sent to (ACME).', source: 'RFC 8555 §6.4' },
}

export function describeClaim(name: string): NameInfo | undefined {
  return Object.prototype.hasOwnProperty.call(claimRegistry, name) ? claimRegistry[name] : undefined
}

export function describeHeader(name: string): NameInfo | undefined {
  return Object.prototype.hasOwnProperty.call(headerRegistry, name) ? headerRegistry[name] : undefined
}
