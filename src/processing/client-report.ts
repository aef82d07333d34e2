/** One count from an SDK's client report: events the SDK itself dropped, and why. */
export interface ClientDiscard {
  reason: string;
  category: string;
  quantity: number;
}

/**
 * Reads a `client_report` item (develop-docs/sdk/telemetry/client-reports): `discarded_events`,
 * plus the older `rate_limited_events`/`filtered_events` lists. Malformed entries are skipped.
 */
export function parseClientReport(raw: unknown): ClientDiscard[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const out: ClientDiscard[] = [];
  const lists: [string, string | undefined][] = [
    ['discarded_events', undefined],
    ['rate_limited_events', 'ratelimit_backoff'],
    ['filtered_events', 'event_processor'],
    ['filtered_sampling_events', 'sample_rate'],
  ];
  for (const [field, fixedReason] of lists) {
    const list = (raw as Record<string, unknown>)[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { reason, category, quantity } = entry as Record<string, unknown>;
      const r = fixedReason ?? reason;
      if (typeof r !== 'string' || typeof category !== 'string') continue;
      const q =
        typeof quantity === 'number' && Number.isFinite(quantity) ? Math.max(0, Math.floor(quantity)) : 1;
      if (q > 0) out.push({ reason: r.slice(0, 100), category: category.slice(0, 50), quantity: q });
    }
  }
  return out;
}
