import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { visit, walkGetWorkflowExecutionHistoryResponse } from '@temporalio/common/lib/internal-non-workflow';
import type { temporal } from '@temporalio/proto';
import { ENCRYPTED_ENCODING, METADATA_ENCRYPTION_KEY_ID } from './aes-gcm-payload-codec';
import { KEY_ID_PATTERN } from './key-ring';

/** Payloads that went through no codec: written before encryption, or forged and refused (decision 0021). */
export const UNENCRYPTED = '(unencrypted)';
/** Encrypted payloads whose key id label is missing or not a key id: counted, never echoed. */
export const UNLABELLED = '(no valid key id)';

/**
 * How many of a history's payloads each key id encrypted, read from the payloads' clear metadata only: nothing is
 * decrypted, so no key is needed and no content is seen. The SDK's own payload walker finds every payload; those in
 * headers and search attributes never pass through codecs, so they are left out (the walker's skip options do not
 * reach history events' headers, hence the context).
 */
export async function payloadKeyIdsOf(history: temporal.api.history.v1.IHistory): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const count = (payload: Payload, uncoded: boolean) => {
    if (uncoded) return payload;
    const keyId = keyIdOf(payload);
    counts.set(keyId, (counts.get(keyId) ?? 0) + 1);
    return payload;
  };
  const coded = withoutCoreMarkerData(history);
  await visit<{ history: typeof history }, boolean>({ history: coded }, walkGetWorkflowExecutionHistoryResponse, {
    transformPayload: async (payload, uncoded) => count(payload, uncoded),
    transformPayloads: async (payloads, uncoded) => payloads.map((payload) => count(payload, uncoded)),
    deriveContext: (_message, typeName, uncoded) => uncoded || UNCODED_MESSAGES.has(typeName),
    initialContext: false,
  });
  return counts;
}

/**
 * Markers carry the SDK core's own bookkeeping in plain JSON (`data` of a local activity, `patch-data` of a patch),
 * which never passes through codecs; only a local activity's `result` does.
 */
function withoutCoreMarkerData(history: temporal.api.history.v1.IHistory): temporal.api.history.v1.IHistory {
  const events = history.events?.map((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (!marker?.details) return event;
    const result = marker.details['result'];
    return { ...event, markerRecordedEventAttributes: { ...marker, details: result ? { result } : {} } };
  });
  return { ...history, events };
}

const UNCODED_MESSAGES = new Set(['temporal.api.common.v1.Header', 'temporal.api.common.v1.SearchAttributes']);

function keyIdOf(payload: Payload): string {
  if (metadataText(payload, METADATA_ENCODING_KEY) !== ENCRYPTED_ENCODING) return UNENCRYPTED;
  const keyId = metadataText(payload, METADATA_ENCRYPTION_KEY_ID);
  return keyId !== undefined && KEY_ID_PATTERN.test(keyId) ? keyId : UNLABELLED;
}

function metadataText(payload: Payload, name: string): string | undefined {
  const value = payload.metadata?.[name];
  return value ? Buffer.from(value).toString('utf8') : undefined;
}

/** Where a key id stands against the key ring the command runs with. */
export type KeyStanding = 'active' | 'listed' | 'not listed' | 'unencrypted' | 'no valid key id';

export interface KeyUsageRow {
  keyId: string;
  standing: KeyStanding;
  payloads: number;
  /** Distinct owners (journeys) with at least one such payload. */
  owners: number;
  /** Who they are, only where the key ring cannot read them: keys not listed, unencrypted, unlabelled. */
  unreadableBy?: string[];
}

/**
 * Tallies payload key ids over many histories, one at a time, keeping counts and owner ids only. An owner is what a
 * history belongs to (a journey, across the runs continue-as-new chains).
 */
export class PayloadKeyUsage {
  private readonly payloads = new Map<string, number>();
  private readonly owners = new Map<string, Set<string>>();

  add(owner: string, counts: ReadonlyMap<string, number>): void {
    for (const [keyId, n] of counts) {
      this.payloads.set(keyId, (this.payloads.get(keyId) ?? 0) + n);
      const set = this.owners.get(keyId) ?? new Set<string>();
      set.add(owner);
      this.owners.set(keyId, set);
    }
  }

  /** One row per key id seen or in the ring (a listed key no history used shows 0: it is not needed by these). */
  report(ring: { activeKeyId: string; keyIds: readonly string[] }): KeyUsageRow[] {
    const keyIds = new Set([ring.activeKeyId, ...ring.keyIds, ...this.payloads.keys()]);
    const rows = [...keyIds].map((keyId): KeyUsageRow => {
      const standing = standingOf(keyId, ring);
      const owners = [...(this.owners.get(keyId) ?? [])].sort();
      const row: KeyUsageRow = { keyId, standing, payloads: this.payloads.get(keyId) ?? 0, owners: owners.length };
      return standing === 'active' || standing === 'listed' ? row : { ...row, unreadableBy: owners };
    });
    const order: KeyStanding[] = ['active', 'listed', 'not listed', 'no valid key id', 'unencrypted'];
    return rows.sort((a, b) => order.indexOf(a.standing) - order.indexOf(b.standing) || (a.keyId < b.keyId ? -1 : 1));
  }
}

function standingOf(keyId: string, ring: { activeKeyId: string; keyIds: readonly string[] }): KeyStanding {
  if (keyId === UNENCRYPTED) return 'unencrypted';
  if (keyId === UNLABELLED) return 'no valid key id';
  if (keyId === ring.activeKeyId) return 'active';
  return ring.keyIds.includes(keyId) ? 'listed' : 'not listed';
}
