import type { Command } from 'commander'

/** `status-list create|list|set|get|export`: lists kept in the store for a key set. */
export function registerManagedStatusLists(group: Command): void {
  void group
}
