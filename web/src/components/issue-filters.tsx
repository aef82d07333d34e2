import { endpoints } from '../api/client';
import type { Release } from '../api/types';
import { useApi } from '../api/use-api';
import { FilterSelect } from './filter-select';

export interface IssueFilterState {
  status: string;
  level: string;
  environment: string;
  release: string;
  range: string;
  sort: string;
}

const STATUSES = [
  { id: 'unresolved', label: 'Unresolved' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'ignored', label: 'Ignored' },
  { id: 'all', label: 'All' },
];

export const SORTS = [
  { id: 'date', label: 'Last seen' },
  { id: 'new', label: 'First seen' },
  { id: 'freq', label: 'Events' },
  { id: 'user', label: 'Users' },
];

export const RANGES = [
  { id: '', label: 'Any time' },
  { id: '1h', label: 'Last hour' },
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
  { id: '14d', label: 'Last 14 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
];

const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'];

/** Status, level, environment, release, time range and sort: each one a URL parameter. */
export function IssueFilters({
  org,
  project,
  state,
  onChange,
}: {
  org: string;
  project: string;
  state: IssueFilterState;
  onChange: (patch: Partial<IssueFilterState>) => void;
}) {
  const releases = useApi<Release[]>(endpoints.projectReleases(org, project));
  const environments = useApi<{ value: string }[]>(endpoints.projectTagValues(org, project, 'environment'));
  const envList = Array.isArray(environments.data) ? environments.data.map((e) => e.value) : [];
  if (state.environment && !envList.includes(state.environment)) envList.unshift(state.environment);
  const releaseList = Array.isArray(releases.data) ? releases.data.map((r) => r.version) : [];
  if (state.release && !releaseList.includes(state.release)) releaseList.unshift(state.release);

  return (
    <div className="filters">
      <div className="segmented" role="group" aria-label="Status">
        {STATUSES.map((s) => (
          <button
            key={s.id}
            type="button"
            aria-pressed={state.status === s.id}
            className={state.status === s.id ? 'active' : undefined}
            onClick={() => onChange({ status: s.id })}
          >
            {s.label}
          </button>
        ))}
      </div>
      <FilterSelect
        label="Level"
        value={state.level}
        onChange={(level) => onChange({ level })}
        options={[
          { id: '', label: 'Any' },
          ...LEVELS.map((l) => ({ id: l, label: l[0]!.toUpperCase() + l.slice(1) })),
        ]}
      />
      <FilterSelect
        label="Environment"
        value={state.environment}
        onChange={(environment) => onChange({ environment })}
        options={[{ id: '', label: 'All' }, ...envList.map((e) => ({ id: e, label: e }))]}
      />
      <FilterSelect
        label="Release"
        value={state.release}
        onChange={(release) => onChange({ release })}
        options={[{ id: '', label: 'All' }, ...releaseList.map((r) => ({ id: r, label: r }))]}
      />
      <FilterSelect
        label="Seen"
        value={state.range}
        onChange={(range) => onChange({ range })}
        options={RANGES}
      />
      <FilterSelect
        label="Sort"
        value={state.sort}
        onChange={(sort) => onChange({ sort })}
        options={SORTS}
        defaultValue="date"
      />
    </div>
  );
}
