import type { Kysely } from 'kysely';
import { probeVerdict } from './tag-health.js';
import type { Schema } from '../storage/schema.js';
import {
  insertProbeResult,
  openOrUpdateAlert,
  resolveAlert,
  type ProbeResult,
} from '../storage/tag-alerts.js';
import { markProbed, type TagSite } from '../storage/tag-sites.js';

/**
 * Probr's `http_health` probe: GET `<sgtm_url><endpoint>`; a status other than the expected one, a
 * timeout or a connection error is critical, a slow answer warning or critical by latency, no sGTM
 * URL an `error` (which leaves alerts alone).
 */
export async function runHttpProbe(site: TagSite, now = Date.now() / 1000): Promise<ProbeResult> {
  const p = site.settings.probe;
  const base = { statusCode: null, responseTimeMs: null, executedAt: now };
  if (!site.sgtmUrl) return { ...base, status: 'error', message: 'the site has no sGTM URL' };
  let target: string;
  try {
    target = new URL(p.endpoint, site.sgtmUrl.endsWith('/') ? site.sgtmUrl : `${site.sgtmUrl}/`).toString();
    if (p.endpoint.startsWith('/')) target = site.sgtmUrl.replace(/\/+$/, '') + p.endpoint;
  } catch {
    return { ...base, status: 'error', message: `invalid probe URL ${site.sgtmUrl}${p.endpoint}` };
  }
  const started = performance.now();
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(p.timeoutMs), redirect: 'manual' });
    await res.arrayBuffer().catch(() => undefined);
    const ms = Math.round(performance.now() - started);
    const timed = { ...base, statusCode: res.status, responseTimeMs: ms };
    if (res.status !== p.expectedStatus)
      return {
        ...timed,
        status: 'critical',
        message: `${target} answered ${res.status}, expected ${p.expectedStatus}`,
      };
    if (ms >= p.criticalMs)
      return {
        ...timed,
        status: 'critical',
        message: `${target} took ${ms} ms (critical ≥ ${p.criticalMs} ms)`,
      };
    if (ms >= p.warningMs)
      return {
        ...timed,
        status: 'warning',
        message: `${target} took ${ms} ms (warning ≥ ${p.warningMs} ms)`,
      };
    return { ...timed, status: 'ok', message: `${target} answered ${res.status} in ${ms} ms` };
  } catch (err) {
    const ms = Math.round(performance.now() - started);
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return {
      ...base,
      responseTimeMs: ms,
      status: 'critical',
      message: timedOut
        ? `${target} did not answer within ${p.timeoutMs} ms`
        : `${target}: ${(err as Error).message}`,
    };
  }
}

/** Probes a site now, keeps the result and opens, updates or resolves the probe alert. */
export async function probeSite(
  db: Kysely<Schema>,
  site: TagSite,
  now = Date.now() / 1000,
): Promise<ProbeResult> {
  const result = await runHttpProbe(site, now);
  await insertProbeResult(db, site.id, result);
  await markProbed(db, site.id, result.executedAt);
  const v = probeVerdict(site.name, result);
  if (v === 'clear') await resolveAlert(db, site.id, 'probe:http_health', result.executedAt);
  else if (v) await openOrUpdateAlert(db, site.id, v, result.executedAt);
  return result;
}
