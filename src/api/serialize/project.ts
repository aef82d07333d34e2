import { formatDsn } from '../../protocol/dsn.js';
import type { ProjectKeyRecord, ProjectRow } from '../../storage/projects.js';
import { iso } from './organization.js';

/** A project in Sentry's shape. */
export function serializeProject(
  p: ProjectRow,
  extra: { team?: { id: number; slug: string; name: string } } = {},
) {
  const team = extra.team
    ? { id: String(extra.team.id), slug: extra.team.slug, name: extra.team.name }
    : null;
  return {
    id: String(p.id),
    slug: p.slug,
    name: p.name,
    platform: p.platform,
    dateCreated: iso(p.createdAt),
    isBookmarked: false,
    isMember: true,
    hasAccess: true,
    features: [],
    status: 'active',
    organization: { id: String(p.organizationId), slug: p.organizationSlug },
    team,
    teams: team ? [team] : [],
  };
}

/** A client key in Sentry's shape, with its DSN (`id` is the public key, as in Sentry). */
export function serializeProjectKey(k: ProjectKeyRecord, publicUrl: string) {
  const dsn = formatDsn(publicUrl, k.publicKey, String(k.projectId));
  const secretDsn = dsn.replace(`${k.publicKey}@`, `${k.publicKey}:${k.secretKey}@`);
  const base = `${publicUrl}/api/${k.projectId}`;
  return {
    id: k.publicKey,
    name: k.label,
    label: k.label,
    public: k.publicKey,
    secret: k.secretKey,
    projectId: k.projectId,
    isActive: k.isActive,
    dateCreated: iso(k.createdAt),
    rateLimit: k.rateLimit,
    dsn: {
      public: dsn,
      secret: secretDsn,
      store: `${base}/store/`,
      envelope: `${base}/envelope/`,
    },
  };
}
