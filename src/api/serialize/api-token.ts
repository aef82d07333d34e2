import type { ApiTokenSummary } from '../../storage/users.js';
import { iso } from './organization.js';

/** An API token as Sentry lists it (`GET /api-tokens/`): never the token itself, only how it starts. */
export function serializeApiToken(t: ApiTokenSummary) {
  return {
    id: String(t.id),
    name: t.name,
    scopes: t.scopes,
    tokenPrefix: t.prefix,
    dateCreated: iso(t.createdAt),
    dateLastUsed: t.lastUsedAt === null ? null : iso(t.lastUsedAt),
    expiresAt: null,
  };
}
