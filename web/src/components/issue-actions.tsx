import { useState } from 'react';
import type { Issue } from '../api/types';
import { AssignMenu } from './assign-menu';
import { Dialog } from './dialog';
import { IgnoreMenu } from './ignore-menu';
import { Menu } from './menu';

/** Parses `SHOP-1A` or `42` into an issue id (short ids are the id in base 36 after the last dash). */
function issueIdOf(text: string): string | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return t;
  const m = /-([0-9A-Za-z]+)$/.exec(t);
  if (!m) return undefined;
  const n = parseInt(m[1]!, 36);
  return Number.isSafeInteger(n) && n > 0 ? String(n) : undefined;
}

/** The issue's status actions: resolve (now, in the next or current release), ignore, assign, bookmark, merge, delete. */
export function IssueActions({
  issue,
  org,
  busy,
  onUpdate,
  onMerge,
  onDelete,
}: {
  issue: Issue;
  org: string;
  busy: boolean;
  onUpdate: (body: Record<string, unknown>, done: string) => void;
  onMerge: (otherIds: string[]) => void;
  onDelete: () => void;
}) {
  const [merging, setMerging] = useState(false);
  const [mergeText, setMergeText] = useState('');
  const [deleting, setDeleting] = useState(false);
  const mergeIds = mergeText
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(issueIdOf);
  const mergeValid = mergeIds.length > 0 && mergeIds.every((id) => id !== undefined && id !== issue.id);
  const release = issue.lastRelease?.version;

  return (
    <div className="issue-actions" role="toolbar" aria-label="Issue actions">
      {issue.status === 'unresolved' ? (
        <>
          <div className="button-group">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => onUpdate({ status: 'resolved' }, 'Resolved')}
            >
              Resolve
            </button>
            <Menu
              label="More ways to resolve"
              className="btn btn-primary btn-icon-narrow"
              disabled={busy}
              items={[
                { label: 'Resolve now', onSelect: () => onUpdate({ status: 'resolved' }, 'Resolved') },
                {
                  label: 'Resolve in the next release',
                  hint: 'reopens if it happens in a later one',
                  onSelect: () =>
                    onUpdate({ status: 'resolvedInNextRelease' }, 'Resolved in the next release'),
                },
                ...(release
                  ? [
                      {
                        label: `Resolve in ${release}`,
                        hint: 'the current release',
                        onSelect: () =>
                          onUpdate(
                            { status: 'resolved', statusDetails: { inRelease: release } },
                            `Resolved in ${release}`,
                          ),
                      },
                    ]
                  : []),
              ]}
            >
              <span className="chevron" aria-hidden="true" />
            </Menu>
          </div>
          <IgnoreMenu
            disabled={busy}
            onIgnore={(details) => onUpdate({ status: 'ignored', statusDetails: details }, 'Ignored')}
          />
        </>
      ) : (
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => onUpdate({ status: 'unresolved' }, 'Marked unresolved')}
        >
          {issue.status === 'resolved' ? 'Unresolve' : 'Stop ignoring'}
        </button>
      )}
      <AssignMenu
        org={org}
        assignee={issue.assignedTo}
        onAssign={(to) => onUpdate({ assignedTo: to }, to ? 'Assigned' : 'Unassigned')}
      />
      <button
        type="button"
        className={`btn${issue.isBookmarked ? ' active' : ''}`}
        aria-pressed={issue.isBookmarked}
        aria-label={issue.isBookmarked ? 'Remove bookmark' : 'Bookmark'}
        title={issue.isBookmarked ? 'Remove bookmark' : 'Bookmark'}
        onClick={() =>
          onUpdate(
            { isBookmarked: !issue.isBookmarked },
            issue.isBookmarked ? 'Bookmark removed' : 'Bookmarked',
          )
        }
      >
        <span aria-hidden="true">{issue.isBookmarked ? '★' : '☆'}</span>
      </button>
      <Menu
        label="More issue actions"
        className="btn"
        align="end"
        items={[
          { label: 'Merge with…', onSelect: () => setMerging(true) },
          {
            label: 'Copy link',
            onSelect: () => void navigator.clipboard?.writeText(window.location.href).catch(() => undefined),
          },
          { kind: 'separator' },
          { label: 'Delete…', danger: true, onSelect: () => setDeleting(true) },
        ]}
      >
        <span aria-hidden="true">•••</span>
      </Menu>
      <Dialog
        open={merging}
        title="Merge with other issues"
        onClose={() => setMerging(false)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setMerging(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!mergeValid}
              onClick={() => {
                setMerging(false);
                onMerge(mergeIds.filter((x): x is string => x !== undefined));
              }}
            >
              Merge
            </button>
          </>
        }
      >
        <label className="field">
          <span className="field-label">Issues of this project to merge with {issue.shortId}</span>
          <input
            className="input"
            placeholder="SHOP-1F, SHOP-2A"
            value={mergeText}
            onChange={(e) => setMergeText(e.target.value)}
          />
          <span className="field-hint">All events move to the issue with the most events.</span>
        </label>
      </Dialog>
      <Dialog
        open={deleting}
        title={`Delete ${issue.shortId}?`}
        onClose={() => setDeleting(false)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setDeleting(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                setDeleting(false);
                onDelete();
              }}
            >
              Delete issue
            </button>
          </>
        }
      >
        <p>
          The issue and all its events are deleted for good. A new event with the same fingerprint starts a
          new issue.
        </p>
      </Dialog>
    </div>
  );
}
