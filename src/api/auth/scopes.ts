/** Every scope a token can carry (Sentry's names, docs.sentry.io/api/permissions). */
export const ALL_SCOPES = [
  'org:read',
  'org:write',
  'org:admin',
  'project:read',
  'project:write',
  'project:admin',
  'project:releases',
  'team:read',
  'team:write',
  'team:admin',
  'member:read',
  'member:write',
  'member:admin',
  'event:read',
  'event:write',
  'event:admin',
] as const;

export type Scope = (typeof ALL_SCOPES)[number];
export type Role = 'owner' | 'admin' | 'member';

const MEMBER: Scope[] = [
  'org:read',
  'project:read',
  'project:releases',
  'team:read',
  'member:read',
  'event:read',
  'event:write',
];
const ADMIN: Scope[] = [
  ...MEMBER,
  'org:write',
  'project:write',
  'project:admin',
  'team:write',
  'team:admin',
  'member:write',
  'event:admin',
];

/** What each membership role may do; a token's scopes are further limited by its owner's role. */
export const ROLE_SCOPES: Record<Role, ReadonlySet<Scope>> = {
  owner: new Set(ALL_SCOPES),
  admin: new Set(ADMIN),
  member: new Set(MEMBER),
};

/** True when `value` names a known scope. */
export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/** True when `value` names a membership role. */
export function isRole(value: string): value is Role {
  return value === 'owner' || value === 'admin' || value === 'member';
}
