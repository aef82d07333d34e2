import type { Kysely } from 'kysely';
import { probeSite } from '../processing/tag-probe.js';
import type { Schema } from '../storage/schema.js';
import { listTagSites } from '../storage/tag-sites.js';

/** Probes every enabled site with an sGTM URL whose interval has passed; checks every `tickMs`. */
export function scheduleTagProbes(
  db: Kysely<Schema>,
  onError: (err: unknown) => void,
  tickMs = 5000,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      const now = Date.now() / 1000;
      for (const site of await listTagSites(db)) {
        if (!site.enabled || !site.sgtmUrl || !site.settings.probe.enabled) continue;
        if (site.lastProbeAt !== null && now - site.lastProbeAt < site.settings.probe.intervalSeconds)
          continue;
        await probeSite(db, site, now);
      }
    })()
      .catch(onError)
      .finally(() => (busy = false));
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
