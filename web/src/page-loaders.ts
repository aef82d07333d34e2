/** Every page but sign-in loads on demand: the first paint needs only the shell. */
export const loadIssuesPage = () => import('./pages/issues-page').then((m) => m.IssuesPage);
export const loadIssuePage = () => import('./pages/issue-page').then((m) => m.IssuePage);
export const loadReleasesPage = () => import('./pages/releases-page').then((m) => m.ReleasesPage);
export const loadSettingsPage = () => import('./pages/settings-page').then((m) => m.SettingsPage);
export const loadSetupPage = () => import('./pages/setup-page').then((m) => m.SetupPage);
export const loadTagControlRoomPage = () =>
  import('./pages/tag-control-room-page').then((m) => m.TagControlRoomPage);
export const loadTagSitePage = () => import('./pages/tag-site-page').then((m) => m.TagSitePage);
export const loadTagDetailPage = () => import('./pages/tag-detail-page').then((m) => m.TagDetailPage);
export const loadTagAlertsPage = () => import('./pages/tag-alerts-page').then((m) => m.TagAlertsPage);
