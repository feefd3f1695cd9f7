import type { ReactNode } from 'react'
import type { JsonValue } from '#shared/encoding/json'
import classes from './components.module.css'

/**
 * A JSON value with quiet syntax colours. Scalars and short flat arrays stay on one line (as they
 * read in a claims table); objects and longer arrays are indented like JSON.stringify(v, null, 2).
 */
export function JsonView({ value, className }: { value: JsonValue; className?: string }) {
  return <pre className={className ? `${classes.json} ${className}` : classes.json}>{render(value, '')}</pre>
}

const inlineLimit = 72

function render(value: JsonValue, indent: string): ReactNode {
  if (value === null) return <span className={classes.jsonNull}>null</span>
  if (typeof value === 'boolean') return <span className={classes.jsonBoolean}>{String(value)}</span>
  if (typeof value === 'number') return <span className={classes.jsonNumber}>{JSON.stringify(value)}</span>
  if (typeof value === 'string') return <span className={classes.jsonString}>{JSON.stringify(value)}</span>
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className={classes.jsonPunctuation}>[]</span>
    const flat = value.every((item) => item === null || typeof item !== 'object')
    if (flat && JSON.stringify(value).length <= inlineLimit) {
      return (
        <>
          <span className={classes.jsonPunctuation}>[</span>
          {value.map((item, i) => (
            <span key={i}>
              {i > 0 && <span className={classes.jsonPunctuation}>, </span>}
              {render(item, inner)}
            </span>
          ))}
          <span className={classes.jsonPunctuation}>]</span>
        </>
      )
    }
    return (
      <>
        <span className={classes.jsonPunctuation}>[</span>
        {value.map((item, i) => (
          <span key={i}>
            {'\n'}
            {inner}
            {render(item, inner)}
            {i < value.length - 1 && <span className={classes.jsonPunctuation}>,</span>}
          </span>
        ))}
        {'\n'}
        {indent}
        <span className={classes.jsonPunctuation}>]</span>
      </>
    )
  }
  const entries = Object.entries(value)
  if (entries.length === 0) return <span className={classes.jsonPunctuation}>{'{}'}</span>
  return (
    <>
      <span className={classes.jsonPunctuation}>{'{'}</span>
      {entries.map(([key, item], i) => (
        <span key={key}>
          {'\n'}
          {inner}
          <span className={classes.jsonKey}>{JSON.stringify(key)}</span>
          <span className={classes.jsonPunctuation}>: </span>
          {render(item, inner)}
          {i < entries.length - 1 && <span className={classes.jsonPunctuation}>,</span>}
        </span>
      ))}
      {'\n'}
      {indent}
      <span className={classes.jsonPunctuation}>{'}'}</span>
    </>
  )
}
