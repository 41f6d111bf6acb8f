import type { CredentialStore, CredentialSummary } from '@waymark/api-keys';
import type { KeysCommand } from './cli-args';
import { alignedTable, ISSUED_KEY_WARNING, Output } from './output';

const HOLDER = { providers: 'provider', commissioners: 'commissioner' } as const;

/** Runs one `<holders> keys` command on that audience's credential store; returns the process exit code. */
export async function runKeysCommand(
  command: KeysCommand,
  store: Pick<CredentialStore, 'issue' | 'revoke' | 'list'>,
  output: Output,
): Promise<number> {
  const holder = HOLDER[command.holders];
  switch (command.name) {
    case 'keys issue': {
      const { keyId, apiKey } = await store.issue(command.ownerId, command.label);
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
      output.err(`error: no active ${holder} key "${command.keyId}" (unknown, or revoked already)`);
      return 1;
    }
    case 'keys list': {
      const keys = await store.list(command.ownerId);
      if (keys.length === 0) output.out('no keys');
      else table(holder.toUpperCase(), keys).forEach((line) => output.out(line));
      return 0;
    }
  }
}

function table(ownerHeader: string, keys: CredentialSummary[]): string[] {
  return alignedTable([
    ['KEY ID', ownerHeader, 'CREATED', 'REVOKED', 'LABEL'],
    ...keys.map((k) => [
      k.keyId,
      k.ownerId,
      k.createdAt.toISOString(),
      k.revokedAt?.toISOString() ?? '-',
      k.label ?? '',
    ]),
  ]);
}
