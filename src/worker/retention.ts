import type { Database } from '../storage/db.js';
import { deleteEventsBefore } from '../storage/events.js';
import { listProjects } from '../storage/projects.js';
import { getProjectSettings } from '../storage/project-settings.js';

/**
 * Deletes events past each project's retention (90 days unless set), in small batches with a pause
 * between them so ingest and digest keep their turn. Issues keep their counts and first/last seen.
 */
export async function applyRetention(
  database: Database,
  now = Date.now() / 1000,
  pauseMs = 10,
): Promise<number> {
  let total = 0;
  for (const project of await listProjects(database.db)) {
    const { retentionDays } = await getProjectSettings(database.db, project.id);
    const cutoff = now - retentionDays * 86400;
    for (;;) {
      const n = await deleteEventsBefore(database.db, project.id, cutoff);
      total += n;
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
  return total;
}

/** Runs applyRetention a minute after start and then every hour; returns a stop function. */
export function scheduleRetention(database: Database, onError: (err: Error) => void): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    applyRetention(database)
      .catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => (running = false));
  };
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, 3600_000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
