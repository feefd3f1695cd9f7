import { readFileSync } from 'node:fs'
import { SignetError } from '#shared/errors'

/** Reads a `<value|->` argument: "-" means standard input, anything else is the value itself. */
export async function readArgumentOrStdin(value: string, what: string): Promise<string> {
  if (value !== '-') return value
  if (process.stdin.isTTY) {
    throw new SignetError(
      'ERR_USAGE',
      `Expected the ${what} on standard input ("-"), but standard input is a terminal. Pipe it in, or pass it as an argument.`,
    )
  }
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads a file the user named, turning every fs failure into ERR_FILE_UNREADABLE that names the file. */
export function readUserFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
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
