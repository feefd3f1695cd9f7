import { SignetError } from '#shared/errors'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * Turns the bytes of an opened or dropped file into token text. A token file is small text; a
 * large or binary file is almost certainly the wrong file (a log belongs in Scan), and reading it
 * into the editor would freeze the window, so it is refused with a message that says why.
 */

export const maxTokenFileBytes = 1024 * 1024

export function tokenTextFromFile(name: string, bytes: Uint8Array): string {
  if (bytes.length > maxTokenFileBytes) {
    throw new SignetError(
      'ERR_FILE_UNREADABLE',
      `${name} is ${formatBytes(bytes.length)}; a token file is at most ${formatBytes(maxTokenFileBytes)}. Open the file that holds just the token.`,
      { segment: name },
    )
  }
  if (bytes.includes(0)) {
    throw new SignetError(
      'ERR_FILE_UNREADABLE',
      `${name} is a binary file, not text. A token file holds the token as text (compact or JSON).`,
      {
        segment: name,
      },
    )
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new SignetError('ERR_FILE_UNREADABLE', `${name} is not UTF-8 text. Save it as UTF-8 and open it again.`, {
      segment: name,
    })
  }
  // A BOM from Windows editors is not part of the token.
  text = text.replace(/^\uFEFF/, '')
  if (text.trim().length === 0) {
    throw new SignetError('ERR_FILE_UNREADABLE', `${name} is empty.`, { segment: name })
  }
  return text
}
