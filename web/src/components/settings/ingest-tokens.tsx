import { useState } from 'react';
import { ApiError, api, endpoints } from '../../api/client';
import type { Project, SeedProject } from '../../api/types';
import { invalidate, useApi } from '../../api/use-api';
import { CopyButton } from '../copy-button';
import { Dialog } from '../dialog';
import { Skeleton } from '../skeleton';
import { toast } from '../toaster';

/** The seed APIs' credentials: the mobile ingest token (shown once, regenerable) and the web app key. */
export function IngestTokens({ project }: { project: Project }) {
  const list = useApi<{ data?: SeedProject[] }>(endpoints.seedProjects);
  const [confirm, setConfirm] = useState(false);
  const [fresh, setFresh] = useState<string | undefined>();
  if (list.error) return <p className="muted small">This server has no ingest-token API.</p>;
  const seed = list.data?.data?.find((p) => p.id === project.id);
  if (!list.data) return <Skeleton height={60} />;
  const regenerate = async () => {
    setConfirm(false);
    try {
      const r = await api.post<{ token: string }>(endpoints.seedRegenerate(project.id));
      setFresh(r.token);
      invalidate(endpoints.seedProjects);
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
    }
  };
  return (
    <div className="settings-list">
      <div className="key-card">
        <div className="key-head">
          <strong>Mobile ingest token</strong>
          <span className="muted small">sent as X-Faultline-Token to POST /api/ingest</span>
        </div>
        {fresh ? (
          <div className="once-box" role="status">
            <p className="small">
              Copy the new token now: it is shown only once. The old token no longer works.
            </p>
            <div className="dsn-row">
              <code className="dsn" data-testid="ingest-token">
                {fresh}
              </code>
              <CopyButton text={fresh} label="Copy token" />
            </div>
          </div>
        ) : (
          <p className="mono small">
            {seed?.token_preview ? `${seed.token_preview}…` : <span className="muted">no token yet</span>}
          </p>
        )}
        <div className="key-actions">
          <button type="button" className="btn btn-small" onClick={() => setConfirm(true)}>
            {seed?.token_preview ? 'Regenerate ingest token' : 'Create ingest token'}
          </button>
        </div>
      </div>
      {seed?.app_key && (
        <div className="key-card">
          <div className="key-head">
            <strong>Web app key</strong>
            <span className="muted small">public, embedded in pages by the web collector</span>
          </div>
          <div className="dsn-row">
            <code className="dsn">{seed.app_key}</code>
            <CopyButton text={seed.app_key} label="Copy app key" />
          </div>
        </div>
      )}
      <Dialog
        open={confirm}
        title={seed?.token_preview ? 'Regenerate the ingest token?' : 'Create an ingest token?'}
        onClose={() => setConfirm(false)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setConfirm(false)}>
              Cancel
            </button>
            <button
              type="button"
              className={seed?.token_preview ? 'btn btn-danger' : 'btn btn-primary'}
              onClick={() => void regenerate()}
            >
              {seed?.token_preview ? 'Regenerate' : 'Create'}
            </button>
          </>
        }
      >
        <p>
          {seed?.token_preview
            ? 'The current token stops working at once; apps sending with it get 401 until they use the new one.'
            : 'The token is shown once, right after it is created: copy it into your app’s configuration.'}
        </p>
      </Dialog>
    </div>
  );
}
