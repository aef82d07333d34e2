import { endpoints } from '../../api/client';
import type { Feedback } from '../../api/types';
import { useApi } from '../../api/use-api';
import { formatDateTime } from '../../format';
import { Section } from '../section';

/** What users wrote about this issue (Sentry's user reports), this event's first. */
export function FeedbackView({ org, issueId, eventId }: { org: string; issueId: string; eventId: string }) {
  const list = useApi<Feedback[]>(endpoints.issueFeedback(org, issueId));
  const items = Array.isArray(list.data) ? [...list.data] : [];
  if (items.length === 0) return null;
  items.sort((a, b) => Number(b.eventID === eventId) - Number(a.eventID === eventId));
  return (
    <Section id="feedback" title={`User feedback (${items.length})`}>
      <ul className="feedback">
        {items.map((f) => (
          <li key={f.id} className="feedback-item">
            <p className="feedback-comment">{f.comments}</p>
            <p className="muted small">
              {f.name || f.email || 'Anonymous'}
              {f.email && f.name ? ` <${f.email}>` : ''} · {formatDateTime(f.dateCreated)}
              {f.eventID === eventId ? ' · this event' : ''}
            </p>
          </li>
        ))}
      </ul>
    </Section>
  );
}
