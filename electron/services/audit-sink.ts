/**
 * What a service needs to record an action in the audit log, and nothing more: the key manager,
 * signing, exports, backup and restore depend on this interface, not on the log's file format.
 * The implementation (electron/services/audit/) assigns seq, time and the hash chain, and rejects
 * details that look like secrets, so callers pass identifiers only (kid, jti, sub, exp), never a
 * token, a private JWK member, a PEM block or a passphrase.
 */
export interface AuditEntryInput {
  /** dotted, lower-case: 'set.create', 'key.generate', 'key.activate', 'token.sign', 'jwks.export', 'backup.create' */
  action: string
  subject?: { set?: string; kid?: string }
  details?: Record<string, string | number | boolean | null>
}

export interface AuditSink {
  append(entry: AuditEntryInput): Promise<void>
}
