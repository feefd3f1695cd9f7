import { SignetError } from '#shared/errors'

/**
 * The question main asks the user itself before an irreversible action, as a port: a native message
 * box in the app (electron/main/confirm-dialog.ts), the command the user typed in the CLI (its argv
 * is the confirmation), a recording stand-in in tests and the e2e bridge. Nothing the page sends
 * (a "confirmed" flag, a reason) can stand in for it: a compromised page can set any flag.
 */
export interface ConfirmPort {
  /** true only when the user chose `confirmLabel`; false when they cancelled or closed the box */
  confirm(request: ConfirmRequest): Promise<boolean>
}

export interface ConfirmRequest {
  /** the audit action it guards, e.g. "key.destroy" */
  action: string
  title: string
  message: string
  /** what exactly cannot be undone */
  detail: string
  confirmLabel: string
}

/** Asks, and throws ERR_NOT_CONFIRMED (nothing changed) unless the user agreed. No port: refused. */
export async function requireConfirmation(port: ConfirmPort | undefined, request: ConfirmRequest): Promise<void> {
  if (!port) {
    throw new SignetError(
      'ERR_NOT_CONFIRMED',
      `${request.title}: there is no way to ask for confirmation here, so nothing was changed.`,
    )
  }
  if (!(await port.confirm(request))) {
    throw new SignetError('ERR_NOT_CONFIRMED', `${request.title}: not confirmed, so nothing was changed.`)
  }
}

/** The CLI's port: the user typed the command (with its options) themselves. */
export const argvConfirms: ConfirmPort = { confirm: async () => true }
