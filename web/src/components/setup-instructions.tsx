import { useState } from 'react';
import { endpoints } from '../api/client';
import type { Project, ProjectKey } from '../api/types';
import { useApi } from '../api/use-api';
import { PLATFORMS, guideFor } from '../setup-snippets';
import { CodeBlock } from './code-block';
import { CopyButton } from './copy-button';
import { Skeleton } from './skeleton';

/** The empty project: its DSN, the SDK set-up for each platform, and a one-line test event. */
export function SetupInstructions({ org, project }: { org: string; project: Project }) {
  const keys = useApi<ProjectKey[]>(endpoints.projectKeys(org, project.slug));
  const [platform, setPlatform] = useState(guideFor(project.platform).id);
  const key = keys.data?.find((k) => k.isActive) ?? keys.data?.[0];
  const guide = guideFor(platform);
  const dsn = key?.dsn.public ?? '';
  const curl = key
    ? `curl -sS '${key.dsn.store}' \\
  -H 'Content-Type: application/json' \\
  -H 'X-Sentry-Auth: Sentry sentry_version=7, sentry_key=${key.public}' \\
  -d '{"message": "Hello from Faultline", "level": "info"}'`
    : '';
  return (
    <section className="card setup" aria-labelledby="setup-heading">
      <div className="setup-waiting">
        <span className="pulse" aria-hidden="true" />
        <div>
          <h2 id="setup-heading">Waiting for the first error from {project.name}</h2>
          <p className="muted">
            Point any official Sentry SDK at this DSN. This page updates by itself when the first event
            arrives.
          </p>
        </div>
      </div>
      <div className="field">
        <span className="field-label" id="dsn-label">
          DSN
        </span>
        <div className="dsn-row">
          {key ? (
            <>
              <code className="dsn" aria-labelledby="dsn-label" data-testid="dsn">
                {dsn}
              </code>
              <CopyButton text={dsn} label="Copy DSN" />
            </>
          ) : keys.error ? (
            <span className="form-error">{keys.error.detail}</span>
          ) : (
            <Skeleton height={32} />
          )}
        </div>
      </div>
      <div className="platform-tabs" role="tablist" aria-label="Platform">
        {PLATFORMS.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            aria-selected={p.id === platform}
            className={p.id === platform ? 'active' : undefined}
            onClick={() => setPlatform(p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={`${guide.label} set-up`} className="setup-steps">
        <p className="step-label">1. Install the SDK</p>
        <CodeBlock code={guide.install} />
        <p className="step-label">2. Initialise it with your DSN</p>
        <CodeBlock code={guide.code(dsn || '<DSN>')} />
        <p className="step-label">Or send a test event from a terminal</p>
        <CodeBlock code={curl || '…'} />
      </div>
    </section>
  );
}
