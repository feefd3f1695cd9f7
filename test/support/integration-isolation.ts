import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Integration files run in parallel (vitest.config.ts), all against the ONE private keyring that
 * scripts/with-private-keyring.sh starts. Before each file this gives it its own keychain service
 * and its own default data directory, inherited by every CLI child it spawns: no file sees another's
 * store, audit log or lock, and no file's keychain entries show up as another's orphans (reconcile
 * lists every entry of its service). A test that names its own service or --data-dir still wins.
 */
const baseService = (process.env.SIGNET_TEST_BASE_SERVICE ??= process.env.SIGNET_KEYCHAIN_SERVICE ?? 'Signet-test')
process.env.SIGNET_KEYCHAIN_SERVICE = `${baseService}-${randomUUID().slice(0, 8)}`
process.env.SIGNET_DATA_DIR = mkdtempSync(join(tmpdir(), 'signet-it-file-'))
