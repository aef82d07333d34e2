import { useState } from 'react';
import type { TagSummary } from '../api/types';
import { fullNumber } from '../format';
import { paths } from '../router';
import { quoteValue } from '../search-suggestions';
import { Link } from './link';
import { Skeleton } from './skeleton';

// The keys people look at first; the rest follow alphabetically.
const FIRST = [
  'environment',
  'release',
  'level',
  'browser',
  'os',
  'device',
  'runtime',
  'url',
  'transaction',
  'server_name',
  'user',
];
const SHOWN = 3;
const KEYS_SHOWN = 8;

/** For each tag key, its most frequent values as bars with their share of the issue's events. */
export function TagDistribution({
  tags,
  org,
  project,
}: {
  tags: TagSummary[] | undefined;
  org: string;
  project: string;
}) {
  const [all, setAll] = useState(false);
  if (!tags) {
    return (
      <div className="tag-dist" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="tag-dist-key">
            <Skeleton width={80} height={11} />
            <Skeleton height={16} style={{ marginTop: 6 }} />
          </div>
        ))}
      </div>
    );
  }
  const sorted = [...tags].sort((a, b) => {
    const ia = FIRST.indexOf(a.key);
    const ib = FIRST.indexOf(b.key);
    return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.key.localeCompare(b.key);
  });
  if (sorted.length === 0) return <p className="muted small">No tags yet.</p>;
  return (
    <div className="tag-dist">
      {(all ? sorted : sorted.slice(0, KEYS_SHOWN)).map((t) => (
        <div key={t.key} className="tag-dist-key">
          <div className="tag-dist-head">
            <span className="tag-dist-name">{t.key}</span>
            {t.uniqueValues !== undefined && t.uniqueValues > 1 && (
              <span className="muted small">{t.uniqueValues} values</span>
            )}
          </div>
          <ul className="tag-dist-values">
            {t.topValues.slice(0, SHOWN).map((v) => {
              const share = t.totalValues > 0 ? (v.count / t.totalValues) * 100 : 0;
              return (
                <li key={v.value}>
                  <Link
                    href={paths.issues(org, {
                      project,
                      status: 'all',
                      query: `${t.key}:${quoteValue(v.value)}`,
                    })}
                    className="tag-dist-row"
                    title={`${v.value}: ${fullNumber(v.count)} of ${fullNumber(t.totalValues)} events`}
                  >
                    <span
                      className="tag-dist-bar"
                      style={{ width: `${Math.max(2, share)}%` }}
                      aria-hidden="true"
                    />
                    <span className="tag-dist-value">{v.value}</span>
                    <span className="tag-dist-pct">{Math.round(share)}%</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      {!all && sorted.length > KEYS_SHOWN && (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          Show {sorted.length - KEYS_SHOWN} more tags
        </button>
      )}
    </div>
  );
}
