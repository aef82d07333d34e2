import { useEffect } from 'react';
import { endpoints } from '../api/client';
import type { Project } from '../api/types';
import { useApi } from '../api/use-api';
import { Link } from '../components/link';
import { ApiTokens } from '../components/settings/api-tokens';
import { ClientKeys } from '../components/settings/client-keys';
import { GeneralSettings } from '../components/settings/general-settings';
import { IngestTokens } from '../components/settings/ingest-tokens';
import { Members } from '../components/settings/members';
import { ProjectSettingsForm } from '../components/settings/project-settings-form';
import { SettingsSection } from '../components/settings/settings-section';
import { PageSkeleton } from '../components/page-skeleton';
import { rememberProject } from '../project-context';
import { paths, useLocation } from '../router';

const SECTIONS = [
  { id: 'general', label: 'General' },
  { id: 'keys', label: 'Client keys' },
  { id: 'ingest-tokens', label: 'Ingest tokens' },
  { id: 'rate-limits', label: 'Rate limits' },
  { id: 'privacy', label: 'Privacy' },
  { id: 'members', label: 'Members' },
  { id: 'api-tokens', label: 'API tokens' },
];

/** A project's settings, one page with a section index: keys, tokens, limits, privacy, people. */
export function SettingsPage({ org, projectSlug }: { org: string; projectSlug: string }) {
  const loc = useLocation();
  const project = useApi<Project>(endpoints.project(org, projectSlug));
  useEffect(() => {
    rememberProject(org, projectSlug);
    document.title = `Settings · ${project.data?.name ?? projectSlug} · Faultline`;
  }, [org, projectSlug, project.data?.name]);
  // Deep links (#api-tokens) scroll once the sections exist.
  useEffect(() => {
    if (project.data && loc.hash) document.getElementById(loc.hash.slice(1))?.scrollIntoView();
  }, [project.data, loc.hash]);

  if (project.error) {
    return (
      <div className="page narrow">
        <div className="card empty-card" role="alert">
          <h1 className="page-title">Project not found</h1>
          <p className="muted">{project.error.detail}</p>
          <Link className="btn" href={paths.issues(org)}>
            Back to issues
          </Link>
        </div>
      </div>
    );
  }
  if (!project.data) return <PageSkeleton route={{ name: 'settings', org, project: projectSlug }} />;
  const p = project.data;
  return (
    <div className="page settings-page">
      <div className="page-header">
        <h1 className="page-title">{p.name} settings</h1>
      </div>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings sections">
          {SECTIONS.map((s) => (
            <a key={s.id} href={`#${s.id}`} aria-current={loc.hash === `#${s.id}` ? 'location' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
        <div className="settings-content">
          <SettingsSection id="general" title="General" description="The project's name and platform.">
            <GeneralSettings org={org} project={p} />
          </SettingsSection>
          <SettingsSection
            id="keys"
            title="Client keys (DSN)"
            description="SDKs send events with a DSN. Disable a key to refuse its events; rotate it if it leaked."
          >
            <ClientKeys org={org} project={p.slug} />
          </SettingsSection>
          <SettingsSection
            id="ingest-tokens"
            title="Ingest tokens"
            description="For the mobile crash ingest and the web collector APIs, which do not use DSNs."
          >
            <IngestTokens project={p} />
          </SettingsSection>
          <SettingsSection
            id="rate-limits"
            title="Rate limits and retention"
            description="How much this project may send, and how long its events are kept."
          >
            <ProjectSettingsForm org={org} project={p.slug} part="limits" />
          </SettingsSection>
          <SettingsSection
            id="privacy"
            title="Privacy"
            description="What is removed from events before they are stored."
          >
            <ProjectSettingsForm org={org} project={p.slug} part="privacy" />
          </SettingsSection>
          <SettingsSection
            id="members"
            title="Members"
            description="Everyone in the organization can see its projects; admins and owners can change them."
          >
            <Members org={org} />
          </SettingsSection>
          <SettingsSection
            id="api-tokens"
            title="Your API tokens"
            description="For sentry-cli, CI and scripts: Authorization: Bearer <token>. Rights are the token's scopes within your role."
          >
            <ApiTokens />
          </SettingsSection>
        </div>
      </div>
    </div>
  );
}
