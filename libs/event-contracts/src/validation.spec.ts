import { decodeJourneyEvent, validateJourneyEvent } from './validation';

const opened = {
  specversion: '1.0',
  id: '7b0c1f43-5c1e-4c6b-9d55-1a2b3c4d5e6f:1',
  source: '/waymark/journeys',
  subject: '7b0c1f43-5c1e-4c6b-9d55-1a2b3c4d5e6f',
  time: '2026-11-20T09:30:00.000Z',
  recordedat: '2026-11-29T12:00:00.000Z',
  seq: 1,
  datacontenttype: 'application/json',
  type: 'waymark.journey.opened.v1',
  data: {
    leadProviderId: 'council-housing',
    areaCode: 'E05000001',
    ageBand: '25-34',
  },
};

describe('journey event validation', () => {
  it('accepts a well-formed opened event', () => {
    expect(validateJourneyEvent(opened)).toEqual({ ok: true, event: opened });
  });

  it('decodes from a Kafka message value', () => {
    expect(decodeJourneyEvent(Buffer.from(JSON.stringify(opened)))).toEqual({
      ok: true,
      event: opened,
    });
  });

  it('rejects an unknown type version', () => {
    const result = validateJourneyEvent({
      ...opened,
      type: 'waymark.journey.opened.v9',
    });
    expect(result.ok).toBe(false);
  });

  it('rejects free text or identifiers smuggled into data, naming the field', () => {
    const result = validateJourneyEvent({
      ...opened,
      data: { ...opened.data, name: 'Jane Smith' },
    });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toContain('name');
  });

  it('rejects a seq that is not a positive integer', () => {
    expect(validateJourneyEvent({ ...opened, seq: 0 }).ok).toBe(false);
  });

  it('reports malformed JSON and empty values instead of throwing', () => {
    expect(decodeJourneyEvent('{nope')).toMatchObject({ ok: false });
    expect(decodeJourneyEvent(null)).toEqual({
      ok: false,
      reason: 'message has no value',
    });
  });
});
