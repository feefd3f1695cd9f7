import type { Handlers } from '#shared/contract'
import type { ServiceContext } from './context'
import {
  chooseAuditExportFile,
  chooseBackupFile,
  choosePublicKeyFile,
  choosePublishFolder,
  chooseRevocationListFile,
  chooseScanReportFile,
  chooseStatusListFile,
} from './file-picker'
import { verifyAuditWithStore } from './audit/cross-check'
import { createBackup } from './backup/create-backup'
import { inspectBackup } from './backup/inspect-backup'
import { restoreBackup } from './backup/restore-backup'
import { exportJwks } from './managed-keys/export-jwks'
import { exportPublicKey } from './managed-keys/export-public'
import { generateKey } from './managed-keys/generate-key'
import { importKey } from './managed-keys/import-key'
import { createSet, deleteSet, listSets, updateSet } from './managed-keys/key-sets'
import { listKeys } from './managed-keys/list-keys'
import { reconcileKeys } from './managed-keys/reconcile'
import { rotateSet } from './managed-keys/rotate-set'
import { signToken } from './managed-keys/sign-token'
import { transitionKey } from './managed-keys/transition-key'
import { verifyManagedToken } from './managed-keys/verify-token'
import { deletePolicy, listPolicies, savePolicy } from './saved-policies'
import { dataPermissionWarnings } from './data-permissions'
import { acknowledgeStoreRecovery } from './store-recovery'
import { pendingRecovery } from '../adapters/store-recovery-marker'
import { allocateStatusIndex } from './revocations/allocate-index'
import { createStatusList } from './revocations/create-status-list'
import { exportStatusList, pendingDiff } from './revocations/export-status-list'
import { saveStatusListToken } from './revocations/save-status-list-token'
import { pathForPeople } from './paths'
import { statusListContents } from './revocations/status-list-contents'
import { lastStatusListToken } from './revocations/last-status-list-token'
import { updateStatusList } from './revocations/update-status-list'
import { revokeSignedBy } from './revocations/revoke-signed-by'
import { getStatus, listStatusLists } from './revocations/get-status'
import { setStatuses } from './revocations/set-status'
import { addTargetFromRequest } from './publishing/add-target-request'
import { diffAgainstSet } from './publishing/diff-against-set'
import { planPublish } from './publishing/plan'
import { publishSet } from './publishing/publish'
import { servingStatus, startServing, stopServing } from './publishing/serve-session'
import { listTargets, removeTarget } from './publishing/targets'
import { addRevocation } from './revocations/add-revocation'
import { exportRevocationList } from './revocations/export-revocation-list'
import { removeRevocation } from './revocations/remove-revocation'
import { revocationListContents } from './revocations/revocation-list-contents'
import { saveRevocationListToken } from './revocations/save-revocation-list-token'
import { setRevocationCutoff } from './revocations/set-revocation-cutoff'
import { issueSelfSignedCertificate } from './managed-keys/self-signed-certificate'
import { savePublicKey } from './managed-keys/save-public-key'
import { exportAuditFile } from './audit/export-file'
import { saveScanReport } from './scan/save-report'

/**
 * The handler table: one entry per contract channel, each a thin call into a service. Shared by
 * main/ipc.ts, the e2e bridge and the integration tests, so all of them exercise the same code.
 * Typed as Handlers: a channel without a handler, or a handler without a channel, does not compile.
 */
export function createHandlers(context: ServiceContext): Handlers {
  return {
    'app:info': async () => ({
      name: 'Signet',
      version: context.version,
      dataDir: context.dataDir,
      dataDirShown: pathForPeople(context.dataDir, context.homeDir),
      storePath: context.store.path,
      keychain: await context.keychain.status(),
      storeRecovery: pendingRecovery(context.dataDir),
      storeProblem: context.store.problem(),
      permissionWarnings: dataPermissionWarnings(context.dataDir),
      platform: process.platform,
    }),
    'keychain:status': (input) => context.keychain.status({ refresh: input?.refresh ?? false }),
    'audit:list': (input) => context.audit.list(input),
    'audit:verify': () => verifyAuditWithStore(context),
    'backup:create': (input) => createBackup(context, input),
    'backup:inspect': (input) => inspectBackup(context, input),
    'backup:restore': (input) => restoreBackup(context, input),
    'sets:list': () => listSets(context),
    'sets:create': (input) => createSet(context, input),
    'sets:update': (input) => updateSet(context, input),
    'sets:delete': (input) => deleteSet(context, input),
    'keys:list': (input) => listKeys(context, input),
    'keys:generate': (input) => generateKey(context, input),
    'keys:import': (input) => importKey(context, input),
    'keys:export-public': (input) => exportPublicKey(context, input),
    'keys:activate': (input) => transitionKey(context, 'activate', input),
    'keys:retire': (input) => transitionKey(context, 'retire', input),
    'keys:unpublish': (input) => transitionKey(context, 'unpublish', input),
    'keys:compromise': (input) => transitionKey(context, 'compromise', input),
    'keys:destroy': (input) => transitionKey(context, 'destroy', input),
    'keys:rotate': (input) => rotateSet(context, input),
    'keys:reconcile': (input) => reconcileKeys(context, input),
    'keys:verify-token': (input) => verifyManagedToken(context, input),
    'sign:token': (input) => signToken(context, input),
    'jwks:export': (input) => exportJwks(context, input),
    'policies:list': async () => listPolicies(context),
    'policies:save': async (input) => savePolicy(context, input),
    'policies:delete': async (input) => deletePolicy(context, input),
    'dialog:save-backup': (input) =>
      chooseBackupFile(
        context,
        'save-backup',
        input?.suggestedName ?? `signet-${context.now().toISOString().slice(0, 10)}`,
      ),
    'dialog:open-backup': () => chooseBackupFile(context, 'open-backup'),
    'store:acknowledge-recovery': async (input) => {
      const { acknowledged, pending } = await acknowledgeStoreRecovery(context, input.at)
      return { acknowledged, pending }
    },
    'status-list:list': (input) => listStatusLists(context, input),
    'status-list:create': (input) => createStatusList(context, input),
    'status-list:update': (input) => updateStatusList(context, input),
    'status-list:get': (input) => getStatus(context, input),
    'status-list:set': (input) => setStatuses(context, input),
    'status-list:allocate': (input) => allocateStatusIndex(context, input),
    'status-list:diff': async (input) => ({ diff: pendingDiff(context, input.name) }),
    'status-list:export': (input) => exportStatusList(context, input.name),
    'status-list:contents': async (input) => statusListContents(context, input.name),
    'status-list:last-token': async (input) => lastStatusListToken(context, input.name),
    'status-list:revoke-signed-by': (input) => revokeSignedBy(context, input),
    'status-list:export-file': (input) => saveStatusListToken(context, input),
    'dialog:save-status-list': (input) => chooseStatusListFile(context, input?.suggestedName ?? 'status-list'),
    'jwks:targets': async (input) => listTargets(context, { set: input?.set }),
    'jwks:add-target': (input) => addTargetFromRequest(context, input),
    'jwks:remove-target': (input) => removeTarget(context, input),
    'jwks:plan': (input) => planPublish(context, input),
    'jwks:publish': (input) => publishSet(context, input),
    'jwks:diff': (input) => diffAgainstSet(context, input),
    'jwks:serve-start': (input) => startServing(context, input),
    'jwks:serve-stop': () => stopServing(context),
    'jwks:serve-status': async () => servingStatus(context),
    'dialog:choose-publish-folder': (input) => choosePublishFolder(context, input.kind),
    'revocations:list': async (input) => revocationListContents(context, input.set),
    'revocations:add': (input) => addRevocation(context, input),
    'revocations:remove': (input) => removeRevocation(context, input),
    'revocations:cutoff': (input) => setRevocationCutoff(context, input),
    'revocations:diff': async (input) => ({ diff: revocationListContents(context, input.set).diff }),
    'revocations:export': (input) => exportRevocationList(context, input.set),
    'revocations:export-file': (input) => saveRevocationListToken(context, input),
    'dialog:save-revocation-list': (input) => chooseRevocationListFile(context, input?.suggestedName ?? 'revocations'),
    'keys:certificate': (input) => issueSelfSignedCertificate(context, input),
    'keys:save-public': (input) => savePublicKey(context, input),
    'dialog:save-public-key': (input) => choosePublicKeyFile(context, input.kid, input.format),
    'dialog:save-audit-export': (input) => chooseAuditExportFile(context, input.format),
    'audit:export-file': (input) => exportAuditFile(context, input),
    'dialog:save-scan-report': (input) => chooseScanReportFile(context, input.format),
    'scan:save-report': (input) => saveScanReport(context, input),
  }
}
