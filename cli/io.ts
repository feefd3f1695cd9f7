import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs'
import { SignetError } from '#shared/errors'

/**
 * A limit on what is read, in bytes, checked on the bytes before they are decoded (and, for a file,
 * on its size before it is read). `tooLarge` makes the caller's own error: it gets the size, or
 * undefined when a stream was cut at the limit and its full size is unknown.
 */
export interface ByteBudget {
  maxBytes: number
  tooLarge: (bytes: number | undefined) => SignetError
}

/**
 * Reads a `<value|->` argument: "-" means standard input, anything else is the value itself.
 * With a budget, standard input is read only up to it (a value given inline is the caller's to measure).
 */
export async function readArgumentOrStdin(value: string, what: string, budget?: ByteBudget): Promise<string> {
  if (value !== '-') return value
  if (process.stdin.isTTY) {
    throw new SignetError(
      'ERR_USAGE',
      `Expected the ${what} on standard input ("-"), but standard input is a terminal. Pipe it in, or pass it as an argument.`,
    )
  }
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length
    if (budget && total > budget.maxBytes) {
      process.stdin.destroy()
      throw budget.tooLarge(undefined)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Reads a file the user named, turning every fs failure into ERR_FILE_UNREADABLE that names the file.
 * With a budget, a file over it is refused from its size, before it is read or decoded.
 */
export function readUserFile(path: string, what: string, budget?: ByteBudget): string {
  try {
    if (!budget) return readFileSync(path, 'utf8')
    const fd = openSync(path, 'r')
    try {
      const size = fstatSync(fd).size
      if (size > budget.maxBytes) throw budget.tooLarge(size)
      const bytes = readFileSync(fd)
      // A file that grew between the stat and the read is measured again.
      if (bytes.length > budget.maxBytes) throw budget.tooLarge(bytes.length)
      return bytes.toString('utf8')
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    if (error instanceof SignetError) throw error
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : (error as Error).message
    throw new SignetError('ERR_FILE_UNREADABLE', `Cannot read the ${what} file "${path}": ${reason}.`, {
      segment: path,
    })
  }
}
