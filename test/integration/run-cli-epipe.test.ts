import { describe, expect, it } from 'vitest'
import { runCli } from '#test/support/run-cli'

// The harness itself: a command that exits without reading a large standard input must not turn the
// pipe's EPIPE into an unhandled error (which fails a run after every test passed, as CI once did).
describe('runCli, the CLI as a child process', () => {
  it('a command that does not read its standard input still resolves with its result', async () => {
    for (let round = 0; round < 5; round++) {
      const result = await runCli(['--version'], { input: 'x'.repeat(4 * 1024 * 1024) })
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/)
    }
  }, 60_000)
})
