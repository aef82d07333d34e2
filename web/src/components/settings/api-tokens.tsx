import { useState, type FormEvent } from 'react';
import { ApiError, api, endpoints } from '../../api/client';
import type { ApiToken } from '../../api/types';
import { invalidate, useApi } from '../../api/use-api';
import { formatDateTime, timeAgo } from '../../format';
import { CopyButton } from '../copy-button';
import { Skeleton } from '../skeleton';
import { toast } from '../toaster';

const SCOPES = [
  { id: 'project:read', label: 'project:read' },
  { id: 'project:releases', label: 'project:releases' },
  { id: 'project:write', label: 'project:write' },
  { id: 'event:read', label: 'event:read' },
  { id: 'event:write', label: 'event:write' },
  { id: 'event:admin', label: 'event:admin' },
  { id: 'org:read', label: 'org:read' },
  { id: 'member:read', label: 'member:read' },
];

/** Your API tokens (for sentry-cli and scripts): create one (shown once), see them, revoke them. */
export function ApiTokens() {
  const tokens = useApi<ApiToken[]>(endpoints.apiTokens);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<string>>(
    new Set(['project:read', 'project:releases', 'event:read', 'org:read']),
  );
  const [created, setCreated] = useState<ApiToken | undefined>();
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const t = await api.post<ApiToken>(endpoints.apiTokens, {
        name: name || undefined,
        scopes: [...scopes],
      });
      setCreated(t);
      setName('');
      invalidate(endpoints.apiTokens);
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (t: ApiToken) => {
    try {
      await api.del(endpoints.apiToken(t.id));
      if (created?.id === t.id) setCreated(undefined);
      invalidate(endpoints.apiTokens);
      toast('Token revoked');
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
    }
  };

  return (
    <>
      {created?.token && (
        <div className="once-box" role="status">
          <p className="small">
            <strong>Copy your new token now.</strong> It is shown only once; Faultline keeps only a hash of
            it.
          </p>
          <div className="dsn-row">
            <code className="dsn" data-testid="new-api-token">
              {created.token}
            </code>
            <CopyButton text={created.token} label="Copy token" />
          </div>
        </div>
      )}
      <table className="table compact" aria-label="API tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col" className="hide-narrow">
              Created
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {!tokens.data ? (
            <tr>
              <td colSpan={4}>
                <Skeleton height={13} />
              </td>
            </tr>
          ) : tokens.data.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                No tokens yet.
              </td>
            </tr>
          ) : (
            tokens.data.map((t) => (
              <tr key={t.id}>
                <td>
                  {t.name ?? <span className="muted">unnamed</span>}
                  {t.tokenPrefix && <div className="mono small muted">{t.tokenPrefix}…</div>}
                </td>
                <td className="scopes">{t.scopes.join(' ')}</td>
                <td className="hide-narrow" title={formatDateTime(t.dateCreated)}>
                  {timeAgo(t.dateCreated)}
                </td>
                <td className="num">
                  <button
                    type="button"
                    className="btn btn-small btn-danger-ghost"
                    aria-label={`Revoke token ${t.name ?? t.tokenPrefix ?? t.id}`}
                    onClick={() => void revoke(t)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <form className="token-form" onSubmit={create}>
        <label className="field">
          <span className="field-label">Token name</span>
          <input
            className="input"
            placeholder="ci-releases"
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <fieldset className="field">
          <legend className="field-label">Scopes</legend>
          <div className="scope-grid">
            {SCOPES.map((s) => (
              <label key={s.id} className="check-inline">
                <input
                  type="checkbox"
                  checked={scopes.has(s.id)}
                  onChange={(e) => {
                    const next = new Set(scopes);
                    if (e.target.checked) next.add(s.id);
                    else next.delete(s.id);
                    setScopes(next);
                  }}
                />
                <code>{s.label}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="btn" disabled={busy || scopes.size === 0}>
          Create token
        </button>
      </form>
    </>
  );
}
