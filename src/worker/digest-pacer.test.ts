import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { digestPauseMs, type PaceInput } from './digest-pacer.js';

describe('digestPauseMs', () => {
  const cases: [string, PaceInput, number][] = [
    ['does not wait when ingest is idle', { batchMs: 25, ingestBusy: false, loopBusyDuringPause: 1 }, 0],
    ['does not wait when no batch ran', { batchMs: 0, ingestBusy: true, loopBusyDuringPause: 1 }, 0],
    [
      'gives ingest four times the batch when ingest saturated the last pause',
      { batchMs: 25, ingestBusy: true, loopBusyDuringPause: 0.97 },
      100,
    ],
    [
      'gives ingest four times the batch when there was no pause to judge by',
      { batchMs: 10, ingestBusy: true, loopBusyDuringPause: undefined },
      40,
    ],
    [
      'waits only a quarter of the batch when ingest left the loop idle part of the time',
      { batchMs: 20, ingestBusy: true, loopBusyDuringPause: 0.3 },
      5,
    ],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(digestPauseMs(input), expected));
  }
});
