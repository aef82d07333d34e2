import type { EventTag } from '../../api/types';
import { paths } from '../../router';
import { quoteValue } from '../../search-suggestions';
import { Link } from '../link';
import { Section } from '../section';

/** The event's tags; each links to the issues carrying the same tag. */
export function TagsView({ tags, org, project }: { tags: EventTag[]; org: string; project: string }) {
  if (tags.length === 0) return null;
  return (
    <Section id="tags" title="Tags">
      <ul className="tag-chips">
        {tags.map((t) => (
          <li key={`${t.key}=${t.value}`}>
            <Link
              className="tag-chip"
              href={paths.issues(org, { project, status: 'all', query: `${t.key}:${quoteValue(t.value)}` })}
              title={`Issues with ${t.key}: ${t.value}`}
            >
              <span className="tag-key">{t.key}</span>
              <span className="tag-value">{t.value}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Section>
  );
}
