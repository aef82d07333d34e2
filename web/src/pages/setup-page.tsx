import { useState, type FormEvent } from 'react';
import { ApiError, api, endpoints } from '../api/client';
import type { Project, Team } from '../api/types';
import { invalidate } from '../api/use-api';
import { rememberProject } from '../project-context';
import { navigate, paths, useLocation } from '../router';
import { useSession } from '../session';
import { PLATFORMS } from '../setup-snippets';

/**
 * First-run set-up (and "new project"): an organization if the person has none, then a project with
 * its platform. The project's issue list then shows its DSN and how to send the first error.
 */
export function SetupPage() {
  const { state, refresh } = useSession();
  const loc = useLocation();
  const orgs = state.status === 'signedIn' ? state.me.organizations : [];
  const orgParam = new URLSearchParams(loc.search).get('org');
  const existing = orgs.find((o) => o.slug === orgParam) ?? (orgParam === null ? undefined : orgs[0]);
  const [mode, setMode] = useState<'existing' | 'new'>(existing || orgs.length > 0 ? 'existing' : 'new');
  const [orgSlug, setOrgSlug] = useState(existing?.slug ?? orgs[0]?.slug ?? '');
  const [orgName, setOrgName] = useState('');
  const [projectName, setProjectName] = useState('');
  const [platform, setPlatform] = useState('node');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const first = orgs.length === 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      let org = orgSlug;
      if (mode === 'new') {
        const created = await api.post<{ slug: string }>(endpoints.organizations, { name: orgName });
        org = created.slug;
      }
      const teams = await api.get<Team[]>(endpoints.orgTeams(org));
      const team =
        teams[0] ?? (await api.post<Team>(endpoints.orgTeams(org), { name: 'Default', slug: 'default' }));
      const project = await api.post<Project>(endpoints.teamProjects(org, team.slug), {
        name: projectName,
        platform,
      });
      invalidate(endpoints.orgProjects(org));
      await refresh();
      rememberProject(org, project.slug);
      navigate(paths.issues(org, { project: project.slug }));
    } catch (err) {
      setError(err instanceof ApiError ? [err.detail, ...err.causes].join(' — ') : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <form className="card setup-card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title" className="page-title">
          {first ? 'Welcome to Faultline' : 'New project'}
        </h1>
        <p className="muted">
          {first
            ? 'Create an organization for your team and a first project for one app. You will get a DSN to paste into its Sentry SDK.'
            : 'A project holds the errors of one app. You will get a DSN to paste into its Sentry SDK.'}
        </p>

        {!first && (
          <fieldset className="field">
            <legend className="field-label">Organization</legend>
            <div className="segmented" role="radiogroup" aria-label="Organization">
              <label className={mode === 'existing' ? 'active' : ''}>
                <input
                  type="radio"
                  name="mode"
                  checked={mode === 'existing'}
                  onChange={() => setMode('existing')}
                />{' '}
                Existing
              </label>
              <label className={mode === 'new' ? 'active' : ''}>
                <input type="radio" name="mode" checked={mode === 'new'} onChange={() => setMode('new')} />{' '}
                New organization
              </label>
            </div>
          </fieldset>
        )}
        {mode === 'existing' && !first ? (
          <label className="field">
            <span className="field-label">Organization</span>
            <select className="input" value={orgSlug} onChange={(e) => setOrgSlug(e.target.value)}>
              {orgs.map((o) => (
                <option key={o.slug} value={o.slug}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="field">
            <span className="field-label">Organization name</span>
            <input
              className="input"
              name="organization"
              required
              maxLength={64}
              placeholder="Acme"
              value={orgName}
              onChange={(e) => setOrgName(e.target.value)}
            />
          </label>
        )}
        <label className="field">
          <span className="field-label">Project name</span>
          <input
            className="input"
            name="project"
            required
            maxLength={64}
            placeholder="checkout-api"
            value={projectName}
            onChange={(e) => setProjectName(e.target.value)}
          />
        </label>
        <fieldset className="field">
          <legend className="field-label">Platform</legend>
          <div className="platform-grid">
            {PLATFORMS.map((p) => (
              <label key={p.id} className={`platform-option${platform === p.id ? ' active' : ''}`}>
                <input
                  type="radio"
                  name="platform"
                  value={p.id}
                  checked={platform === p.id}
                  onChange={() => setPlatform(p.id)}
                />
                {p.label}
              </label>
            ))}
          </div>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create project'}
          </button>
        </div>
      </form>
    </div>
  );
}
