import { CommandOf } from '../commands';
import { accept, Decision, firstRefusal, refuse } from '../decision';
import { JourneyState } from '../state';
import { Context } from './context';
import { mustBeOpen, mustBeTimely, mustTakePart } from './guards';

/** Work on an open journey: done by the lead or an involved provider. */
const mayWork = (state: JourneyState, occurredAt: string, ctx: Context) =>
  firstRefusal(
    () => mustTakePart(state, ctx.actor, ['lead', 'involved']),
    () => mustBeOpen(state),
    () => mustBeTimely(state, occurredAt, ctx.now),
  );

const knownItem = (state: JourneyState, itemId: string) => state.whatMatters.some((i) => i.itemId === itemId);

export function recordWhatMatters(
  state: JourneyState,
  command: CommandOf<'record-what-matters'>,
  ctx: Context,
): Decision {
  const ids = command.items.map((i) => i.itemId);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i || knownItem(state, id));
  const refused =
    mayWork(state, command.occurredAt, ctx) ??
    (repeated
      ? refuse('invalid', 'what-matters-item-exists', `what-matters item ${repeated} is already recorded`, 'items')
      : undefined);
  return (
    refused ??
    accept({
      type: 'waymark.journey.what-matters-recorded.v1',
      time: command.occurredAt,
      data: { providerId: ctx.actor, items: command.items.map(({ itemId, domain }) => ({ itemId, domain })) },
    })
  );
}

export function recordAssessment(state: JourneyState, command: CommandOf<'record-assessment'>, ctx: Context): Decision {
  return (
    mayWork(state, command.occurredAt, ctx) ??
    accept({
      type: 'waymark.journey.assessment-recorded.v1',
      time: command.occurredAt,
      data: { providerId: ctx.actor, assessmentType: command.assessmentType, minutesSpent: command.minutesSpent },
    })
  );
}

export function giveHelp(state: JourneyState, command: CommandOf<'give-help'>, ctx: Context): Decision {
  const unknown = command.whatMattersItemIds.find((id) => !knownItem(state, id));
  const refused =
    mayWork(state, command.occurredAt, ctx) ??
    (unknown
      ? refuse(
          'invalid',
          'unknown-what-matters-item',
          `no what-matters item ${unknown} on this journey`,
          'whatMattersItemIds',
        )
      : undefined);
  return (
    refused ??
    accept({
      type: 'waymark.journey.help-given.v1',
      time: command.occurredAt,
      data: {
        providerId: ctx.actor,
        helpType: command.helpType,
        whatMattersItemIds: [...new Set(command.whatMattersItemIds)],
        minutesSpent: command.minutesSpent,
      },
    })
  );
}

export function rateProgress(state: JourneyState, command: CommandOf<'rate-progress'>, ctx: Context): Decision {
  const item = command.whatMattersItemId;
  const refused =
    mayWork(state, command.occurredAt, ctx) ??
    (item && !knownItem(state, item)
      ? refuse(
          'invalid',
          'unknown-what-matters-item',
          `no what-matters item ${item} on this journey`,
          'whatMattersItemId',
        )
      : undefined);
  return (
    refused ??
    accept({
      type: 'waymark.journey.progress-rated.v1',
      time: command.occurredAt,
      data: { providerId: ctx.actor, rating: command.rating, ...(item ? { whatMattersItemId: item } : {}) },
    })
  );
}
