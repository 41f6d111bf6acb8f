import type { CredentialStore, CredentialSummary } from '@waymark/provider-access';
import type { KeysCommand } from './cli-args';
import { alignedTable, ISSUED_KEY_WARNING, Output } from './output';

export type { KeysCommand } from './cli-args';
export type { Output } from './output';

/** Runs one `keys` command (providers' keys); returns the process exit code. */
export async function runKeysCommand(
  command: KeysCommand,
  store: Pick<CredentialStore, 'issue' | 'revoke' | 'list'>,
  output: Output,
): Promise<number> {
  switch (command.name) {
    case 'keys issue': {
      const { keyId, apiKey } = await store.issue(command.providerId, command.label);
      output.out(`key id:  ${keyId}`);
      output.out(`api key: ${apiKey}`);
      output.err(ISSUED_KEY_WARNING);
      return 0;
    }
    case 'keys revoke': {
      if (await store.revoke(command.keyId)) {
        output.out(`revoked ${command.keyId}`);
        return 0;
      }
      output.err(`error: no active key "${command.keyId}" (unknown, or revoked already)`);
      return 1;
    }
    case 'keys list': {
      const keys = await store.list(command.providerId);
      if (keys.length === 0) output.out('no keys');
      else table(keys).forEach((line) => output.out(line));
      return 0;
    }
  }
}

function table(keys: CredentialSummary[]): string[] {
  return alignedTable([
    ['KEY ID', 'PROVIDER', 'CREATED', 'REVOKED', 'LABEL'],
    ...keys.map((k) => [
      k.keyId,
      k.providerId,
      k.createdAt.toISOString(),
      k.revokedAt?.toISOString() ?? '-',
      k.label ?? '',
    ]),
  ]);
}
