import { JourneyCommand } from '../commands';
import { Decision } from '../decision';
import { JourneyState } from '../state';
import { closeJourney } from './closure';
import { recordContact } from './contact';
import { Context } from './context';
import { acceptHandOff, declineHandOff, involveProvider, requestHandOff } from './responsibility';
import { giveHelp, rateProgress, recordAssessment, recordWhatMatters } from './work';

/** The one entry point for provider commands: the events they produce, or why not. */
export function decide(state: JourneyState, command: JourneyCommand, ctx: Context): Decision {
  switch (command.type) {
    case 'record-contact':
      return recordContact(state, command, ctx);
    case 'record-what-matters':
      return recordWhatMatters(state, command, ctx);
    case 'record-assessment':
      return recordAssessment(state, command, ctx);
    case 'give-help':
      return giveHelp(state, command, ctx);
    case 'request-hand-off':
      return requestHandOff(state, command, ctx);
    case 'accept-hand-off':
      return acceptHandOff(state, command, ctx);
    case 'decline-hand-off':
      return declineHandOff(state, command, ctx);
    case 'involve-provider':
      return involveProvider(state, command, ctx);
    case 'rate-progress':
      return rateProgress(state, command, ctx);
    case 'close-journey':
      return closeJourney(state, command, ctx);
  }
}
