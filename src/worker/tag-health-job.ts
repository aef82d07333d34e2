import type { Kysely } from 'kysely';
import { evaluateTagHealth, healthWindow } from '../processing/tag-health.js';
import type { Schema } from '../storage/schema.js';
import { listOpenAlerts, openOrUpdateAlert, resolveAlert } from '../storage/tag-alerts.js';
import { lastSeenAt, pruneAppliedIntake, sumBuckets, sumTags } from '../storage/tag-buckets.js';
import { getTagSite, listTagSites, type TagSite } from '../storage/tag-sites.js';

/** What one evaluation changed. */
export interface HealthChanges {
  opened: string[];
  resolved: string[];
}

/**
 * Evaluates a site's rules at `now` (seconds; tests pass simulated time) and opens, updates or
 * resolves its alerts. Probe alerts are the probe runner's: untouched here. A disabled site's rule
 * alerts are resolved, since nothing is expected from it.
 */
export async function evaluateSiteHealth(
  db: Kysely<Schema>,
  site: TagSite,
  now: number,
): Promise<HealthChanges> {
  const changes: HealthChanges = { opened: [], resolved: [] };
  const open = (await listOpenAlerts(db, site.id)).filter((a) => !a.ruleKey.startsWith('probe:'));
  if (!site.enabled) {
    for (const a of open)
      if (await resolveAlert(db, site.id, a.ruleKey, now)) changes.resolved.push(a.ruleKey);
    return changes;
  }
  const { from, to } = healthWindow(now, site.settings.windowMinutes);
  const [totals, tags, lastSeen] = await Promise.all([
    sumBuckets(db, site.id, from, to),
    sumTags(db, site.id, from, to),
    lastSeenAt(db, site.id, now),
  ]);
  const verdicts = evaluateTagHealth({
    siteName: site.name,
    settings: site.settings,
    now,
    createdAt: site.createdAt,
    lastSeen,
    totals,
    tags,
  });
  for (const [ruleKey, v] of verdicts) {
    if (v === 'clear') {
      if (open.some((a) => a.ruleKey === ruleKey) && (await resolveAlert(db, site.id, ruleKey, now)))
        changes.resolved.push(ruleKey);
    } else if (await openOrUpdateAlert(db, site.id, v, now)) {
      changes.opened.push(ruleKey);
    }
  }
  return changes;
}

/**
 * The periodic health evaluation: every site once a minute, and a site whose data was just folded
 * soon after (debounced, so a burst of payloads costs one evaluation).
 */
export class TagHealthJob {
  private readonly dirty = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly onError: (err: unknown) => void,
    private readonly opts: { intervalMs?: number; debounceMs?: number } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => this.enqueue(() => this.evaluateAll()), this.opts.intervalMs ?? 60_000);
    this.timer.unref();
  }

  /** Called after the digest folded data of `siteId`. */
  markDirty(siteId: number): void {
    this.dirty.add(siteId);
    this.debounce ??= setTimeout(() => {
      this.debounce = undefined;
      const ids = [...this.dirty];
      this.dirty.clear();
      this.enqueue(async () => {
        for (const id of ids) {
          const site = await getTagSite(this.db, id);
          if (site) await evaluateSiteHealth(this.db, site, Date.now() / 1000);
        }
      });
    }, this.opts.debounceMs ?? 1000);
    this.debounce.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    await this.running;
  }

  private enqueue(task: () => Promise<void>): void {
    this.running = this.running.then(task).catch(this.onError);
  }

  private async evaluateAll(): Promise<void> {
    const now = Date.now() / 1000;
    for (const site of await listTagSites(this.db)) await evaluateSiteHealth(this.db, site, now);
    // A redelivery follows a crash by seconds; a week of applied keys is plenty.
    await pruneAppliedIntake(this.db, now - 7 * 86_400);
  }
}
