import { CostRates, measuresDataSourceOptions } from '@waymark/measures-store';
import { PILOT_PROVIDERS } from '@waymark/pilot-simulation';
import { DataSource } from 'typeorm';
import { openKeyStore } from '../key-stores';

/** The label of every key the simulator issues: a rerun revokes these, and only these, before issuing new ones. */
export const PILOT_KEY_LABEL = 'pilot simulator';
/** Whose key the dashboard is opened with. */
export const PILOT_COMMISSIONER = 'pilot-commissioner';

/** What the simulator needs of either kind of key store. */
interface KeyStore {
  issue(ownerId: string, label?: string): Promise<{ keyId: string; apiKey: string }>;
  revoke(keyId: string): Promise<boolean>;
  list(ownerId: string): Promise<{ keyId: string; label: string | null; revokedAt: Date | null }[]>;
}

export interface PilotStores {
  providerKeys: KeyStore;
  commissionerKeys: KeyStore;
  rates: Pick<CostRates, 'set'>;
}

export interface PreparedPilot {
  /** Each pilot provider's API key, issued just now. */
  apiKeys: Map<string, string>;
  commissioner: { commissionerId: string; keyId: string; apiKey: string };
  /** Whether an earlier run set a pilot up in this database (its commissioner key, revoked or not, is there). */
  setUpBefore: boolean;
}

/**
 * Sets the pilot's providers up as ops would: an API key each and its hourly cost rate, and a commissioner key for
 * the dashboard. A key's secret is stored only as a hash, so an earlier run's keys cannot be reused: each run revokes
 * the keys it labelled "pilot simulator" and issues new ones, so reruns never pile keys up and no other key is
 * touched. Journeys belong to providers, not keys, so a new key carries on with the same journeys.
 */
export async function preparePilot(stores: PilotStores): Promise<PreparedPilot> {
  const apiKeys = new Map<string, string>();
  for (const provider of PILOT_PROVIDERS) {
    apiKeys.set(provider.id, (await reissue(stores.providerKeys, provider.id)).apiKey);
    await stores.rates.set(provider.id, provider.hourlyRate);
  }
  const setUpBefore = (await stores.commissionerKeys.list(PILOT_COMMISSIONER)).some((k) => k.label === PILOT_KEY_LABEL);
  const commissioner = await reissue(stores.commissionerKeys, PILOT_COMMISSIONER);
  return { apiKeys, commissioner: { commissionerId: PILOT_COMMISSIONER, ...commissioner }, setUpBefore };
}

async function reissue(store: KeyStore, owner: string) {
  const earlier = (await store.list(owner)).filter((k) => k.label === PILOT_KEY_LABEL && k.revokedAt === null);
  const issued = await store.issue(owner, PILOT_KEY_LABEL);
  for (const key of earlier) await store.revoke(key.keyId);
  return issued;
}

/** The three stores the set-up writes to, in the database the services use (each brings its schema up to date). */
export async function openPilotStores(databaseUrl: string): Promise<PilotStores & { close(): Promise<void> }> {
  const opened: DataSource[] = [];
  const open = async (start: () => Promise<DataSource>) => {
    const dataSource = await start();
    opened.push(dataSource);
    return dataSource;
  };
  const keysOf = async (holders: 'providers' | 'commissioners') => {
    const { store, dataSource } = await openKeyStore(holders, databaseUrl);
    opened.push(dataSource);
    return store;
  };
  const close = () => Promise.all(opened.map((d) => d.destroy())).then(() => undefined);
  try {
    return {
      providerKeys: await keysOf('providers'),
      commissionerKeys: await keysOf('commissioners'),
      rates: new CostRates(await open(() => new DataSource(measuresDataSourceOptions(databaseUrl)).initialize())),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
