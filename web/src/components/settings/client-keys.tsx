import { useState } from 'react';
import { ApiError, api, endpoints } from '../../api/client';
import type { ProjectKey } from '../../api/types';
import { invalidate, useApi } from '../../api/use-api';
import { formatDateTime } from '../../format';
import { CopyButton } from '../copy-button';
import { Dialog } from '../dialog';
import { Skeleton } from '../skeleton';
import { toast } from '../toaster';

/** A project's client keys (DSNs): copy, enable or disable, rotate, add. */
export function ClientKeys({ org, project }: { org: string; project: string }) {
  const url = endpoints.projectKeys(org, project);
  const keys = useApi<ProjectKey[]>(url);
  const [rotating, setRotating] = useState<ProjectKey | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      invalidate(url);
      toast(done);
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="settings-list">
        {!keys.data
          ? [0, 1].map((i) => <Skeleton key={i} height={74} />)
          : keys.data.map((k) => (
              <div key={k.id} className={`key-card${k.isActive ? '' : ' disabled'}`}>
                <div className="key-head">
                  <strong>{k.name}</strong>
                  <span className={`status-chip ${k.isActive ? 'status-active' : 'status-ignored'}`}>
                    {k.isActive ? 'enabled' : 'disabled'}
                  </span>
                  <span className="muted small">created {formatDateTime(k.dateCreated)}</span>
                  {k.rateLimit && (
                    <span className="muted small">
                      · limit {k.rateLimit.count} events / {k.rateLimit.window}s
                    </span>
                  )}
                </div>
                <div className="dsn-row">
                  <code className="dsn" aria-label={`DSN of key ${k.name}`}>
                    {k.dsn.public}
                  </code>
                  <CopyButton text={k.dsn.public} label="Copy DSN" />
                </div>
                <div className="key-actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy}
                    onClick={() =>
                      void run(
                        () => api.put(endpoints.projectKey(org, project, k.id), { isActive: !k.isActive }),
                        k.isActive ? 'Key disabled' : 'Key enabled',
                      )
                    }
                  >
                    {k.isActive ? 'Disable' : 'Enable'}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy || !k.isActive}
                    onClick={() => setRotating(k)}
                  >
                    Rotate
                  </button>
                </div>
              </div>
            ))}
      </div>
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => void run(() => api.post(url, { name: 'Key' }), 'Key created')}
      >
        New client key
      </button>
      <Dialog
        open={rotating !== undefined}
        title="Rotate this key?"
        onClose={() => setRotating(undefined)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setRotating(undefined)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                const k = rotating;
                setRotating(undefined);
                if (k)
                  void run(
                    () => api.post(`${endpoints.projectKey(org, project, k.id)}rotate/`),
                    'Key rotated: update your apps with the new DSN',
                  );
              }}
            >
              Rotate key
            </button>
          </>
        }
      >
        <p>
          A new key replaces “{rotating?.name}” and the old DSN stops working at once. Apps still using it
          lose their events until they get the new DSN.
        </p>
      </Dialog>
    </>
  );
}
