import type { OrganizationRecord } from '../../storage/organizations.js';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** An organization in Sentry's shape (the fields sentry-cli and the dashboard read). */
export function serializeOrganization(o: OrganizationRecord, role?: string) {
  return {
    id: String(o.id),
    slug: o.slug,
    name: o.name,
    dateCreated: iso(o.createdAt),
    status: { id: 'active', name: 'active' },
    isEarlyAdopter: false,
    require2FA: false,
    avatar: { avatarType: 'letter_avatar', avatarUuid: null },
    features: [],
    ...(role ? { role } : {}),
  };
}

/** A team in Sentry's shape. */
export function serializeTeam(t: { id: number; slug: string; name: string; createdAt: number }) {
  return {
    id: String(t.id),
    slug: t.slug,
    name: t.name,
    dateCreated: iso(t.createdAt),
    isMember: true,
    hasAccess: true,
  };
}

export { iso };
