import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, endpoints } from '../../api/client';
import type { Project } from '../../api/types';
import { invalidate } from '../../api/use-api';
import { PLATFORMS } from '../../setup-snippets';
import { toast } from '../toaster';

/** The project's name and platform. */
export function GeneralSettings({ org, project }: { org: string; project: Project }) {
  const [name, setName] = useState(project.name);
  const [platform, setPlatform] = useState(project.platform ?? '');
  useEffect(() => {
    setName(project.name);
    setPlatform(project.platform ?? '');
  }, [project]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.put(endpoints.project(org, project.slug), { name, platform: platform || null });
      invalidate(endpoints.orgProjects(org), endpoints.project(org, project.slug));
      toast('Project saved');
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
    }
  };
  return (
    <form className="settings-form" onSubmit={save}>
      <div className="inline-fields">
        <label className="field">
          <span className="field-label">Name</span>
          <input
            className="input"
            required
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Platform</span>
          <select className="input" value={platform} onChange={(e) => setPlatform(e.target.value)}>
            <option value="">Other</option>
            {PLATFORMS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">
        Slug <code>{project.slug}</code> · ID <code>{project.id}</code>
      </p>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          Save
        </button>
      </div>
    </form>
  );
}
