import { styleText } from 'node:util'

type Style = Parameters<typeof styleText>[0]

/** Terminal colour only when a person is watching and has not opted out (https://no-color.org). */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
}

export function paint(style: Style, text: string, enabled: boolean): string {
  return enabled ? styleText(style, text) : text
}
