import { expect, it } from 'vitest'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { policySchema } from '#shared/validation-policy/policy'

it('the written-out default policy is exactly the schema defaults', () => {
  expect(defaultPolicy()).toEqual(policySchema.parse({}))
})
