/**
 * How each detail the services write into the audit log reads to a person: its label, and what kind
 * of value it holds, so a lifetime shows as "15 min" and not 900, an `exp` as a date and not
 * 1796013936. Keys are the detail names the services pass to `audit.append` (grep the `details:`
 * objects under electron/services); a name missing here still reads as words (detailLabel).
 *
 * Kinds:
 * - duration: whole seconds ("15 min", "30 days");
 * - time: a NumericDate (RFC 7519 §2, seconds) or an ISO 8601 string; anything else reads as text
 *   (`from`/`to` hold key states for a transition and NumericDates for a revocation cutoff);
 * - kid / kids: one key id, or a comma-separated list of them;
 * - hash: a digest or thumbprint (shown shortened, copyable);
 * - flag: a boolean ("yes" / "no"); count and text as they are.
 */
export type DetailKind = 'duration' | 'time' | 'kid' | 'kids' | 'hash' | 'flag' | 'count' | 'text'

/** Detail name → how it reads. */
export type DetailLabels = Readonly<Record<string, { label: string; kind: DetailKind }>>

export const auditDetailLabels: DetailLabels = {
  // the genesis entry
  format: { label: 'Format', kind: 'text' },
  version: { label: 'Version', kind: 'count' },
  // keys and sets
  alg: { label: 'Algorithm', kind: 'text' },
  bits: { label: 'Key size (bits)', kind: 'count' },
  crv: { label: 'Curve', kind: 'text' },
  state: { label: 'State', kind: 'text' },
  keyState: { label: 'Key state', kind: 'text' },
  thumbprint: { label: 'Thumbprint', kind: 'hash' },
  retired: { label: 'Retired key', kind: 'kid' },
  previous: { label: 'Previous key', kind: 'kid' },
  immediate: { label: 'Immediately', kind: 'flag' },
  activateAt: { label: 'Activates at', kind: 'time' },
  scheduled: { label: 'Scheduled', kind: 'flag' },
  at: { label: 'At', kind: 'time' },
  from: { label: 'From', kind: 'time' },
  to: { label: 'To', kind: 'time' },
  forced: { label: 'Forced', kind: 'flag' },
  reason: { label: 'Reason', kind: 'text' },
  account: { label: 'Keychain account', kind: 'text' },
  kind: { label: 'Kind', kind: 'text' },
  tombstones: { label: 'Tombstones', kind: 'count' },
  issuer: { label: 'Issuer', kind: 'text' },
  defaultTokenLifetime: { label: 'Default token lifetime', kind: 'duration' },
  maxTokenLifetime: { label: 'Maximum token lifetime', kind: 'duration' },
  jwksCacheTime: { label: 'JWKS cache time', kind: 'duration' },
  clockSkew: { label: 'Clock skew', kind: 'duration' },
  rotationPeriod: { label: 'Rotation period', kind: 'duration' },
  renamedFrom: { label: 'Renamed from', kind: 'text' },
  certificateSubject: { label: 'Certificate subject', kind: 'text' },
  notAfter: { label: 'Valid until', kind: 'time' },
  days: { label: 'Validity (days)', kind: 'count' },
  serialNumber: { label: 'Serial number', kind: 'hash' },
  certificateSha256: { label: 'Certificate SHA-256', kind: 'hash' },
  // tokens
  jti: { label: 'Token ID (jti)', kind: 'text' },
  sub: { label: 'Subject (sub)', kind: 'text' },
  exp: { label: 'Expires (exp)', kind: 'time' },
  iat: { label: 'Issued (iat)', kind: 'time' },
  encrypted: { label: 'Encrypted', kind: 'flag' },
  kid: { label: 'Key', kind: 'kid' },
  // JWKS and publishing
  keys: { label: 'Keys', kind: 'count' },
  kids: { label: 'Key IDs', kind: 'kids' },
  sha256: { label: 'SHA-256', kind: 'hash' },
  target: { label: 'Target', kind: 'text' },
  where: { label: 'Location', kind: 'text' },
  added: { label: 'Added keys', kind: 'kids' },
  removed: { label: 'Removed keys', kind: 'kids' },
  upToDate: { label: 'Already up to date', kind: 'flag' },
  overridden: { label: 'Overridden refusals', kind: 'text' },
  commit: { label: 'Commit', kind: 'hash' },
  exitCode: { label: 'Exit code', kind: 'count' },
  // revocation lists and status lists
  by: { label: 'Revoked by', kind: 'text' },
  id: { label: 'Identifier', kind: 'text' },
  until: { label: 'Kept until', kind: 'time' },
  replaced: { label: 'Replaced an entry', kind: 'flag' },
  entries: { label: 'Entries', kind: 'count' },
  pruned: { label: 'Pruned', kind: 'count' },
  prunedIds: { label: 'Pruned identifiers', kind: 'text' },
  notBefore: { label: 'Revokes tokens issued before', kind: 'time' },
  changed: { label: 'Changed', kind: 'count' },
  list: { label: 'Status list', kind: 'text' },
  uri: { label: 'URI', kind: 'text' },
  size: { label: 'Size (entries)', kind: 'count' },
  status: { label: 'Status', kind: 'text' },
  indexes: { label: 'Indexes (from>to)', kind: 'text' },
  idx: { label: 'Index', kind: 'count' },
  revoked: { label: 'Revoked', kind: 'count' },
  lists: { label: 'Lists (name:count)', kind: 'text' },
  unknownSigner: { label: 'Unknown signer', kind: 'count' },
  // backup and restore
  file: { label: 'File', kind: 'text' },
  keyMaterial: { label: 'Key material', kind: 'text' },
  p2c: { label: 'PBES2 iterations (p2c)', kind: 'count' },
  strength: { label: 'Passphrase strength', kind: 'text' },
  weakAccepted: { label: 'Weak passphrase accepted', kind: 'flag' },
  createdAt: { label: 'Backup created at', kind: 'time' },
  sets: { label: 'Sets', kind: 'count' },
  setsCreated: { label: 'Sets created', kind: 'count' },
  restored: { label: 'Restored', kind: 'count' },
  overwritten: { label: 'Overwritten', kind: 'count' },
  keptBoth: { label: 'Kept both', kind: 'count' },
  skipped: { label: 'Skipped', kind: 'count' },
  onConflict: { label: 'On conflict', kind: 'text' },
  outcome: { label: 'Outcome', kind: 'text' },
  backupKid: { label: 'Key ID in the backup', kind: 'kid' },
  policies: { label: 'Saved policies', kind: 'count' },
  statusLists: { label: 'Status lists', kind: 'count' },
  revocationLists: { label: 'Revocation lists', kind: 'count' },
  publishTargets: { label: 'Publish targets', kind: 'count' },
  // status list settings
  ttlFrom: { label: 'ttl before', kind: 'duration' },
  ttlTo: { label: 'ttl after', kind: 'duration' },
  lifetimeFrom: { label: 'Token lifetime before', kind: 'duration' },
  lifetimeTo: { label: 'Token lifetime after', kind: 'duration' },
  // store recovery and the log itself
  movedTo: { label: 'Moved to', kind: 'text' },
  count: { label: 'Count', kind: 'count' },
  recoveredAt: { label: 'Recovered at', kind: 'time' },
  unreadableMarkerKeptAs: { label: 'Unreadable marker kept as', kind: 'text' },
  tornBytes: { label: 'Torn bytes', kind: 'count' },
  keptAs: { label: 'Kept as', kind: 'text' },
}

/** The label of a detail: from the map, or its name as words ("someNewField" → "Some new field"). */
export function detailLabel(name: string, labels: DetailLabels = auditDetailLabels): string {
  const known = labels[name]
  if (known) return known.label
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function detailKind(name: string, labels: DetailLabels = auditDetailLabels): DetailKind {
  return labels[name]?.kind ?? 'text'
}
