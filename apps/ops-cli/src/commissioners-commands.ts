import type { CommissionerCredentialStore, CommissionerCredentialSummary } from '@waymark/commissioner-access';
import type { CommissionersCommand } from './cli-args';
import { alignedTable, ISSUED_KEY_WARNING, Output } from './output';

/** Runs one `commissioners` command (commissioners' keys for measures-service); returns the process exit code. */
export async function runCommissionersCommand(
  command: CommissionersCommand,
  store: Pick<CommissionerCredentialStore, 'issue' | 'revoke' | 'list'>,
  output: Output,
): Promise<number> {
  switch (command.name) {
    case 'commissioners issue': {
      const { keyId, apiKey } = await store.issue(command.commissionerId, command.label);
      output.out(`key id:  ${keyId}`);
      output.out(`api key: ${apiKey}`);
      output.err(ISSUED_KEY_WARNING);
      return 0;
    }
    case 'commissioners revoke': {
      if (await store.revoke(command.keyId)) {
        output.out(`revoked ${command.keyId}`);
        return 0;
      }
      output.err(`error: no active commissioner key "${command.keyId}" (unknown, or revoked already)`);
      return 1;
    }
    case 'commissioners list': {
      const keys = await store.list(command.commissionerId);
      if (keys.length === 0) output.out('no keys');
      else table(keys).forEach((line) => output.out(line));
      return 0;
    }
  }
}

function table(keys: CommissionerCredentialSummary[]): string[] {
  return alignedTable([
    ['KEY ID', 'COMMISSIONER', 'CREATED', 'REVOKED', 'LABEL'],
    ...keys.map((k) => [
      k.keyId,
      k.commissionerId,
      k.createdAt.toISOString(),
      k.revokedAt?.toISOString() ?? '-',
      k.label ?? '',
    ]),
  ]);
}
