/**
 * A workflow change a release could make by mistake: each journey now waits a moment before it starts, without
 * `patched()`. Bundled with the real journey workflow as one more workflow interceptor, it changes the commands a
 * journey's first workflow task makes, so every history written before it no longer replays.
 */
import { sleep, type WorkflowInterceptors } from '@temporalio/workflow';

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      execute: async (input, next) => {
        await sleep('1 second');
        return next(input);
      },
    },
  ],
});
