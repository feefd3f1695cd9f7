import type { BackupInspection } from '../../../shared/contract'
import { readEnvelope } from './envelope'
import { readBackupFile } from './files'

/** What a backup file says about itself without the passphrase: its summary and protection. */
export async function inspectBackup(input: { path: string }): Promise<BackupInspection> {
  const file = await readBackupFile(input.path)
  const envelope = readEnvelope(file.text, input.path)
  return { path: input.path, bytes: file.bytes, sha256: file.sha256, alg: envelope.alg, enc: envelope.enc, p2c: envelope.p2c, summary: envelope.summary }
}
