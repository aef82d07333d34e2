import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, endpoints } from '../../api/client';
import type { ProjectSettings } from '../../api/types';
import { prime, useApi } from '../../api/use-api';
import { Skeleton } from '../skeleton';
import { toast } from '../toaster';

const list = (s: string) =>
  s
    .split(/[\n,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Rate limits, privacy (scrubbing, IP addresses) and retention, saved through the settings API. */
export function ProjectSettingsForm({
  org,
  project,
  part,
}: {
  org: string;
  project: string;
  part: 'limits' | 'privacy';
}) {
  const url = endpoints.projectSettings(org, project);
  const settings = useApi<ProjectSettings>(url);
  const [draft, setDraft] = useState<ProjectSettings | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(settings.data), [settings.data]);
  if (settings.error) return <p className="form-error">{settings.error.detail}</p>;
  if (!draft) return <Skeleton height={part === 'limits' ? 90 : 200} />;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const patch: Partial<ProjectSettings> =
      part === 'limits'
        ? { rateLimitPerMinute: draft.rateLimitPerMinute, retentionDays: draft.retentionDays }
        : {
            scrubData: draft.scrubData,
            storeIpAddresses: draft.storeIpAddresses,
            sensitiveFields: draft.sensitiveFields,
            safeFields: draft.safeFields,
          };
    try {
      prime(url, await api.put<ProjectSettings>(url, patch));
      toast('Settings saved');
    } catch (err) {
      toast(err instanceof ApiError ? [err.detail, ...err.causes].join(' — ') : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  const set = (patch: Partial<ProjectSettings>) => setDraft({ ...draft, ...patch });

  return (
    <form className="settings-form" onSubmit={save}>
      {part === 'limits' ? (
        <div className="inline-fields">
          <label className="field">
            <span className="field-label">Events per minute</span>
            <input
              className="input"
              type="number"
              min={1}
              placeholder="unlimited"
              value={draft.rateLimitPerMinute ?? ''}
              onChange={(e) =>
                set({
                  rateLimitPerMinute: e.target.value === '' ? null : Math.max(1, Number(e.target.value)),
                })
              }
            />
            <span className="field-hint">For the whole project; SDKs are told to back off with 429.</span>
          </label>
          <label className="field">
            <span className="field-label">Keep events for (days)</span>
            <input
              className="input"
              type="number"
              min={1}
              max={3650}
              value={draft.retentionDays}
              onChange={(e) => set({ retentionDays: Number(e.target.value) })}
            />
            <span className="field-hint">Issues keep their counts after their events are gone.</span>
          </label>
        </div>
      ) : (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.scrubData}
              onChange={(e) => set({ scrubData: e.target.checked })}
            />
            <span>
              <strong>Scrub sensitive data</strong>
              <span className="field-hint">
                Passwords, tokens, card numbers and the like are replaced before events are stored.
              </span>
            </span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.storeIpAddresses}
              onChange={(e) => set({ storeIpAddresses: e.target.checked })}
            />
            <span>
              <strong>Store IP addresses</strong>
              <span className="field-hint">Off: only a hash is kept, to count users.</span>
            </span>
          </label>
          <div className="inline-fields">
            <label className="field">
              <span className="field-label">Also scrub fields</span>
              <textarea
                className="input"
                rows={3}
                placeholder="ssn, iban"
                value={draft.sensitiveFields.join(', ')}
                onChange={(e) => set({ sensitiveFields: list(e.target.value) })}
              />
            </label>
            <label className="field">
              <span className="field-label">Never scrub fields</span>
              <textarea
                className="input"
                rows={3}
                placeholder="order_id"
                value={draft.safeFields.join(', ')}
                onChange={(e) => set({ safeFields: list(e.target.value) })}
              />
            </label>
          </div>
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
