import type { CredentialStore, CredentialSummary } from '@waymark/provider-access';
import type { Command } from './cli-args';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export type KeysCommand = Exclude<Command, { name: 'help' }>;

/** Runs one `keys` command; returns the process exit code. */
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
      output.err('warning: this is the only time the API key is shown; it cannot be shown again. Store it safely now.');
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
  const rows = [
    ['KEY ID', 'PROVIDER', 'CREATED', 'REVOKED', 'LABEL'],
    ...keys.map((k) => [
      k.keyId,
      k.providerId,
      k.createdAt.toISOString(),
      k.revokedAt?.toISOString() ?? '-',
      k.label ?? '',
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
}
