import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../../lib/errors.js';
import type { IssueSearch } from '../../storage/issue-query.js';
import { parseSearch } from './parse-search.js';

describe('parseSearch', () => {
  const cases: [string, IssueSearch][] = [
    ['', { filters: [] }],
    ['   ', { filters: [] }],
    ['is:unresolved', { filters: [{ kind: 'status', status: 'unresolved', negated: false }] }],
    ['is:resolved', { filters: [{ kind: 'status', status: 'resolved', negated: false }] }],
    ['is:ignored', { filters: [{ kind: 'status', status: 'ignored', negated: false }] }],
    ['is:archived', { filters: [{ kind: 'status', status: 'ignored', negated: false }] }],
    ['!is:resolved', { filters: [{ kind: 'status', status: 'resolved', negated: true }] }],
    ['is:assigned', { filters: [{ kind: 'assigned', assigned: true }] }],
    ['is:unassigned', { filters: [{ kind: 'assigned', assigned: false }] }],
    ['!is:assigned', { filters: [{ kind: 'assigned', assigned: false }] }],
    ['is:bookmarked', { filters: [{ kind: 'bookmarked', negated: false }] }],
    ['is:regressed', { filters: [{ kind: 'substatus', substatus: 'regressed', negated: false }] }],
    ['is:new', { filters: [{ kind: 'substatus', substatus: 'new', negated: false }] }],
    // Keys are case-sensitive (tag keys are); values of `is:` are not.
    ['IS:Unresolved', { filters: [{ kind: 'tag', key: 'IS', values: ['Unresolved'], negated: false }] }],
    ['is:UNRESOLVED', { filters: [{ kind: 'status', status: 'unresolved', negated: false }] }],
    ['level:error', { filters: [{ kind: 'level', values: ['error'], negated: false }] }],
    ['level:[error, fatal]', { filters: [{ kind: 'level', values: ['error', 'fatal'], negated: false }] }],
    ['!level:info', { filters: [{ kind: 'level', values: ['info'], negated: true }] }],
    [
      'release:shop@1.2.3',
      { filters: [{ kind: 'tag', key: 'release', values: ['shop@1.2.3'], negated: false }] },
    ],
    [
      'environment:production',
      { filters: [{ kind: 'tag', key: 'environment', values: ['production'], negated: false }] },
    ],
    [
      '!environment:staging',
      { filters: [{ kind: 'tag', key: 'environment', values: ['staging'], negated: true }] },
    ],
    ['browser:Chrome', { filters: [{ kind: 'tag', key: 'browser', values: ['Chrome'], negated: false }] }],
    [
      'route:"/checkout now"',
      { filters: [{ kind: 'tag', key: 'route', values: ['/checkout now'], negated: false }] },
    ],
    [
      'route:"say \\"hi\\""',
      { filters: [{ kind: 'tag', key: 'route', values: ['say "hi"'], negated: false }] },
    ],
    ['tags[my key]:v', { filters: [{ kind: 'tag', key: 'my key', values: ['v'], negated: false }] }],
    ['url:http://x/y', { filters: [{ kind: 'tag', key: 'url', values: ['http://x/y'], negated: false }] }],
    ['user.id:42', { filters: [{ kind: 'tag', key: 'user', values: ['id:42'], negated: false }] }],
    [
      'user.email:ada@example.com',
      { filters: [{ kind: 'tag', key: 'user.email', values: ['ada@example.com'], negated: false }] },
    ],
    ['user:id:42', { filters: [{ kind: 'tag', key: 'user', values: ['id:42'], negated: false }] }],
    ['has:browser', { filters: [{ kind: 'has', key: 'browser', negated: false }] }],
    ['!has:user', { filters: [{ kind: 'has', key: 'user', negated: true }] }],
    ['age:-24h', { filters: [{ kind: 'seen', field: 'firstSeen', op: '>=', time: { ago: 86400 } }] }],
    ['age:+7d', { filters: [{ kind: 'seen', field: 'firstSeen', op: '<', time: { ago: 604800 } }] }],
    ['!age:-24h', { filters: [{ kind: 'seen', field: 'firstSeen', op: '<', time: { ago: 86400 } }] }],
    ['lastSeen:-1h', { filters: [{ kind: 'seen', field: 'lastSeen', op: '>=', time: { ago: 3600 } }] }],
    ['lastSeen:-30m', { filters: [{ kind: 'seen', field: 'lastSeen', op: '>=', time: { ago: 1800 } }] }],
    ['firstSeen:+2w', { filters: [{ kind: 'seen', field: 'firstSeen', op: '<', time: { ago: 1209600 } }] }],
    [
      'age:>2024-05-01',
      { filters: [{ kind: 'seen', field: 'firstSeen', op: '>', time: { at: Date.UTC(2024, 4, 1) / 1000 } }] },
    ],
    [
      'lastSeen:<=2024-05-01T12:00:00Z',
      {
        filters: [
          { kind: 'seen', field: 'lastSeen', op: '<=', time: { at: Date.UTC(2024, 4, 1, 12) / 1000 } },
        ],
      },
    ],
    ['firstRelease:1.0.0', { filters: [{ kind: 'firstRelease', values: ['1.0.0'], negated: false }] }],
    ['!firstRelease:1.0.0', { filters: [{ kind: 'firstRelease', values: ['1.0.0'], negated: true }] }],
    ['times_seen:>10', { filters: [{ kind: 'timesSeen', op: '>', value: 10 }] }],
    ['timesSeen:<=3', { filters: [{ kind: 'timesSeen', op: '<=', value: 3 }] }],
    ['times_seen:5', { filters: [{ kind: 'timesSeen', op: '=', value: 5 }] }],
    ['!times_seen:>10', { filters: [{ kind: 'timesSeen', op: '<=', value: 10 }] }],
    ['checkout', { filters: [], text: 'checkout' }],
    ['"card declined"', { filters: [], text: 'card declined' }],
    ['message:"card declined"', { filters: [], text: 'card declined' }],
    ['!checkout', { filters: [], text: '!checkout' }],
    [
      'is:unresolved level:error browser:Chrome checkout failed',
      {
        filters: [
          { kind: 'status', status: 'unresolved', negated: false },
          { kind: 'level', values: ['error'], negated: false },
          { kind: 'tag', key: 'browser', values: ['Chrome'], negated: false },
        ],
        text: 'checkout failed',
      },
    ],
  ];
  for (const [query, want] of cases) {
    test(`parses ${JSON.stringify(query)}`, () => assert.deepEqual(parseSearch(query), want));
  }

  const bad: [string, RegExp][] = [
    ['is:sleeping', /unknown value "is:sleeping"/],
    ['is:[resolved, ignored]', /takes one value/],
    ['level:loud', /unknown level "loud"/],
    ['release:', /"release:" needs a value/],
    ['release: 1.0', /"release:" needs a value/],
    ['route:"unterminated', /unterminated quote/],
    ['"free text', /unterminated quote/],
    ['level:[error, fatal', /unterminated list|expected/],
    ['level:[error,,fatal]', /empty value/],
    ['age:24h', /relative time like -24h/],
    ['age:-24y', /relative time like -24h/],
    ['age:>2024-13-45', /not a valid date/],
    ['times_seen:many', /expects a number/],
    ['!times_seen:10', /cannot be negated/],
    ['!message:boom', /cannot be negated/],
  ];
  for (const [query, message] of bad) {
    test(`refuses ${JSON.stringify(query)} with a clear message`, () => {
      assert.throws(
        () => parseSearch(query),
        (err: unknown) => err instanceof ValidationError && message.test(err.message),
      );
    });
  }
});
