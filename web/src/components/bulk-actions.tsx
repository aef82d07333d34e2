import { IgnoreMenu } from './ignore-menu';

export type BulkAction =
  | { kind: 'resolve' }
  | { kind: 'unresolve' }
  | { kind: 'ignore'; details: Record<string, number> }
  | { kind: 'merge' }
  | { kind: 'delete' };

/** What can be done to the selected issues at once. */
export function BulkActions({ count, onAction }: { count: number; onAction: (a: BulkAction) => void }) {
  return (
    <div className="bulk-actions" role="toolbar" aria-label="Bulk actions">
      <span className="bulk-count">{count} selected</span>
      <button type="button" className="btn btn-small" onClick={() => onAction({ kind: 'resolve' })}>
        Resolve
      </button>
      <IgnoreMenu className="btn btn-small" onIgnore={(details) => onAction({ kind: 'ignore', details })} />
      <button type="button" className="btn btn-small" onClick={() => onAction({ kind: 'unresolve' })}>
        Unresolve
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={count < 2}
        onClick={() => onAction({ kind: 'merge' })}
        title={count < 2 ? 'Select two or more issues to merge' : undefined}
      >
        Merge
      </button>
      <button
        type="button"
        className="btn btn-small btn-danger-ghost"
        onClick={() => onAction({ kind: 'delete' })}
      >
        Delete
      </button>
    </div>
  );
}
