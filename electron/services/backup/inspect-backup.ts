import type { BackupInspection } from '#shared/contract'
import type { BackupContext } from './create-backup'
import { readEnvelope } from './envelope'
import { readBackupFile } from './files'

/**
 * What a backup file says about itself without the passphrase: its summary and protection. `file`
 * is an open-backup handle; reading changes nothing, so it is not spent (the restore that follows uses it).
 */
export async function inspectBackup(
  context: Pick<BackupContext, 'fileHandles'>,
  input: { file: string },
): Promise<BackupInspection> {
  return context.fileHandles.redeem(
    input.file,
    'open-backup',
    async (path) => {
      const file = await readBackupFile(path)
      const envelope = readEnvelope(file.text, path)
      return {
        path,
        bytes: file.bytes,
        sha256: file.sha256,
        alg: envelope.alg,
        enc: envelope.enc,
        p2c: envelope.p2c,
        summary: envelope.summary,
      }
    },
    { spend: false },
  )
}
