/**
 * How many intake records the digest should claim next. A batch ends at its time budget, usually
 * before it has digested all it claimed, and what was claimed but not digested is read from the
 * spool again next time: so claim about what the last batch got through (a quarter more, at least
 * `MIN_CLAIM`), and double again while batches digest everything they claim, up to `max`.
 */
export function nextClaimSize(
  last: { claimed: number; digested: number; limit: number },
  max: number,
): number {
  if (last.digested < last.claimed) {
    return Math.min(max, Math.max(MIN_CLAIM, Math.ceil(last.digested * 1.25)));
  }
  return Math.min(max, last.limit * 2);
}

/** Below this, the cost of a claim query would no longer be spread over enough records. */
export const MIN_CLAIM = 16;
