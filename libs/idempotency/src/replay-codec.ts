import { SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';

/**
 * What an idempotency record keeps of a route's successful answer, and how the answer is made again from it. Records
 * keep only what a replay needs: a route whose answer holds personal data names a codec that leaves it out.
 */
export interface ReplayCodec<Answer = unknown, Kept = unknown> {
  keep(answer: Answer): Kept;
  /**
   * The answer again, from what was kept and the repeated request. The fingerprint guarantees that the request has the
   * first one's method, path and body, so what the answer took from the body can be taken from it again.
   */
  replay(kept: Kept, request: Request, response: Response): Answer;
}

export const REPLAY_CODEC = 'waymark:idempotency-replay-codec';

/** Names the codec a route's answers are kept with; without one, the answer is kept as it is. */
export const ReplayWith = <Answer, Kept>(codec: ReplayCodec<Answer, Kept>) => SetMetadata(REPLAY_CODEC, codec);

export const KEEP_AS_IS: ReplayCodec = { keep: (answer) => answer, replay: (kept) => kept };
