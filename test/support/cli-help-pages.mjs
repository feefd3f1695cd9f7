// Prints, as ONE JSON array on stdout, what `signet <path…> --help` prints for every path given as
// JSON in argv[2] ([["keys", "generate"], …]): [{ path, exitCode, stdout, stderr }, …].
//
// Why: a help check over every command started the CLI ~70 times, each start costing more CPU than
// the help it prints. Here each path still runs through the bundle's own entry point
// (out/cli/signet.mjs: argv handling, commander, every command's registration and help hooks), in
// one process: the entry module is evaluated afresh per path (a distinct URL), its chunks are
// shared. The test that uses this also compares one page with a separate `signet … --help` child.
// Run it with runCli(..., { bin }) so it gets the CLI's test environment (NO_COLOR, no extra CAs).
import { fileURLToPath } from 'node:url'

const paths = JSON.parse(process.argv[2] ?? '[]')
const entry = new URL('../../out/cli/signet.mjs', import.meta.url)
const write = { stdout: process.stdout.write, stderr: process.stderr.write }
// each evaluation of the entry adds its own EPIPE listener on both streams
process.stdout.setMaxListeners(0)
process.stderr.setMaxListeners(0)

const pages = []
for (const [index, path] of paths.entries()) {
  const page = { path, exitCode: -1, stdout: '', stderr: '' }
  process.stdout.write = (chunk) => ((page.stdout += String(chunk)), true)
  process.stderr.write = (chunk) => ((page.stderr += String(chunk)), true)
  process.argv = [process.argv[0], fileURLToPath(entry), ...path, '--help']
  process.exitCode = undefined
  try {
    await import(`${entry.href}?help-page=${index}`)
  } finally {
    process.stdout.write = write.stdout
    process.stderr.write = write.stderr
  }
  page.exitCode = Number(process.exitCode ?? 0)
  pages.push(page)
}
process.exitCode = 0
process.stdout.write(JSON.stringify(pages))
