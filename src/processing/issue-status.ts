import type { IssueStatus, IssueSubstatus } from '../storage/schema.js';

/** What a resolve or ignore recorded; kept as JSON on the issue (Sentry's `statusDetails`). */
export interface StatusDetails {
  /** Resolved in this release: events from older releases are expected and do not reopen it. */
  inRelease?: string;
  /** Resolved in the release after `currentRelease` (the newest one when it was resolved). */
  inNextRelease?: boolean;
  currentRelease?: string;
  /** Ignored until this time (seconds since the epoch). */
  ignoreUntil?: number;
  /** Ignored until this many more events / users than at the time of ignoring. */
  ignoreCount?: number;
  ignoreUserCount?: number;
  baselineTimesSeen?: number;
  baselineUserCount?: number;
}

export interface IssueState {
  status: IssueStatus;
  substatus: IssueSubstatus;
  details: StatusDetails;
  timesSeen: number;
  userCount: number;
}

export interface StatusChange {
  status: IssueStatus;
  substatus: IssueSubstatus;
  details: StatusDetails;
  regressed: boolean;
  unignored: boolean;
}

/**
 * Where an issue's status goes after it receives an event (its counters already include it).
 * A resolved issue regresses only when the event's release is not older than the resolving one —
 * release-aware as Bugsink's `regressions.py` and Sentry's "resolved in release" are; an event
 * without a release cannot be ordered, so it reopens the issue rather than hide a regression.
 */
export function statusAfterEvent(
  state: IssueState,
  eventRelease: string | undefined,
  now: number,
  compare: (a: string, b: string) => number,
): StatusChange {
  const same: StatusChange = { ...state, regressed: false, unignored: false };
  if (state.status === 'resolved') {
    const d = state.details;
    if (eventRelease !== undefined) {
      if (d.inRelease !== undefined && compare(eventRelease, d.inRelease) < 0) return same;
      if (d.inNextRelease && d.currentRelease !== undefined && compare(eventRelease, d.currentRelease) <= 0)
        return same;
    }
    return { status: 'unresolved', substatus: 'regressed', details: {}, regressed: true, unignored: false };
  }
  if (state.status === 'ignored') {
    const d = state.details;
    const expired =
      (d.ignoreUntil !== undefined && now >= d.ignoreUntil) ||
      (d.ignoreCount !== undefined && state.timesSeen - (d.baselineTimesSeen ?? 0) >= d.ignoreCount) ||
      (d.ignoreUserCount !== undefined && state.userCount - (d.baselineUserCount ?? 0) >= d.ignoreUserCount);
    if (expired)
      return {
        status: 'unresolved',
        substatus: 'escalating',
        details: {},
        regressed: false,
        unignored: true,
      };
    return same;
  }
  if (state.substatus === 'new' && state.timesSeen > 1) return { ...same, substatus: 'ongoing' };
  return same;
}
