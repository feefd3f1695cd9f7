import fc from 'fast-check'
import type { z } from 'zod'
import { jsonValue } from './arbitraries'

/**
 * Structured-random input for an IPC channel, derived from the channel's own zod schema, so a new
 * channel (or a new field) is fuzzed without anyone writing an arbitrary for it. Each field is
 * mostly of the right kind (strings drawn from the live state — real kids, set names, list names,
 * one-time handles — and from hostile text: paths, UNC and device names, controls, bidi, private
 * key text), sometimes of the wrong kind, sometimes missing, and objects sometimes carry an extra
 * member: the inputs a compromised page would try at the boundary of the schema.
 */

export interface StringPool {
  /** strings read from the live state at generation time (kids, set names, list names, handles) */
  live: () => string[]
}

const privateJwkText = JSON.stringify({
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI',
})

/** hostile text: what a page that wants out of its sandbox would pass where a name is expected */
export const hostileStrings = [
  '',
  'a',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  '/etc/passwd',
  '../../../../etc/shadow',
  '..\\..\\Windows\\System32\\config\\SAM',
  '\\\\attacker.example\\share\\keys.signet-backup',
  '//attacker.example/share/keys.signet-backup',
  '\\\\?\\C:\\Windows\\keys.signet-backup',
  '\\\\.\\pipe\\signet',
  'C:\\Users\\victim\\keys.signet-backup',
  'file:///tmp/keys.signet-backup',
  '/tmp/keys.signet-backup',
  'CON',
  'kid\u0000nul',
  'line\nbreak\r\u001b[2Kgreen VALID',
  '\u202egnp.exe',
  '\u2066isolate\u2069',
  'x'.repeat(129),
  'x'.repeat(2049),
  '2030-01-01T00:00:00.000Z',
  '2030-01-01T00:00:00Z',
  '1970-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '5m',
  '1h',
  '30d',
  '0s',
  '-1m',
  '99999999999999d',
  'P1D',
  'HS256',
  'RS256',
  'ES256',
  'EdDSA',
  'none',
  'correct horse battery staple and some more words',
  privateJwkText,
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
]

const hostileNumbers = [
  0,
  -0,
  1,
  -1,
  7,
  8,
  1.5,
  255,
  256,
  2048,
  3072,
  4096,
  65537,
  2 ** 24,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  1e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MIN_VALUE,
]

/** anything at all: the schema must refuse it without touching a service */
const wrongKind: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, 0, '', [], {}, Number.NaN),
  jsonValue,
  fc.anything({ maxDepth: 2 }),
)

type Def = { type: string } & Record<string, unknown>
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def

function stringArbitrary(pool: StringPool): fc.Arbitrary<string> {
  return fc.oneof(
    {
      arbitrary: fc.nat().map((i) => {
        const live = pool.live()
        return live.length === 0 ? 'none' : live[i % live.length]!
      }),
      weight: 4,
    },
    { arbitrary: fc.constantFrom(...hostileStrings), weight: 3 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  )
}

const numberArbitrary: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...hostileNumbers),
  fc.integer(),
  fc.integer({ min: 0, max: 300 }),
  fc.double(),
)

/** right kind of value for `schema`, most of the time */
export function schemaArbitrary(schema: z.ZodType, pool: StringPool, depth = 0): fc.Arbitrary<unknown> {
  const wrong = (right: fc.Arbitrary<unknown>, weight = 8) =>
    fc.oneof({ arbitrary: right, weight }, { arbitrary: wrongKind, weight: 1 })
  if (depth > 6) return wrongKind
  const def = defOf(schema)
  switch (def.type) {
    case 'string':
      return wrong(stringArbitrary(pool))
    case 'number':
    case 'int':
      return wrong(numberArbitrary)
    case 'boolean':
      return wrong(fc.boolean())
    case 'undefined':
    case 'void':
      return fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: wrongKind, weight: 1 })
    case 'null':
      return wrong(fc.constant(null))
    case 'literal':
      return wrong(fc.constantFrom(...(def.values as unknown[])))
    case 'enum':
      return wrong(
        fc.oneof(fc.constantFrom(...Object.values(def.entries as Record<string, unknown>)), stringArbitrary(pool)),
      )
    case 'optional':
      return fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 1 },
        { arbitrary: schemaArbitrary(def.innerType as z.ZodType, pool, depth), weight: 2 },
      )
    case 'nullable':
      return fc.oneof(
        { arbitrary: fc.constant(null), weight: 1 },
        { arbitrary: schemaArbitrary(def.innerType as z.ZodType, pool, depth), weight: 3 },
      )
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return fc.oneof(fc.constant(undefined), schemaArbitrary(def.innerType as z.ZodType, pool, depth))
    case 'pipe':
      return schemaArbitrary(def.in as z.ZodType, pool, depth)
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((option) => schemaArbitrary(option, pool, depth + 1)))
    case 'array':
      return wrong(fc.array(schemaArbitrary(def.element as z.ZodType, pool, depth + 1), { maxLength: 4 }))
    case 'tuple':
      return wrong(fc.tuple(...(def.items as z.ZodType[]).map((item) => schemaArbitrary(item, pool, depth + 1))))
    case 'record':
      return wrong(
        fc.dictionary(
          fc.oneof(stringArbitrary(pool), fc.constantFrom('__proto__', 'constructor', 'd', 'k', 'alg', 'kid')),
          schemaArbitrary(def.valueType as z.ZodType, pool, depth + 1),
          { maxKeys: 4 },
        ),
      )
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>
      const members = Object.fromEntries(
        Object.entries(shape).map(([key, member]) => [key, schemaArbitrary(member, pool, depth + 1)]),
      )
      const object = fc.record(members, { requiredKeys: [] }).chain((value) =>
        // sometimes every member the schema names, so the input gets past the schema to the service
        fc
          .record(members)
          .map((full) => ({ ...full, ...value }))
          .chain((full) => fc.constantFrom(value, full)),
      )
      const withExtra = fc
        .tuple(object, fc.constantFrom('__proto__', 'path', 'file', 'd', 'extra'), jsonValue)
        .map(([value, key, extra]) => {
          const copy: Record<string, unknown> = { ...value }
          Object.defineProperty(copy, key, { value: extra, enumerable: true, writable: true, configurable: true })
          return copy
        })
      return fc.oneof(
        { arbitrary: object, weight: 12 },
        { arbitrary: withExtra, weight: 1 },
        { arbitrary: wrongKind, weight: 1 },
      )
    }
    default:
      // unknown, any, custom and anything newer: random JSON and random values
      return fc.oneof(jsonValue, wrongKind)
  }
}
