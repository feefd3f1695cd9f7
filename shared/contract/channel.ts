import { z } from 'zod'

/** Declares a channel: `channel<Output>()(inputSchema)`. Curried so the output can be named while the input is inferred. */
export function channel<Output>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output })
}

/** The input of a channel that takes none. */
export const noInput = z.undefined()
