import type { Event } from '../../api/types';
import { formatDateTime, timeAgo } from '../../format';
import { paths, useLocation } from '../../router';
import { Link } from '../link';

/** Which event is shown, and the way to the oldest, previous, next and latest ones (and raw JSON). */
export function EventNavigation({
  org,
  issueId,
  event,
  current,
}: {
  org: string;
  issueId: string;
  event: Event;
  current: string;
}) {
  const loc = useLocation();
  const q = new URLSearchParams(loc.search);
  const json = q.get('json') === '1';
  const keep = Object.fromEntries([...q.entries()].filter(([k]) => k !== 'json'));
  const to = (eventId: string | null) => (eventId ? paths.issue(org, issueId, eventId, keep) : undefined);
  const jsonHref = paths.issue(org, issueId, current === 'latest' ? undefined : current, {
    ...keep,
    json: json ? undefined : '1',
  });
  const nav: { label: string; href: string | undefined; title: string }[] = [
    {
      label: 'Oldest',
      href: event.previousEventID ? to('oldest') : undefined,
      title: 'First event of this issue',
    },
    { label: 'Older', href: to(event.previousEventID), title: 'Previous event' },
    { label: 'Newer', href: to(event.nextEventID), title: 'Next event' },
    { label: 'Latest', href: event.nextEventID ? to('latest') : undefined, title: 'Most recent event' },
  ];
  return (
    <div className="event-nav">
      <div className="event-id">
        <span className="muted">Event</span> <code title={event.eventID}>{event.eventID.slice(0, 8)}</code>
        <time dateTime={event.dateCreated} title={formatDateTime(event.dateCreated)} className="muted">
          {' '}
          · {timeAgo(event.dateCreated)}
        </time>
        {event.release && <span className="muted"> · {event.release.version}</span>}
        {event.environment && <span className="muted"> · {event.environment}</span>}
      </div>
      <nav className="event-nav-buttons" aria-label="Events of this issue">
        <div className="button-group">
          {nav.map((n) =>
            n.href ? (
              <Link key={n.label} href={n.href} className="btn btn-small" title={n.title}>
                {n.label}
              </Link>
            ) : (
              <button key={n.label} type="button" className="btn btn-small" disabled title={n.title}>
                {n.label}
              </button>
            ),
          )}
        </div>
        <Link href={jsonHref} className={`btn btn-small${json ? ' active' : ''}`} aria-pressed={json} replace>
          JSON
        </Link>
      </nav>
    </div>
  );
}
