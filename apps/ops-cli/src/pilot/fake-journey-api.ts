import type { ApiAnswer, Clock, PostJson } from './pilot-sender';

/** For the pilot's unit tests: journey-api's answers as the simulator reads them. */
export const answer = (status: number, body: unknown, headers: Record<string, string> = {}): ApiAnswer => ({
  status,
  body,
  header: (name) => headers[name.toLowerCase()] ?? null,
});

/**
 * An in-memory journey-api for the simulator's tests: opens journeys (id from the key), answers hand-off requests with
 * an id, replays a key it has answered before (Idempotent-Replayed), and refuses what `refuse` says.
 */
export function fakeJourneyApi(
  refuse: (path: string, body: Record<string, unknown>) => ApiAnswer | undefined = () => undefined,
) {
  const answered = new Map<string, ApiAnswer>();
  const requests: { path: string; body: Record<string, unknown>; apiKey: string; key: string }[] = [];
  let handOffs = 0;
  const post: PostJson = async (path, body, apiKey, key) => {
    const b = body as Record<string, unknown>;
    requests.push({ path, body: b, apiKey, key });
    const earlier = answered.get(`${apiKey}|${key}`);
    if (earlier) return answer(earlier.status, earlier.body, { 'idempotent-replayed': 'true' });
    const result =
      refuse(path, b) ??
      (path === '/v1/journeys'
        ? answer(201, { journeyId: `j-${key}` })
        : answer(201, {
            journeyId: path.split('/')[3],
            ...(path.endsWith('/hand-offs') ? { handOffId: `handoff-${++handOffs}` } : {}),
          }));
    if (result.status < 500 && result.status !== 429) answered.set(`${apiKey}|${key}`, result);
    return result;
  };
  return { post, requests };
}

/** A clock whose sleeps pass at once, remembered. */
export function fakeClock(): Clock & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}
