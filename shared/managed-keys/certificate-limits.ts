/**
 * Bounds of a self-signed certificate request, shared by the CLI, the IPC schema and the service.
 * `maxSubjectLength` is RFC 5280's ub-common-name (Appendix A.1); ten years is the longest validity
 * Signet will write, so a forgotten certificate still ends.
 */
export const certificateLimits = {
  /** validity when none is asked for, in days */
  defaultDays: 365,
  /** the longest validity, in days */
  maxDays: 3650,
  /** characters of the CN */
  maxSubjectLength: 64,
} as const
