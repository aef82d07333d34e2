import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  effectiveStatus,
  higherStatus,
  mergeSession,
  sessionAggregatesFromSentry,
  sessionUpdateFromSentry,
  type SessionStatus,
  type SessionUpdate,
} from './session-status.js';

const update = (over: Partial<SessionUpdate> = {}): SessionUpdate => ({
  sessionId: 's1',
  distinctId: 'u1',
  status: 'ok',
  errors: 0,
  release: '1.0.0',
  environment: 'production',
  osName: 'iOS',
  appVersion: '1.0.0',
  appId: 'com.acme.app',
  startedAt: 1000,
  observedAt: 1000,
  durationMs: null,
  ...over,
});

describe('session status', () => {
  const higher: [SessionStatus, SessionStatus, SessionStatus][] = [
    ['ok', 'exited', 'exited'],
    ['exited', 'ok', 'exited'],
    ['ok', 'crashed', 'crashed'],
    ['crashed', 'ok', 'crashed'],
    ['errored', 'abnormal', 'abnormal'],
    ['abnormal', 'errored', 'abnormal'],
    ['crashed', 'abnormal', 'crashed'],
    ['errored', 'errored', 'errored'],
  ];
  for (const [a, b, want] of higher) {
    test(`keeps the higher of ${a} and ${b}: ${want}`, () => assert.equal(higherStatus(a, b), want));
  }

  const effective: [SessionStatus, number, SessionStatus][] = [
    ['ok', 0, 'ok'],
    ['ok', 1, 'errored'],
    ['exited', 2, 'errored'],
    ['exited', 0, 'exited'],
    ['crashed', 1, 'crashed'],
    ['abnormal', 3, 'abnormal'],
  ];
  for (const [status, errors, want] of effective) {
    test(`reads ${status} with ${errors} errors as ${want}`, () =>
      assert.equal(effectiveStatus(status, errors), want));
  }
});

describe('mergeSession', () => {
  test('starts a session from its first report, ended only when the status is not ok', () => {
    const first = mergeSession(undefined, update());
    assert.equal(first.status, 'ok');
    assert.equal(first.endedAt, null);
    assert.equal(first.updatedAt, 1000);
    const crashed = mergeSession(undefined, update({ status: 'crashed', observedAt: 1005 }));
    assert.equal(crashed.endedAt, 1005);
  });

  test('ok then crashed then ok leaves it crashed', () => {
    let s = mergeSession(undefined, update());
    s = mergeSession(s, update({ status: 'crashed', observedAt: 1010, durationMs: 10_000 }));
    s = mergeSession(s, update({ status: 'ok', observedAt: 1020 }));
    assert.equal(s.status, 'crashed');
    assert.equal(s.endedAt, 1010);
    assert.equal(s.durationMs, 10_000);
    assert.equal(s.updatedAt, 1020);
    assert.equal(s.version, 2);
  });

  test('keeps release, environment, OS, app version, bundle id and start from the first report', () => {
    let s = mergeSession(undefined, update());
    s = mergeSession(
      s,
      update({
        status: 'exited',
        release: '2.0.0',
        environment: 'staging',
        osName: 'Android',
        appVersion: '2.0.0',
        appId: 'com.other',
        startedAt: 5,
        observedAt: 2000,
      }),
    );
    assert.deepEqual(
      [s.release, s.environment, s.osName, s.appVersion, s.appId, s.startedAt, s.status],
      ['1.0.0', 'production', 'iOS', '1.0.0', 'com.acme.app', 1000, 'exited'],
    );
  });

  test('fills a missing user once and never replaces it', () => {
    let s = mergeSession(undefined, update({ distinctId: null }));
    s = mergeSession(s, update({ distinctId: 'u2' }));
    s = mergeSession(s, update({ distinctId: 'u3' }));
    assert.equal(s.distinctId, 'u2');
  });

  test('an exited session with errors counts as errored, and a later exit without errors keeps it so', () => {
    let s = mergeSession(undefined, update({ status: 'exited', errors: 1 }));
    assert.equal(s.status, 'errored');
    s = mergeSession(s, update({ status: 'exited', errors: 0 }));
    assert.equal(s.status, 'errored');
    assert.equal(s.errors, 1);
  });
});

describe('Sentry session items', () => {
  test('reads the @sentry/node capture', () => {
    const u = sessionUpdateFromSentry(
      {
        sid: '5c3a79ecf9dc4179a8d7af914bfa6466',
        init: false,
        started: '2026-11-22T23:51:04.902Z',
        timestamp: '2026-11-22T23:51:05.047Z',
        status: 'exited',
        errors: 1,
        did: '42',
        duration: 0.1444,
        attrs: { release: 'demo@1.0.0', environment: 'research' },
      },
      0,
    );
    assert.equal(u.sessionId, '5c3a79ecf9dc4179a8d7af914bfa6466');
    assert.equal(u.distinctId, '42');
    assert.equal(u.release, 'demo@1.0.0');
    assert.equal(u.startedAt, Date.parse('2026-11-22T23:51:04.902Z') / 1000);
    assert.equal(Math.round(u.durationMs ?? 0), 144);
    assert.equal(mergeSession(undefined, u).status, 'errored');
  });

  test('spells a hyphenated and a plain UUID as one session', () => {
    const a = sessionUpdateFromSentry({ sid: '5C3A79EC-F9DC-4179-A8D7-AF914BFA6466' }, 1);
    const b = sessionUpdateFromSentry({ sid: '5c3a79ecf9dc4179a8d7af914bfa6466' }, 1);
    assert.equal(a.sessionId, b.sessionId);
  });

  test('reads aggregates and leaves out empty buckets', () => {
    const rows = sessionAggregatesFromSentry(
      {
        aggregates: [
          { started: '2026-01-01T00:00:00Z', exited: 3, crashed: 1 },
          { started: '2026-01-01T00:01:00Z', did: 7, errored: 2 },
          { started: '2026-01-01T00:02:00Z' },
        ],
        attrs: { release: 'r1' },
      },
      0,
    );
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], {
      release: 'r1',
      environment: null,
      distinctId: null,
      startedAt: Date.parse('2026-01-01T00:00:00Z') / 1000,
      exited: 3,
      errored: 0,
      abnormal: 0,
      crashed: 1,
    });
    assert.equal(rows[1]!.distinctId, '7');
  });
});
