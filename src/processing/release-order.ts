/**
 * Orders two release names. Sentry orders releases by semver when both parse (after an optional
 * `package@` prefix) and otherwise by when they were first seen; we do the same.
 */
export function compareReleases(
  a: string,
  b: string,
  firstSeen: (version: string) => number | undefined = () => undefined,
): number {
  if (a === b) return 0;
  const sa = parseSemver(a);
  const sb = parseSemver(b);
  if (sa && sb && sa.pkg === sb.pkg) return compareSemver(sa, sb);
  const fa = firstSeen(a);
  const fb = firstSeen(b);
  if (fa !== undefined && fb !== undefined && fa !== fb) return fa < fb ? -1 : 1;
  // Nothing to order them by: treat as equal so an unknown order never hides a regression.
  return 0;
}

interface Semver {
  pkg: string;
  nums: number[];
  pre: string[];
}

const SEMVER =
  /^(?:(.+)@)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses `pkg@1.2.3-beta.1+build`, `v2.0`, `1.2.3.4`; undefined for anything else (git shas, names). */
export function parseSemver(version: string): Semver | undefined {
  const m = SEMVER.exec(version.trim());
  if (!m) return undefined;
  return {
    pkg: m[1] ?? '',
    nums: [m[2], m[3], m[4], m[5]].map((n) => (n === undefined ? 0 : Number(n))),
    pre: m[6] ? m[6].split('.') : [],
  };
}

function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 4; i++) {
    const d = a.nums[i]! - b.nums[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  // A pre-release sorts before its release (1.0.0-rc.1 < 1.0.0).
  if (a.pre.length === 0 || b.pre.length === 0)
    return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : undefined;
    const ny = /^\d+$/.test(y) ? Number(y) : undefined;
    if (nx !== undefined && ny !== undefined) {
      if (nx !== ny) return nx < ny ? -1 : 1;
    } else if (x !== y) {
      if (nx !== undefined) return -1;
      if (ny !== undefined) return 1;
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
