import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareReleases } from './release-order.js';
import { statusAfterEvent, type IssueState } from './issue-status.js';

const resolved = (details: IssueState['details']): IssueState => ({
  status: 'resolved',
  substatus: 'ongoing',
  details,
  timesSeen: 10,
  userCount: 2,
});

describe('statusAfterEvent', () => {
  const cases: [string, IssueState, string | undefined, boolean][] = [
    ['a plain resolve regresses on any new event', resolved({}), '1.0.0', true],
    [
      'resolved in 2.0.0: an event from 1.9.0 does not regress',
      resolved({ inRelease: '2.0.0' }),
      '1.9.0',
      false,
    ],
    ['resolved in 2.0.0: an event from 2.0.0 regresses', resolved({ inRelease: '2.0.0' }), '2.0.0', true],
    ['resolved in 2.0.0: an event from 2.1.0 regresses', resolved({ inRelease: '2.0.0' }), '2.1.0', true],
    [
      'resolved in 2.0.0: an event without a release regresses',
      resolved({ inRelease: '2.0.0' }),
      undefined,
      true,
    ],
    [
      'resolved in next release after 1.0.0: an event from 1.0.0 does not regress',
      resolved({ inNextRelease: true, currentRelease: '1.0.0' }),
      '1.0.0',
      false,
    ],
    [
      'resolved in next release after 1.0.0: an event from 1.1.0 regresses',
      resolved({ inNextRelease: true, currentRelease: '1.0.0' }),
      '1.1.0',
      true,
    ],
  ];
  for (const [name, state, release, regressed] of cases) {
    test(name, () => {
      const next = statusAfterEvent(state, release, 1000, compareReleases);
      assert.equal(next.regressed, regressed);
      assert.equal(next.status, regressed ? 'unresolved' : 'resolved');
      if (regressed) assert.equal(next.substatus, 'regressed');
    });
  }

  const ignored = (details: IssueState['details'], timesSeen = 10, userCount = 2): IssueState => ({
    status: 'ignored',
    substatus: 'archived_until_condition_met',
    details,
    timesSeen,
    userCount,
  });
  const ignoreCases: [string, IssueState, boolean][] = [
    ['ignored forever stays ignored', ignored({}), false],
    ['ignored for a duration comes back when it passes', ignored({ ignoreUntil: 900 }), true],
    ['ignored for a duration stays ignored before it passes', ignored({ ignoreUntil: 2000 }), false],
    [
      'ignored until 5 more events comes back at the 5th',
      ignored({ ignoreCount: 5, baselineTimesSeen: 5 }, 10),
      true,
    ],
    [
      'ignored until 5 more events stays ignored at the 4th',
      ignored({ ignoreCount: 5, baselineTimesSeen: 5 }, 9),
      false,
    ],
    [
      'ignored until 3 more users comes back at the 3rd',
      ignored({ ignoreUserCount: 3, baselineUserCount: 1 }, 10, 4),
      true,
    ],
  ];
  for (const [name, state, unignored] of ignoreCases) {
    test(name, () => {
      const next = statusAfterEvent(state, '1.0.0', 1000, compareReleases);
      assert.equal(next.unignored, unignored);
      assert.equal(next.status, unignored ? 'unresolved' : 'ignored');
    });
  }

  test('a new issue becomes ongoing at its second event', () => {
    const next = statusAfterEvent(
      { status: 'unresolved', substatus: 'new', details: {}, timesSeen: 2, userCount: 1 },
      undefined,
      0,
      compareReleases,
    );
    assert.equal(next.substatus, 'ongoing');
  });
});
