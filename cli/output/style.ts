import { inspect } from 'node:util'

type Style = keyof typeof inspect.colors

/** Terminal colour only when a person is watching and has not opted out (https://no-color.org). */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
}

/*
 * paint() does not emit escape sequences: it wraps text in markers carrying a per-process random
 * nonce, which write.ts turns into SGR codes after escaping everything else. Untrusted text cannot
 * forge a marker (it would have to guess the nonce), so only our own styling reaches the terminal.
 */
const open = '\uE000'
const close = '\uE001'
/**
 * Made at the first painted text: loading node:crypto costs ~0.07× of `node -e 1`, and output that
 * is not coloured (a pipe, NO_COLOR, --json) never needs a nonce. Until one exists no text can hold
 * a marker of ours, so renderStyles has nothing to turn into SGR.
 */
let marker: { nonce: string; pattern: RegExp } | undefined

function ourMarker(): { nonce: string; pattern: RegExp } {
  if (marker) return marker
  const nonce = process.getBuiltinModule('node:crypto').randomBytes(8).toString('hex')
  marker = { nonce, pattern: new RegExp(`${open}${nonce}:(\\d+)${close}`, 'g') }
  return marker
}

export function paint(style: Style | readonly Style[], text: string, enabled: boolean): string {
  if (!enabled) return text
  const { nonce } = ourMarker()
  const styles = (Array.isArray(style) ? style : [style]) as readonly Style[]
  return styles.reduceRight<string>((inner, name) => {
    const [on, off] = inspect.colors[name] ?? [0, 0]
    return `${open}${nonce}:${on}${close}${inner}${open}${nonce}:${off}${close}`
  }, text)
}

/** Splits text into our own style codes and everything else (which the caller escapes). */
export function renderStyles(text: string, escape: (plain: string) => string): string {
  if (!marker) return escape(text)
  let result = ''
  let last = 0
  for (const match of text.matchAll(marker.pattern)) {
    result += `${escape(text.slice(last, match.index))}\u001b[${match[1]}m`
    last = match.index! + match[0].length
  }
  return result + escape(text.slice(last))
}
