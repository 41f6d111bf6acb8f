import { isOverloaded } from './journey-client';

/** An error as @temporalio/client's gRPC calls reject: a code, details and metadata. */
const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe('isOverloaded: Temporal refuses for now, worth a 503 and a retry', () => {
  it('is so for too much work, and for an Update while the workflow task is being retried', () => {
    expect(isOverloaded(grpcError(8, 'namespace rate limit exceeded'))).toBe(true);
    const failedTask = grpcError(
      9,
      'Unable to perform workflow execution update due to Workflow Task in failed state.',
    );
    expect(isOverloaded(new Error('Workflow Update failed', { cause: failedTask }))).toBe(true);
  });

  it('is not so for other failed preconditions, other codes, or errors that are not gRPC ones', () => {
    expect(isOverloaded(grpcError(9, 'Workflow execution already completed'))).toBe(false);
    expect(isOverloaded(grpcError(5, 'Workflow Task in failed state'))).toBe(false);
    expect(isOverloaded(new Error('Workflow Task in failed state'))).toBe(false);
  });
});
