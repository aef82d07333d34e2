import { endpoints } from '../../api/client';
import type { Attachment } from '../../api/types';
import { useApi } from '../../api/use-api';
import { formatBytes } from '../../format';
import { Section } from '../section';

const IMAGE = /^image\/(png|jpe?g|gif|webp)$/;

/** Files sent with the event; screenshots and other images are shown inline. */
export function AttachmentsView({
  org,
  project,
  eventId,
}: {
  org: string;
  project: string;
  eventId: string;
}) {
  const list = useApi<Attachment[]>(endpoints.attachments(org, project, eventId));
  const items = Array.isArray(list.data) ? list.data : [];
  if (items.length === 0) return null;
  return (
    <Section id="attachments" title={`Attachments (${items.length})`}>
      <ul className="attachments">
        {items.map((a) => {
          const href = endpoints.attachmentDownload(org, project, eventId, a.name);
          return (
            <li key={a.id} className="attachment">
              {IMAGE.test(a.mimetype) && (
                <a
                  href={href}
                  target="_blank"
                  rel="noreferrer"
                  className="attachment-image"
                  aria-label={`Open ${a.name} full size`}
                >
                  <img src={href} alt={`Attachment ${a.name}`} />
                </a>
              )}
              <div className="attachment-meta">
                <a href={href} download={a.name} className="attachment-name">
                  {a.name}
                </a>
                <span className="muted small">
                  {a.mimetype} · {formatBytes(a.size)}
                </span>
              </div>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
