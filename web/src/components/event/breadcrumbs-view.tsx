import { useState } from 'react';
import type { Breadcrumb } from '../../api/types';
import { displayValue, formatClock } from '../../format';
import { Section } from '../section';

const SHOWN = 12;

function kindOf(b: Breadcrumb): string {
  const c = (b.category ?? '').toLowerCase();
  const t = (b.type ?? '').toLowerCase();
  if (t === 'http' || c === 'fetch' || c === 'xhr' || c.startsWith('http')) return 'http';
  if (t === 'navigation' || c === 'navigation') return 'navigation';
  if (c.startsWith('ui.') || t === 'user') return 'ui';
  if (c === 'console') return 'console';
  if (t === 'query' || c.includes('query') || c.includes('sql')) return 'query';
  if (t === 'error' || b.level === 'error' || b.level === 'fatal') return 'error';
  return 'default';
}

function describe(b: Breadcrumb): string {
  if (b.message) return b.message;
  const d = b.data ?? {};
  if (typeof d.url === 'string')
    return [d.method, d.url, d.status_code].filter((x) => x !== undefined).join(' ');
  if (typeof d.to === 'string') return `${typeof d.from === 'string' ? `${d.from} → ` : ''}${d.to}`;
  return '';
}

/** What happened before the error, oldest first, ending with the event itself. */
export function BreadcrumbsView({
  crumbs,
  eventTime,
  eventLevel,
  eventTitle,
}: {
  crumbs: Breadcrumb[];
  eventTime: string;
  eventLevel: string;
  eventTitle: string;
}) {
  const [all, setAll] = useState(false);
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const matching = f
    ? crumbs.filter((b) =>
        `${b.category ?? ''} ${b.type ?? ''} ${describe(b)} ${b.level ?? ''} ${JSON.stringify(b.data ?? {})}`
          .toLowerCase()
          .includes(f),
      )
    : crumbs;
  const hidden = all || f ? 0 : Math.max(0, matching.length - SHOWN);
  const shown = matching.slice(hidden);
  return (
    <Section
      id="breadcrumbs"
      title={`Breadcrumbs (${crumbs.length})`}
      actions={
        <input
          className="input input-small"
          type="search"
          aria-label="Filter breadcrumbs"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      }
    >
      <ol className="crumbs" aria-label="Breadcrumbs, oldest first">
        {hidden > 0 && (
          <li className="crumbs-more">
            <button type="button" className="link-button" onClick={() => setAll(true)}>
              Show {hidden} earlier breadcrumbs
            </button>
          </li>
        )}
        {shown.map((b, i) => {
          const kind = kindOf(b);
          // Without a message the description is made from the data; showing both would repeat it.
          const data = b.message && b.data && Object.keys(b.data).length > 0 ? b.data : undefined;
          return (
            <li key={i} className={`crumb crumb-${kind}`}>
              <span className="crumb-dot" aria-hidden="true" />
              <span className="crumb-category">{b.category ?? b.type ?? 'default'}</span>
              <span className="crumb-body">
                <span className="crumb-message">{describe(b) || <span className="muted">—</span>}</span>
                {data && <code className="crumb-data">{displayValue(data).replace(/\s+/g, ' ')}</code>}
              </span>
              <span className={`crumb-level level-${b.level ?? 'info'}`}>{b.level ?? 'info'}</span>
              <time className="crumb-time">{formatClock(b.timestamp ?? null)}</time>
            </li>
          );
        })}
        {!f && (
          <li className={`crumb crumb-error crumb-event`}>
            <span className="crumb-dot" aria-hidden="true" />
            <span className="crumb-category">exception</span>
            <span className="crumb-body">
              <span className="crumb-message">{eventTitle}</span>
            </span>
            <span className={`crumb-level level-${eventLevel}`}>{eventLevel}</span>
            <time className="crumb-time">{formatClock(eventTime)}</time>
          </li>
        )}
        {f && shown.length === 0 && (
          <li className="muted small crumbs-more">No breadcrumb matches “{filter}”.</li>
        )}
      </ol>
    </Section>
  );
}
