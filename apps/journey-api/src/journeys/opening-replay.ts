import type { ReplayCodec } from '@waymark/idempotency';
import { JourneyState, openedState, openJourneyBody } from '@waymark/journey-domain';
import { providerIdOf } from '@waymark/provider-access';

/**
 * An opening's answer is the journey as opened, personRef included; its idempotency record keeps only the journey's
 * id. A replay makes the same answer again from the repeated request's body (the same as the first's: the fingerprint
 * says so) and sends the same Location.
 */
export const openingReplay: ReplayCodec<JourneyState, { journeyId: string }> = {
  keep: ({ journeyId }) => ({ journeyId }),
  replay: ({ journeyId }, request, response) => {
    const leadProviderId = providerIdOf(request);
    if (!leadProviderId) throw new Error('an opening was replayed without an authenticated provider');
    response.location(`/v1/journeys/${journeyId}`);
    return openedState(journeyId, { ...openJourneyBody.parse(request.body), leadProviderId });
  },
};
