/**
 * The calls the CLI answers without its command parser (commander, its registration and checks:
 * most of a short command's start-up besides Node itself; issue #9 item 4).
 *
 * Only argument lists whose meaning is beyond doubt qualify: exactly `--version` or `-V`, and
 * `decode <token>` with an optional `--json` before or after the token, where the token is "-"
 * (standard input) or does not start with "-". Anything else — another option, `--`, a global
 * option such as --data-dir, help, a second argument — returns undefined and goes to commander, so
 * help, usage errors and exit codes stay commander's. test/integration/cli-fast-path.test.ts runs
 * each form both ways (`decode -- <token>` takes commander's path) and compares the output.
 */
export type FastCall = { command: 'version' } | { command: 'decode'; token: string; json: boolean }

/** `argv` without node and the script (process.argv.slice(2)); undefined: use the full CLI. */
export function fastCall(argv: readonly string[]): FastCall | undefined {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return { command: 'version' }
  if (argv[0] !== 'decode' || argv.length < 2 || argv.length > 3) return undefined
  const rest = argv.slice(1)
  const positional = rest.filter((arg) => arg !== '--json')
  if (positional.length !== 1) return undefined
  const token = positional[0]!
  if (token.startsWith('-') && token !== '-') return undefined
  return { command: 'decode', token, json: rest.length === 2 }
}
