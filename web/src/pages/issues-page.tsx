import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api, endpoints, parseLinks } from '../api/client';
import type { Issue } from '../api/types';
import { invalidate, useApi } from '../api/use-api';
import type { BulkAction } from '../components/bulk-actions';
import { Dialog } from '../components/dialog';
import { IssueFilters } from '../components/issue-filters';
import { IssueList } from '../components/issue-list';
import { IssueListSkeleton } from '../components/issue-list-skeleton';
import { KeyboardHints } from '../components/keyboard-hints';
import { FiltersSkeleton } from '../components/filters-skeleton';
import { Link } from '../components/link';
import { SearchBar } from '../components/search-bar';
import { SetupInstructions } from '../components/setup-instructions';
import { toast } from '../components/toaster';
import { fullNumber } from '../format';
import { rememberProject, useCurrentProject } from '../project-context';
import { issuesListUrl, readListParams, type ListParams } from '../issues-query';
import { navigate, paths, queryString, useLocation } from '../router';

const VERB: Record<BulkAction['kind'], string> = {
  resolve: 'Resolved',
  unresolve: 'Unresolved',
  ignore: 'Ignored',
  merge: 'Merged',
  delete: 'Deleted',
};

/** The issue list of a project: search, filters, sort, bulk actions, keyboard, and the empty state. */
export function IssuesPage({ org }: { org: string }) {
  const loc = useLocation();
  const params = useMemo(() => readListParams(loc.search), [loc.search]);
  const current = useCurrentProject(org);
  const project = current.project;
  const slug = project?.slug;
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [confirm, setConfirm] = useState<{ action: BulkAction; ids: string[] } | undefined>();

  // The URL always names the project, so a copied link opens the same list.
  useEffect(() => {
    if (!slug) return;
    rememberProject(org, slug);
    if (new URLSearchParams(loc.search).get('project') !== slug) {
      const q = new URLSearchParams(loc.search);
      q.set('project', slug);
      navigate(`${loc.pathname}?${q.toString()}`, { replace: true });
    }
  }, [slug, org, loc.search, loc.pathname]);

  const update = useCallback(
    (patch: Partial<ListParams>) => {
      const next = { ...params, cursor: '', ...patch };
      navigate(
        paths.issues(org, {
          project: slug,
          query: next.query,
          status: next.status === 'unresolved' ? undefined : next.status,
          level: next.level,
          environment: next.environment,
          release: next.release,
          range: next.range,
          sort: next.sort === 'date' ? undefined : next.sort,
          stats: next.stats === '24h' ? undefined : next.stats,
          cursor: next.cursor,
        }),
        { keepScroll: patch.stats !== undefined },
      );
    },
    [params, org, slug],
  );

  const listUrl = slug ? issuesListUrl(org, slug, params) : null;
  const list = useApi<Issue[]>(listUrl);
  const issues = list.data;
  const empty = issues !== undefined && issues.length === 0;
  // Is the project empty, or do the filters hide everything? One more small question tells.
  const anyUrl =
    slug && empty
      ? endpoints.projectIssues(org, slug) + queryString({ query: ' ', statsPeriod: '', per_page: 1 })
      : null;
  const any = useApi<Issue[]>(anyUrl);
  const projectEmpty = any.data !== undefined && any.data.length === 0;

  // An empty project is watched for its first event.
  useEffect(() => {
    if (!projectEmpty || !slug) return;
    const t = window.setInterval(() => invalidate(endpoints.projectIssues(org, slug)), 3000);
    return () => window.clearInterval(t);
  }, [projectEmpty, org, slug]);

  useEffect(() => setPending(new Set()), [issues]);

  // For the render-time figure: the moment the rows are on screen after a navigation.
  useEffect(() => {
    if (
      issues &&
      issues.length > 0 &&
      performance.getEntriesByName('faultline:issues-visible').length === 0
    ) {
      performance.mark('faultline:issues-visible', { detail: { rows: issues.length } });
    }
  }, [issues]);

  useEffect(() => {
    document.title = `Issues · ${project?.name ?? org} · Faultline`;
  }, [project?.name, org]);

  const perform = useCallback(
    async (action: BulkAction, ids: string[], undoable = true) => {
      if (!slug) return;
      const base =
        endpoints.projectIssues(org, slug) + `?${ids.map((id) => `id=${encodeURIComponent(id)}`).join('&')}`;
      const leaves =
        action.kind === 'delete' ||
        action.kind === 'merge' ||
        (params.status !== 'all' &&
          ((action.kind === 'resolve' && params.status !== 'resolved') ||
            (action.kind === 'ignore' && params.status !== 'ignored') ||
            (action.kind === 'unresolve' && params.status !== 'unresolved')));
      if (leaves) setPending(new Set(ids));
      try {
        if (action.kind === 'delete') await api.del(base);
        else if (action.kind === 'merge') await api.put(base, { merge: 1 });
        else
          await api.put(
            base,
            action.kind === 'resolve'
              ? { status: 'resolved' }
              : action.kind === 'unresolve'
                ? { status: 'unresolved' }
                : { status: 'ignored', statusDetails: action.details },
          );
        invalidate(endpoints.projectIssues(org, slug));
        for (const id of ids) invalidate(endpoints.issue(org, id));
        const what = ids.length === 1 ? '1 issue' : `${ids.length} issues`;
        const undo =
          undoable && (action.kind === 'resolve' || action.kind === 'ignore')
            ? { label: 'Undo', run: () => void perform({ kind: 'unresolve' }, ids, false) }
            : undefined;
        toast(`${VERB[action.kind]} ${what}`, 'info', undo);
      } catch (err) {
        setPending(new Set());
        toast(err instanceof ApiError ? err.detail : String(err), 'error');
      }
    },
    [org, slug, params.status],
  );

  const onAction = useCallback(
    (action: BulkAction, ids: string[]) => {
      if (action.kind === 'delete' || action.kind === 'merge') setConfirm({ action, ids });
      else void perform(action, ids);
    },
    [perform],
  );

  const links = parseLinks(list.headers?.get('link') ?? null);
  const hits = list.headers?.get('x-hits');
  const filtered =
    params.query ||
    params.level ||
    params.environment ||
    params.release ||
    params.range ||
    params.status !== 'unresolved';

  if (!current.loading && current.projects && current.projects.length === 0) {
    return (
      <div className="page narrow">
        <div className="card empty-card">
          <h1 className="page-title">No projects yet</h1>
          <p className="muted">A project collects the errors of one app.</p>
          <Link className="btn btn-primary" href={paths.setup(org)}>
            Create a project
          </Link>
        </div>
      </div>
    );
  }
  if (current.requested && current.projects && !project) {
    return (
      <div className="page narrow">
        <div className="card empty-card" role="alert">
          <h1 className="page-title">Project not found</h1>
          <p className="muted">
            There is no project “{current.requested}” in this organization, or you cannot see it.
          </p>
          <Link className="btn" href={paths.issues(org)}>
            Go to the first project
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <h1 className="page-title">
          Issues
          <span className="page-count" aria-live="polite">
            {hits !== undefined && hits !== null ? fullNumber(hits) : ''}
          </span>
        </h1>
      </div>
      <div className="issues-toolbar">
        {slug ? (
          <SearchBar org={org} project={slug} value={params.query} onSubmit={(query) => update({ query })} />
        ) : (
          <div className="search skeleton" />
        )}
        {slug ? (
          <IssueFilters org={org} project={slug} state={params} onChange={update} />
        ) : (
          <FiltersSkeleton />
        )}
      </div>
      {list.error && (
        <div className="banner banner-error" role="alert">
          {list.error.detail}
        </div>
      )}
      {!issues ? (
        list.error ? null : (
          <IssueListSkeleton rows={12} />
        )
      ) : empty ? (
        projectEmpty && project ? (
          <SetupInstructions org={org} project={project} />
        ) : any.data === undefined ? (
          <IssueListSkeleton rows={3} />
        ) : (
          <div className="card empty-card">
            <h2>{filtered ? 'No issues match' : 'No unresolved issues'}</h2>
            <p className="muted">
              {filtered
                ? 'Nothing matches these filters and this search.'
                : 'Everything is resolved or ignored. Nice work.'}
            </p>
            {filtered && (
              <button
                type="button"
                className="btn"
                onClick={() =>
                  update({
                    query: '',
                    status: 'unresolved',
                    level: '',
                    environment: '',
                    release: '',
                    range: '',
                  })
                }
              >
                Clear filters
              </button>
            )}
          </div>
        )
      ) : (
        <IssueList
          issues={issues}
          org={org}
          statsPeriod={params.stats}
          onStatsPeriod={(stats) => update({ stats, cursor: params.cursor })}
          pending={pending}
          showStatus={params.status === 'all'}
          onAction={onAction}
        />
      )}
      {issues && issues.length > 0 && (
        <nav className="pagination" aria-label="Pages">
          <span className="muted">
            {fullNumber(issues.length)} shown{hits ? ` of ${fullNumber(hits)}` : ''}
          </span>
          <button
            type="button"
            className="btn btn-small"
            disabled={!links.previous || !params.cursor}
            onClick={() => update({ cursor: links.previous ?? '' })}
          >
            Previous
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={!links.next}
            onClick={() => update({ cursor: links.next ?? '' })}
          >
            Next
          </button>
        </nav>
      )}
      {issues && issues.length > 0 && <KeyboardHints />}
      <Dialog
        open={confirm !== undefined}
        title={
          confirm?.action.kind === 'merge'
            ? `Merge ${confirm.ids.length} issues?`
            : `Delete ${confirm?.ids.length ?? 0} issues?`
        }
        onClose={() => setConfirm(undefined)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setConfirm(undefined)}>
              Cancel
            </button>
            <button
              type="button"
              className={confirm?.action.kind === 'delete' ? 'btn btn-danger' : 'btn btn-primary'}
              onClick={() => {
                if (confirm) void perform(confirm.action, confirm.ids);
                setConfirm(undefined);
              }}
            >
              {confirm?.action.kind === 'merge' ? 'Merge' : 'Delete'}
            </button>
          </>
        }
      >
        <p>
          {confirm?.action.kind === 'merge'
            ? 'Their events are combined into the issue with the most events; later events of any of them go there too.'
            : 'The issues and all their events are deleted for good. New events with the same fingerprint start a new issue.'}
        </p>
      </Dialog>
    </div>
  );
}
