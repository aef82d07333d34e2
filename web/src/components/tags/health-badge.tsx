import type { TagHealth } from '../../api/types';

const LABELS: Record<TagHealth, string> = { ok: 'OK', warning: 'Warning', critical: 'Critical' };

/** A site's health from its open alerts: ok, warning or critical, in its colour. */
export function HealthBadge({ status }: { status: TagHealth }) {
  return (
    <span className={`health-chip health-${status}`} data-status={status}>
      <span className="health-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
