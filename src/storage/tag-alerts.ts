import type { Kysely, Transaction } from 'kysely';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export type TagAlertSeverity = 'warning' | 'critical';

export interface TagAlert {
  id: number;
  siteId: number;
  ruleKey: string;
  rule: string;
  severity: TagAlertSeverity;
  title: string;
  message: string;
  openedAt: number;
  updatedAt: number;
  resolvedAt: number | null;
}

/** A condition that holds right now, as the rule evaluator reports it. */
export interface FiringCondition {
  ruleKey: string;
  rule: string;
  severity: TagAlertSeverity;
  title: string;
  message: string;
}

function toAlert(r: {
  id: number;
  project_id: number;
  rule_key: string;
  rule: string;
  severity: string;
  title: string;
  message: string;
  opened_at: number;
  updated_at: number;
  resolved_at: number | null;
}): TagAlert {
  return {
    id: Number(r.id),
    siteId: Number(r.project_id),
    ruleKey: r.rule_key,
    rule: r.rule,
    severity: r.severity === 'critical' ? 'critical' : 'warning',
    title: r.title,
    message: r.message,
    openedAt: Number(r.opened_at),
    updatedAt: Number(r.updated_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  };
}

/** The site's open alerts. */
export async function listOpenAlerts(db: Db, siteId: number): Promise<TagAlert[]> {
  const rows = await db
    .selectFrom('tag_alerts')
    .selectAll()
    .where('project_id', '=', siteId)
    .where('resolved_at', 'is', null)
    .orderBy('opened_at')
    .execute();
  return rows.map(toAlert);
}

/** Opens an alert for `c`, or updates the open one's severity and message. Returns true when opened. */
export async function openOrUpdateAlert(
  db: Db,
  siteId: number,
  c: FiringCondition,
  now: number,
): Promise<boolean> {
  const updated = await db
    .updateTable('tag_alerts')
    .set({ severity: c.severity, title: c.title, message: c.message, updated_at: now })
    .where('project_id', '=', siteId)
    .where('rule_key', '=', c.ruleKey)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return false;
  // The partial unique index keeps one open alert per rule even if two evaluations race.
  const inserted = await db
    .insertInto('tag_alerts')
    .values({
      project_id: siteId,
      rule_key: c.ruleKey,
      rule: c.rule,
      severity: c.severity,
      title: c.title,
      message: c.message,
      opened_at: now,
      updated_at: now,
      resolved_at: null,
    })
    .onConflict((oc) => oc.columns(['project_id', 'rule_key']).where('resolved_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Resolves the open alert of `ruleKey`, if any. Returns true when one was resolved. */
export async function resolveAlert(db: Db, siteId: number, ruleKey: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('tag_alerts')
    .set({ resolved_at: now, updated_at: now })
    .where('project_id', '=', siteId)
    .where('rule_key', '=', ruleKey)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A site's alerts, newest first: `open`, `resolved` or both. */
export async function listAlerts(
  db: Db,
  siteId: number,
  status: 'open' | 'resolved' | 'all',
  limit: number,
): Promise<TagAlert[]> {
  let q = db.selectFrom('tag_alerts').selectAll().where('project_id', '=', siteId);
  if (status === 'open') q = q.where('resolved_at', 'is', null);
  if (status === 'resolved') q = q.where('resolved_at', 'is not', null);
  return (await q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toAlert);
}

/** The newest alerts of several sites. */
export async function listRecentAlerts(db: Db, siteIds: number[], limit: number): Promise<TagAlert[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .selectFrom('tag_alerts')
    .selectAll()
    .where('project_id', 'in', siteIds)
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAlert);
}

/** Open alerts of several sites. */
export async function listOpenAlertsOf(db: Db, siteIds: number[]): Promise<TagAlert[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .selectFrom('tag_alerts')
    .selectAll()
    .where('project_id', 'in', siteIds)
    .where('resolved_at', 'is', null)
    .execute();
  return rows.map(toAlert);
}

export interface ProbeResult {
  status: 'ok' | 'warning' | 'critical' | 'error';
  statusCode: number | null;
  responseTimeMs: number | null;
  message: string;
  executedAt: number;
}

/** Keeps one probe result. */
export async function insertProbeResult(db: Db, siteId: number, r: ProbeResult): Promise<void> {
  await db
    .insertInto('tag_probe_results')
    .values({
      project_id: siteId,
      status: r.status,
      status_code: r.statusCode,
      response_time_ms: r.responseTimeMs,
      message: r.message,
      executed_at: r.executedAt,
    })
    .execute();
}

/** A site's probe results, newest first. */
export async function listProbeResults(db: Db, siteId: number, limit: number): Promise<ProbeResult[]> {
  const rows = await db
    .selectFrom('tag_probe_results')
    .selectAll()
    .where('project_id', '=', siteId)
    .orderBy('executed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    status: r.status === 'ok' || r.status === 'warning' || r.status === 'critical' ? r.status : 'error',
    statusCode: r.status_code === null ? null : Number(r.status_code),
    responseTimeMs: r.response_time_ms === null ? null : Number(r.response_time_ms),
    message: r.message,
    executedAt: Number(r.executed_at),
  }));
}
