import type { FastifyInstance } from 'fastify';
import { artifactRoutes } from './artifacts/routes.js';
import { downloadAttachmentRoute } from './attachments/download.js';
import { listAttachmentsRoute } from './attachments/list.js';
import { loginRoute } from './auth/login.js';
import { logoutRoute } from './auth/logout.js';
import { meRoute } from './auth/me.js';
import { registerRoute } from './auth/register.js';
import type { ApiDeps } from './deps.js';
import { issueRoutes } from './issues/routes.js';
import { keyRoutes } from './keys/routes.js';
import { addMemberRoute } from './members/add.js';
import { listMembersRoute } from './members/list.js';
import { listOutcomesRoute } from './outcomes/list.js';
import { createOrganizationRoute } from './organizations/create.js';
import { getOrganizationRoute } from './organizations/get.js';
import { listOrganizationsRoute } from './organizations/list.js';
import { createProjectRoute } from './projects/create.js';
import { getProjectRoute } from './projects/get.js';
import { listProjectsRoutes } from './projects/list.js';
import { projectSettingsRoutes } from './projects/settings.js';
import { updateProjectRoutes } from './projects/update.js';
import { releaseRoutes } from './releases/routes.js';
import { rootRoutes } from './root.js';
import { listProjectTagsRoutes } from './tags/list.js';
import { seedApiRoutes } from './seed/routes.js';
import { tagSiteRoutes } from './tag-sites/routes.js';
import { createTeamRoute } from './teams/create.js';
import { listTeamsRoute } from './teams/list.js';
import { createApiTokenRoute } from './tokens/create.js';
import { listApiTokensRoute } from './tokens/list.js';
import { revokeApiTokenRoutes } from './tokens/revoke.js';

/** Every route of the web API, registered in one place. */
export async function apiRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  for (const register of [
    rootRoutes,
    registerRoute,
    loginRoute,
    logoutRoute,
    meRoute,
    listOrganizationsRoute,
    getOrganizationRoute,
    createOrganizationRoute,
    listTeamsRoute,
    createTeamRoute,
    listProjectsRoutes,
    getProjectRoute,
    createProjectRoute,
    updateProjectRoutes,
    keyRoutes,
    tagSiteRoutes,
    releaseRoutes,
    artifactRoutes,
    issueRoutes,
    listOutcomesRoute,
    projectSettingsRoutes,
    listAttachmentsRoute,
    downloadAttachmentRoute,
    listApiTokensRoute,
    createApiTokenRoute,
    revokeApiTokenRoutes,
    listProjectTagsRoutes,
    listMembersRoute,
    addMemberRoute,
    seedApiRoutes,
  ]) {
    register(app, deps);
  }
}
