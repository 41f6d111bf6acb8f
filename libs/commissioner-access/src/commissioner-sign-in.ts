import type { FailedAuthLimiter, KeyAuthenticator } from '@waymark/api-keys';
import { COMMISSIONERS } from './commissioners';
import type { CommissionerSessions } from './commissioner-sessions';

export type SignInRefusal =
  /** Nothing was entered. */
  | 'missing'
  /** A provider's key (`wmk_…`): providers record journeys, they do not sign in to the commissioners' dashboard. */
  | 'provider-key'
  /** Malformed, unknown or revoked: not told apart, as the APIs do not tell them apart either. */
  | 'not-valid';

export type SignInOutcome =
  | { kind: 'signed-in'; commissionerId: string; token: string; expiresAt: Date }
  | { kind: 'refused'; reason: SignInRefusal }
  /** The client address has failed too often: it may try again after this long (FailedAuthLimiter). */
  | { kind: 'wait'; retryAfterSeconds: number };

/** What providers' keys look like (libs/provider-access, which this library may not import), to tell the person signing in what went wrong. */
const PROVIDER_KEY = /^wmk_/;

/**
 * Signing in to the dashboard with a commissioner key: checked by the same credential store as measures-service's
 * API (uncached, so a key revoked a moment ago is refused), failed attempts limited per client address like the
 * APIs' (FailedAuthLimiter), and on success a server-side session (CommissionerSessions) tied to that key.
 */
export class CommissionerSignIn {
  constructor(
    private readonly credentials: KeyAuthenticator,
    private readonly sessions: Pick<CommissionerSessions, 'start'>,
    private readonly failures: FailedAuthLimiter,
    private readonly sessionTtlMs: number,
  ) {}

  async signIn(entered: string, address: string): Promise<SignInOutcome> {
    const key = entered.trim();
    const retryAfterSeconds = this.failures.retryAfterSeconds(address, key === '' ? undefined : key);
    if (retryAfterSeconds > 0) return { kind: 'wait', retryAfterSeconds };
    // An empty form is a slip, not a guess: it is not counted against the address.
    if (key === '') return { kind: 'refused', reason: 'missing' };
    const commissionerId = PROVIDER_KEY.test(key) ? null : await this.credentials.authenticate(key);
    const parts = COMMISSIONERS.keys.parse(key);
    if (commissionerId === null || parts === null) {
      this.failures.failed(address);
      return { kind: 'refused', reason: PROVIDER_KEY.test(key) ? 'provider-key' : 'not-valid' };
    }
    this.failures.succeeded(key);
    const session = await this.sessions.start(parts.keyId, commissionerId, this.sessionTtlMs);
    return { kind: 'signed-in', commissionerId, ...session };
  }
}
