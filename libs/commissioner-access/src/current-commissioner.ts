import { authenticatedCaller } from '@waymark/api-keys';

const commissioners = authenticatedCaller('commissioner', 'CurrentCommissioner');

/** The commissioner CommissionerAuthGuard authenticated for this request, if any. */
export const commissionerIdOf: (request: object) => string | undefined = commissioners.of;

/**
 * The authenticated commissioner's id as a handler parameter: `@CurrentCommissioner() commissionerId: string`. On a
 * route that skipped authentication (`@Public()`) there is none, which is a programming error: a 500.
 */
export const CurrentCommissioner = commissioners.param;

/** Where CommissionerAuthGuard puts the commissioner it authenticated. */
export const COMMISSIONER_CALLER = commissioners;
