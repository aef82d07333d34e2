/**
 * Crash-free rates per release, from session counts (the contract's "⚡ Crash-free" screen):
 * crash-free users = (users − users with a crashed session) / users, keyed by the anonymous user
 * id; crash-free sessions likewise. Abnormal sessions (killed by the OS, app hangs) are reported but
 * are not crashes, as in Sentry's `crash_free_rate`.
 */

/** Session and user counts of one release over the reporting window. */
export interface ReleaseCounts {
  release: string | null;
  sessions: number;
  errored: number;
  abnormal: number;
  crashed: number;
  users: number;
  crashedUsers: number;
}

/** The colour band of a crash-free rate: green ≥ 99 %, yellow 95–99 %, red below 95 %. */
export type HealthBand = 'green' | 'yellow' | 'red';

export interface ReleaseHealth {
  release: string | null;
  sessions: { total: number; healthy: number; errored: number; abnormal: number; crashed: number };
  users: { total: number; crashed: number };
  /** Percentages, or null when there is nothing to divide by. */
  crashFreeSessions: number | null;
  crashFreeUsers: number | null;
  band: HealthBand | null;
}

/** `(total − crashed) / total` as a percentage with four decimals; null for an empty total. */
export function crashFreeRate(total: number, crashed: number): number | null {
  if (total <= 0) return null;
  return Math.round(((total - crashed) / total) * 100 * 10_000) / 10_000;
}

/** The band of a rate. */
export function healthBand(rate: number | null): HealthBand | null {
  if (rate === null) return null;
  if (rate >= 99) return 'green';
  return rate >= 95 ? 'yellow' : 'red';
}

/**
 * One release's health. The band follows crash-free users, the rate the screen shows; without user
 * ids (SDKs that send none) it follows crash-free sessions.
 */
export function summarizeRelease(c: ReleaseCounts): ReleaseHealth {
  const crashFreeUsers = crashFreeRate(c.users, c.crashedUsers);
  const crashFreeSessions = crashFreeRate(c.sessions, c.crashed);
  return {
    release: c.release,
    sessions: {
      total: c.sessions,
      healthy: c.sessions - c.errored - c.abnormal - c.crashed,
      errored: c.errored,
      abnormal: c.abnormal,
      crashed: c.crashed,
    },
    users: { total: c.users, crashed: c.crashedUsers },
    crashFreeSessions,
    crashFreeUsers,
    band: healthBand(crashFreeUsers ?? crashFreeSessions),
  };
}
