import { useCallback, useEffect, useRef, useState } from 'react';
import type { Issue } from '../api/types';
import { navigate, paths } from '../router';
import { BulkActions, type BulkAction } from './bulk-actions';
import { IssueRow } from './issue-row';

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  !!t.closest('input:not([type=checkbox]), textarea, select, [contenteditable], dialog[open]');

/**
 * The issues of one page with selection and keyboard control: j/k move, Enter opens, x selects,
 * r resolves, i ignores, e.g. as in Sentry and Gmail.
 */
export function IssueList({
  issues,
  org,
  statsPeriod,
  onStatsPeriod,
  pending,
  showStatus,
  onAction,
}: {
  issues: Issue[];
  org: string;
  statsPeriod: string;
  onStatsPeriod: (p: string) => void;
  pending: ReadonlySet<string>;
  showStatus: boolean;
  onAction: (action: BulkAction, ids: string[]) => void;
}) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string | undefined>();
  const anchor = useRef<string | undefined>(undefined);
  const root = useRef<HTMLDivElement>(null);

  // Selected issues that leave the list (resolved, paged away) are dropped from the selection.
  useEffect(() => {
    setSelected((s) => {
      const ids = new Set(issues.map((i) => i.id));
      const kept = [...s].filter((id) => ids.has(id));
      return kept.length === s.size ? s : new Set(kept);
    });
  }, [issues]);

  const toggle = useCallback(
    (id: string, range: boolean) => {
      setSelected((s) => {
        const next = new Set(s);
        if (range && anchor.current) {
          const a = issues.findIndex((i) => i.id === anchor.current);
          const b = issues.findIndex((i) => i.id === id);
          if (a !== -1 && b !== -1) {
            for (const i of issues.slice(Math.min(a, b), Math.max(a, b) + 1)) next.add(i.id);
            return next;
          }
        }
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      anchor.current = id;
    },
    [issues],
  );

  const act = useCallback(
    (a: BulkAction, ids?: string[]) => {
      const target = ids ?? [...selected];
      if (target.length === 0) return;
      onAction(a, target);
      if (!ids) setSelected(new Set());
    },
    [onAction, selected],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target) || issues.length === 0) return;
      const at = issues.findIndex((i) => i.id === focused);
      const move = (to: number) => {
        const issue = issues[Math.max(0, Math.min(issues.length - 1, to))];
        if (!issue) return;
        setFocused(issue.id);
        root.current?.querySelector(`[data-issue-id="${issue.id}"]`)?.scrollIntoView({ block: 'nearest' });
      };
      const current = at === -1 ? undefined : issues[at];
      const targets = selected.size > 0 ? undefined : current ? [current.id] : undefined;
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          if (e.key === 'ArrowDown' && at === -1) return;
          e.preventDefault();
          move(at + 1);
          break;
        case 'k':
        case 'ArrowUp':
          if (e.key === 'ArrowUp' && at === -1) return;
          e.preventDefault();
          move(at - 1);
          break;
        case 'Enter':
        case 'o':
          if (current && !(e.target instanceof HTMLAnchorElement || e.target instanceof HTMLButtonElement)) {
            e.preventDefault();
            navigate(paths.issue(org, current.id, undefined, { project: current.project.slug }));
          }
          break;
        case 'x':
          if (current) {
            e.preventDefault();
            toggle(current.id, e.shiftKey);
          }
          break;
        case 'r':
          e.preventDefault();
          act({ kind: 'resolve' }, targets);
          break;
        case 'i':
          e.preventDefault();
          act({ kind: 'ignore', details: {} }, targets);
          break;
        case 'u':
          e.preventDefault();
          act({ kind: 'unresolve' }, targets);
          break;
        case 'Escape':
          setSelected(new Set());
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [issues, focused, selected, toggle, act, org]);

  const all = issues.length > 0 && issues.every((i) => selected.has(i.id));
  const some = !all && issues.some((i) => selected.has(i.id));

  return (
    <div
      className="issue-list"
      role="grid"
      aria-label="Issues"
      aria-rowcount={issues.length}
      aria-multiselectable="true"
      ref={root}
    >
      <div className="issue-list-header" role="row">
        <div className="issue-check" role="columnheader">
          <input
            type="checkbox"
            aria-label="Select all issues on this page"
            checked={all}
            ref={(el) => {
              if (el) el.indeterminate = some;
            }}
            onChange={() => setSelected(all ? new Set() : new Set(issues.map((i) => i.id)))}
          />
        </div>
        {selected.size > 0 ? (
          <BulkActions count={selected.size} onAction={(a) => act(a)} />
        ) : (
          <>
            <div className="issue-main col-label" role="columnheader">
              Issue
            </div>
            <div className="issue-graph col-label" role="columnheader">
              <span className="graph-toggle" role="group" aria-label="Graph period">
                {['24h', '14d'].map((p) => (
                  <button
                    key={p}
                    type="button"
                    aria-pressed={statsPeriod === p}
                    className={statsPeriod === p ? 'active' : undefined}
                    onClick={() => onStatsPeriod(p)}
                  >
                    {p}
                  </button>
                ))}
              </span>
            </div>
            <div className="issue-num col-label" role="columnheader">
              Events
            </div>
            <div className="issue-num col-label" role="columnheader">
              Users
            </div>
            <div className="issue-assignee col-label" role="columnheader">
              <span className="visually-hidden">Assignee</span>
            </div>
          </>
        )}
      </div>
      {issues.map((issue) => (
        <IssueRow
          key={issue.id}
          issue={issue}
          org={org}
          statsPeriod={statsPeriod}
          selected={selected.has(issue.id)}
          focused={focused === issue.id}
          pending={pending.has(issue.id)}
          showStatus={showStatus}
          onToggle={toggle}
          onFocus={setFocused}
        />
      ))}
    </div>
  );
}
