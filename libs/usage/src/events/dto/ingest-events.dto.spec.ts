import { describe, expect, it } from '@jest/globals';
import { usageEventProblem } from './ingest-events.dto.js';

const ok = {
  clientEventId: 'cổng-1:Đ',
  kind: 'visit',
  locationId: '3f1c2a4e-1b2c-4d5e-8f90-123456789abc',
  occurredAt: '2025-01-01T00:00:00+07:00',
};

describe('usage event validation (hand-written for 10,000-event batches)', () => {
  it('accepts a well-formed event, with Vietnamese ids in NFC or NFD', () => {
    expect(usageEventProblem(ok)).toBeUndefined();
    expect(
      usageEventProblem({
        ...ok,
        clientEventId: 'cổng-1:Đ'.normalize('NFD'),
        patronKey: 'k',
        quantity: 3,
        basis: 'estimated',
      }),
    ).toBeUndefined();
    expect(usageEventProblem({ ...ok, crossings: 245 })).toBeUndefined();
  });
  it('names the first problem', () => {
    expect(usageEventProblem(null)).toBe('must be an object');
    expect(usageEventProblem([ok])).toBe('must be an object');
    expect(usageEventProblem({ ...ok, isAdmin: true })).toBe('property isAdmin should not exist');
    expect(usageEventProblem({ ...ok, clientEventId: '' })).toMatch(/clientEventId/);
    expect(usageEventProblem({ ...ok, clientEventId: 'x'.repeat(201) })).toMatch(/clientEventId/);
    expect(usageEventProblem({ ...ok, kind: 'lượt_đến' })).toMatch(/^kind must be one of/);
    expect(usageEventProblem({ ...ok, locationId: 'thư-viện-1' })).toBe('locationId must be a UUID');
    expect(usageEventProblem({ ...ok, occurredAt: '2025-01-01T00:00:00' })).toMatch(/time zone/);
    expect(usageEventProblem({ ...ok, occurredAt: '2025-02-30T00:00:00Zx' })).toMatch(/time zone/);
    expect(usageEventProblem({ ...ok, quantity: 1.5 })).toMatch(/quantity/);
    expect(usageEventProblem({ ...ok, quantity: -1 })).toMatch(/quantity/);
    expect(usageEventProblem({ ...ok, quantity: '2' })).toMatch(/quantity/);
    expect(usageEventProblem({ ...ok, crossings: 2 ** 40 })).toMatch(/crossings/);
    expect(usageEventProblem({ ...ok, basis: 'guessed' })).toMatch(/basis/);
  });
});
