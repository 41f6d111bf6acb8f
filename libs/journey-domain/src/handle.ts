import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyCommand } from './commands';
import type { Rejection } from './decision';
import { evolve, stamp } from './evolve';
import { Context } from './rules/context';
import { decide } from './rules/decide';
import type { JourneyState } from './state';

export type Outcome = { ok: true; events: JourneyEvent[]; state: JourneyState } | { ok: false; rejection: Rejection };

/**
 * Decides, stamps and applies a command in one step: what the workflow's Update
 * handler runs. Short notes (what-matters text, help descriptions) are kept in
 * the state but never put in events.
 */
export function handle(state: JourneyState, command: JourneyCommand, ctx: Context): Outcome {
  const decision = decide(state, command, ctx);
  if (!decision.ok) return decision;
  const events = stamp(state, decision.events, ctx.now);
  return { ok: true, events, state: rememberNotes(evolve(state, events), command, events) };
}

function rememberNotes(state: JourneyState, command: JourneyCommand, events: JourneyEvent[]): JourneyState {
  if (command.type === 'record-what-matters') {
    const texts = new Map(command.items.map((i) => [i.itemId, i.text]));
    return {
      ...state,
      whatMatters: state.whatMatters.map((item) =>
        texts.get(item.itemId) ? { ...item, text: texts.get(item.itemId) } : item,
      ),
    };
  }
  if (command.type === 'give-help' && command.description) {
    const seq = events[events.length - 1]?.seq ?? state.seq;
    return { ...state, helpNotes: [...state.helpNotes, { seq, description: command.description }] };
  }
  return state;
}
