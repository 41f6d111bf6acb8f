import { NotFoundException } from '@nestjs/common';
import { ProblemException, problemType } from '@waymark/http';
import { commandOutcome, commandTypeOf } from './command-metrics';

describe('command metrics', () => {
  it('names the command a request carries, and nothing for reads or unknown routes', () => {
    expect(commandTypeOf('POST', {})).toBe('open-journey');
    expect(commandTypeOf('POST', { journeyId: 'j1', route: 'contacts' })).toBe('record-contact');
    expect(commandTypeOf('POST', { journeyId: 'j1', route: 'hand-off-acceptances' })).toBe('accept-hand-off');
    expect(commandTypeOf('POST', { journeyId: 'j1', route: 'no-such-thing' })).toBeUndefined();
    expect(commandTypeOf('GET', { journeyId: 'j1' })).toBeUndefined();
  });

  it('tells accepted, refused (with the problem type) and failed apart', () => {
    const problem = (slug: string, status: number) =>
      new ProblemException({ type: problemType(slug), title: slug, status });
    expect(commandOutcome()).toEqual({ result: 'accepted', problem: '' });
    expect(commandOutcome(problem('rule-violated', 422))).toEqual({ result: 'refused', problem: 'rule-violated' });
    expect(commandOutcome(problem('state-conflict', 409))).toEqual({ result: 'refused', problem: 'state-conflict' });
    expect(commandOutcome(ProblemException.validation([]))).toEqual({ result: 'refused', problem: 'validation' });
    expect(commandOutcome(new NotFoundException())).toEqual({ result: 'refused', problem: 'http' });
    expect(commandOutcome(problem('unavailable', 503))).toEqual({ result: 'failed', problem: 'unavailable' });
    expect(commandOutcome(new Error('boom'))).toEqual({ result: 'failed', problem: 'internal' });
  });
});
