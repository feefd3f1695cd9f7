import { SignetError } from '#shared/errors'

/**
 * A kid names a key on the command line either as the argument or as --kid. About 1 in 64 RFC 7638
 * thumbprints start with "-", which a parser reads as an option: such a kid is given as
 * `--kid=<kid>` or after `--` (`signet keys activate -- -mLYt…`); Signet's own hints print `--kid=<kid>`.
 */
export function kidFrom(argument: string | undefined, option: string | undefined, command: string): string {
  if (argument !== undefined && option !== undefined) {
    throw new SignetError(
      'ERR_USAGE',
      `Give the kid once: as the argument or as --kid, not both (signet ${command} --help).`,
    )
  }
  const kid = argument ?? option
  if (kid === undefined || kid === '') {
    throw new SignetError(
      'ERR_USAGE',
      `Name the key: signet ${command} <kid>, or --kid=<kid> for a kid that starts with "-".`,
    )
  }
  return kid
}
