import {
  build,
  command,
  day,
  HELP_DESCRIPTION,
  INVOLVED,
  LEAD,
  PERSON_REF,
  WHAT_MATTERS_TEXT,
} from './testing/fixtures';

/** Short notes about the person stay in the (encrypted) workflow state and never reach an event. */
describe('private notes', () => {
  const money = 'Frightened of the bailiffs letters';
  const journey = build
    .involved()
    .do(
      INVOLVED,
      command('record-what-matters', day(4), {
        items: [
          { itemId: 'wm-2', domain: 'money', text: `  ${money}  ` },
          { itemId: 'wm-3', domain: 'work' },
        ],
      }),
    )
    .do(LEAD, command('give-help', day(5), { whatMattersItemIds: ['wm-1', 'wm-2'], description: HELP_DESCRIPTION }))
    .do(INVOLVED, command('give-help', day(6), { whatMattersItemIds: ['wm-3'] }))
    .do(INVOLVED, command('give-help', day(7), { whatMattersItemIds: ['wm-3'], description: 'Second note' }));
  const published = JSON.stringify(journey.events);

  it('keeps what-matters text in the state, trimmed, against its item only', () => {
    expect(journey.state.whatMatters).toEqual([
      { itemId: 'wm-1', domain: 'housing', text: WHAT_MATTERS_TEXT, recordedAt: day(1, 1) },
      { itemId: 'wm-2', domain: 'money', text: money, recordedAt: day(4) },
      { itemId: 'wm-3', domain: 'work', recordedAt: day(4) },
    ]);
  });

  it('keeps help descriptions in the state, against the seq of their help-given event', () => {
    const helpSeqs = journey.events.filter((e) => e.type === 'waymark.journey.help-given.v1').map((e) => e.seq);
    expect(helpSeqs).toHaveLength(3);
    expect(journey.state.helpNotes).toEqual([
      { seq: helpSeqs[0], description: HELP_DESCRIPTION },
      { seq: helpSeqs[2], description: 'Second note' },
    ]);
  });

  it('never puts a note, or the person reference, in any event', () => {
    for (const secret of [WHAT_MATTERS_TEXT, money, HELP_DESCRIPTION, 'Second note', PERSON_REF]) {
      expect(published).not.toContain(secret);
    }
    expect(published).not.toMatch(/"(text|description|personRef)"/);
  });

  it('keeps the person reference in the state only', () => {
    expect(journey.state.personRef).toBe(PERSON_REF);
  });

  it('keeps notes through a closure and re-presentation', () => {
    const later = journey.do(LEAD, command('close-journey', day(10))).do(LEAD, command('record-contact', day(11)));
    expect(later.state.whatMatters.map((i) => i.text)).toEqual([WHAT_MATTERS_TEXT, money, undefined]);
    expect(later.state.helpNotes).toEqual(journey.state.helpNotes);
    expect(JSON.stringify(later.events)).not.toContain(HELP_DESCRIPTION);
  });

  it('a refused command leaves no note behind', () => {
    const outcome = journey.try(
      LEAD,
      command('record-what-matters', day(8), { items: [{ itemId: 'wm-1', domain: 'housing', text: 'New words' }] }),
    );
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(journey.state)).not.toContain('New words');
  });
});
