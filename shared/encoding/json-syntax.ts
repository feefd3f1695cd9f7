import { parse } from '@humanwhocodes/momoa'

/**
 * Why a text is not JSON, and where — without a character of the text.
 *
 * JSON.parse's own messages quote the input: V8 writes `Unexpected token 's', "s3cr3t-val"... is
 * not valid JSON`. The texts Signet parses as JSON include files a user may give by mistake (a
 * secret file passed as --policy), HAR captures full of credentials, and audit lines; a message
 * that quotes them prints a secret on the terminal, in a CI log or in the app's error alert. Every
 * "not valid JSON" message therefore says what was expected and the line and column only (RFC 8259
 * grammar terms), found by the position-tracking parser, which runs only here, on an error.
 *
 * @param text the text JSON.parse refused
 * @returns e.g. "unexpected character at line 1, column 1", "unexpected end of input at line 3, column 5"
 */
export function jsonSyntaxProblem(text: string): string {
  try {
    parse(text, { mode: 'json' })
  } catch (error) {
    const { line, column } = error as { line?: unknown; column?: unknown }
    const where = typeof line === 'number' && typeof column === 'number' ? ` at line ${line}, column ${column}` : ''
    return `${kindOf(error instanceof Error ? error.message : '')}${where}`
  }
  // JSON.parse refused what the grammar accepts: only engine limits (depth, length) do that.
  return 'too deeply nested or too long to parse'
}

/** The parser's message without what it quotes: "Unexpected character 's' found. (1:1)" → "unexpected character". */
function kindOf(message: string): string {
  const kind = message
    .replace(/\s*\(\d+:\d+\)\s*$/, '')
    .replace(/\s*'[^']*'/g, '')
    .replace(/\s+found\.?$/, '')
    .trim()
  // Known shapes only: anything else could carry text of the input.
  const token = /^Unexpected token ([A-Za-z]+)$/.exec(kind)?.[1]
  if (token !== undefined) return `unexpected ${tokenNames[token] ?? 'token'}`
  if (/^Unexpected (character|identifier|end of input)$/.test(kind)) return kind.toLowerCase()
  return 'not valid JSON'
}

/** The parser's token types, as a reader of the JSON would name them (punctuation is not secret). */
const tokenNames: Record<string, string> = {
  LBrace: '"{"',
  RBrace: '"}"',
  LBracket: '"["',
  RBracket: '"]"',
  Comma: '","',
  Colon: '":"',
  Number: 'number',
  String: 'string',
  Boolean: 'true or false',
  Null: 'null',
}
