/**
 * A count as a person reads it in a message: whole numbers with en-US thousands separators
 * ("1,048,576"), the same in the app and the CLI, whatever the machine's locale. Budget messages
 * state their limits with it (or with plural(), which uses it, when the noun goes along).
 */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}
