import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextClaimSize } from './claim-size.js';

describe('nextClaimSize', () => {
  const cases: {
    name: string;
    last: { claimed: number; digested: number; limit: number };
    max: number;
    expected: number;
  }[] = [
    {
      name: 'claims a quarter more than a time-bound batch got through',
      last: { claimed: 200, digested: 80, limit: 200 },
      max: 200,
      expected: 100,
    },
    {
      name: 'never claims fewer than 16 after a slow batch',
      last: { claimed: 100, digested: 3, limit: 100 },
      max: 200,
      expected: 16,
    },
    {
      name: 'never claims more than the batch size',
      last: { claimed: 200, digested: 190, limit: 200 },
      max: 200,
      expected: 200,
    },
    {
      name: 'doubles while batches digest all they claim',
      last: { claimed: 40, digested: 40, limit: 40 },
      max: 200,
      expected: 80,
    },
    {
      name: 'doubles from the limit, not from a short claim (the spool had fewer ready)',
      last: { claimed: 5, digested: 5, limit: 64 },
      max: 200,
      expected: 128,
    },
    {
      name: 'keeps a batch size below the minimum',
      last: { claimed: 1, digested: 0, limit: 1 },
      max: 1,
      expected: 1,
    },
  ];
  for (const c of cases) test(c.name, () => assert.equal(nextClaimSize(c.last, c.max), c.expected));
});
