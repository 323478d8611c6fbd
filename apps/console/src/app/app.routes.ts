import { Routes } from '@angular/router';
import { adminGuard } from './core/admin.guard';
import { authGuard, guestGuard } from './core/auth.guard';

const title = (page: string): string => `${page} · LLM Gateway`;

export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'LLM Gateway',
    loadComponent: () => import('./pages/landing/landing-page.component').then((m) => m.LandingPageComponent),
  },
  {
    path: 'login',
    title: title('Sign in'),
    canActivate: [guestGuard],
    loadComponent: () => import('./pages/login/login-page.component').then((m) => m.LoginPageComponent),
  },
  {
    path: 'sso/callback',
    title: title('Signing in'),
    loadComponent: () => import('./pages/sso-callback/sso-callback-page.component').then((m) => m.SsoCallbackPageComponent),
  },
  {
    path: 'register',
    title: title('Create account'),
    canActivate: [guestGuard],
    loadComponent: () => import('./pages/register/register-page.component').then((m) => m.RegisterPageComponent),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./components/shell/shell.component').then((m) => m.ShellComponent),
    children: [
      {
        path: 'dashboard',
        title: title('Dashboard'),
        loadComponent: () => import('./pages/dashboard/dashboard-page.component').then((m) => m.DashboardPageComponent),
      },
      {
        path: 'keys',
        title: title('API keys'),
        loadComponent: () => import('./pages/keys/keys-page.component').then((m) => m.KeysPageComponent),
      },
      {
        path: 'usage',
        title: title('Usage'),
        loadComponent: () => import('./pages/usage/usage-page.component').then((m) => m.UsagePageComponent),
      },
      {
        path: 'teams',
        title: title('Teams'),
        loadComponent: () => import('./pages/teams/teams-page.component').then((m) => m.TeamsPageComponent),
      },
      {
        path: 'teams/:id',
        title: title('Team'),
        loadComponent: () => import('./pages/team-detail/team-detail-page.component').then((m) => m.TeamDetailPageComponent),
      },
      {
        path: 'notifications',
        title: title('Notifications'),
        loadComponent: () => import('./pages/notifications/notifications-page.component').then((m) => m.NotificationsPageComponent),
      },
      {
        path: 'requests',
        title: title('Request log'),
        loadComponent: () => import('./pages/requests/requests-page.component').then((m) => m.RequestsPageComponent),
      },
      {
        path: 'billing',
        title: title('Billing'),
        loadComponent: () => import('./pages/billing/billing-page.component').then((m) => m.BillingPageComponent),
      },
      {
        path: 'models',
        title: title('Pricing'),
        loadComponent: () => import('./pages/model-catalogue/model-catalogue-page.component').then((m) => m.ModelCataloguePageComponent),
      },
      {
        path: 'quick-start',
        title: title('Quick start'),
        loadComponent: () => import('./pages/quick-start/quick-start-page.component').then((m) => m.QuickStartPageComponent),
      },
      {
        path: 'playground',
        title: title('Playground'),
        loadComponent: () => import('./pages/playground/playground-page.component').then((m) => m.PlaygroundPageComponent),
      },
      {
        path: 'admin',
        canActivate: [adminGuard],
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'users' },
          {
            path: 'users',
            title: title('Users'),
            loadComponent: () => import('./pages/admin-users/admin-users-page.component').then((m) => m.AdminUsersPageComponent),
          },
          {
            path: 'users/:id',
            title: title('User'),
            loadComponent: () =>
              import('./pages/admin-user-detail/admin-user-detail-page.component').then((m) => m.AdminUserDetailPageComponent),
          },
          {
            path: 'providers',
            title: title('Providers'),
            loadComponent: () =>
              import('./pages/admin-providers/admin-providers-page.component').then((m) => m.AdminProvidersPageComponent),
          },
          {
            path: 'models',
            title: title('Models'),
            loadComponent: () => import('./pages/admin-models/admin-models-page.component').then((m) => m.AdminModelsPageComponent),
          },
          {
            path: 'stats',
            title: title('Platform stats'),
            loadComponent: () => import('./pages/admin-stats/admin-stats-page.component').then((m) => m.AdminStatsPageComponent),
          },
          {
            path: 'jobs',
            title: title('Background jobs'),
            loadComponent: () => import('./pages/admin-jobs/admin-jobs-page.component').then((m) => m.AdminJobsPageComponent),
          },
          {
            path: 'tools',
            title: title('Tools'),
            loadComponent: () => import('./pages/admin-tools/admin-tools-page.component').then((m) => m.AdminToolsPageComponent),
          },
          {
            path: 'tools/:slug',
            title: title('Tool'),
            loadComponent: () => import('./pages/tool-frame/tool-frame-page.component').then((m) => m.ToolFramePageComponent),
          },
          {
            path: 'audit',
            title: title('Audit log'),
            loadComponent: () => import('./pages/admin-audit/admin-audit-page.component').then((m) => m.AdminAuditPageComponent),
          },
          {
            path: 'sso',
            title: title('Single sign-on'),
            loadComponent: () => import('./pages/admin-sso/admin-sso-page.component').then((m) => m.AdminSsoPageComponent),
          },
        ],
      },
    ],
  },
  {
    path: 'forbidden',
    title: title('Forbidden'),
    data: { code: 403 },
    loadComponent: () => import('./pages/error/error-page.component').then((m) => m.ErrorPageComponent),
  },
  {
    path: '**',
    title: title('Not found'),
    data: { code: 404 },
    loadComponent: () => import('./pages/error/error-page.component').then((m) => m.ErrorPageComponent),
  },
];
