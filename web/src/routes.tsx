import type { ReactElement } from 'react';
import { Outlet, type RouteObject } from 'react-router-dom';
import { AuthProvider } from './auth/AuthProvider';
import { PublicOnly, RequireAuth, RequireModule, RequirePermission } from './auth/guards';
import { AuthLayout } from './layout/AuthFrame';
import { Shell } from './layout/Shell';
import { LoginPage } from './pages/auth/LoginPage';
import { RegisterPage } from './pages/auth/RegisterPage';
import { SetupPage } from './pages/auth/SetupPage';
import { SignupPage } from './pages/auth/SignupPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { SectionPage } from './pages/SectionPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { HostDetailPage } from './pages/hosts/HostDetailPage';
import { HostsPage } from './pages/hosts/HostsPage';
import { PackageDetailPage } from './pages/packages/PackageDetailPage';
import { PackagesPage } from './pages/packages/PackagesPage';
import { PatchingPage } from './pages/patching/PatchingPage';
import { RunDetailPage } from './pages/patching/RunDetailPage';
import { RepositoriesPage } from './pages/repositories/RepositoriesPage';
import { RepositoryDetailPage } from './pages/repositories/RepositoryDetailPage';
import { AgentUpdatesPage } from './pages/settings/AgentUpdatesPage';
import { HostGroupsPage } from './pages/settings/HostGroupsPage';
import { IntegrationsPage } from './pages/settings/IntegrationsPage';
import { PatchManagementPage } from './pages/settings/PatchManagementPage';
import { RolesPage } from './pages/settings/RolesPage';
import { RequireAnyPermission, SettingsIndex, SettingsLayout } from './pages/settings/SettingsLayout';
import {
  AGENT_UPDATES_PERMISSIONS,
  HOST_GROUPS_PERMISSIONS,
  INTEGRATIONS_PERMISSIONS,
  PATCH_MANAGEMENT_PERMISSIONS,
  ROLES_PERMISSIONS,
  USERS_PERMISSIONS,
} from './pages/settings/settingsNav';
import { UsersPage } from './pages/settings/UsersPage';
import { SECTIONS } from './sections';

/** Sections whose capability has landed; the others show what they will hold. */
const SECTION_PAGES: Partial<Record<string, ReactElement>> = {
  dashboard: <DashboardPage />,
  hosts: <HostsPage />,
  packages: <PackagesPage />,
  repositories: <RepositoriesPage />,
  patching: <PatchingPage />,
};

function AuthRoot() {
  return (
    <AuthProvider>
      <Outlet />
    </AuthProvider>
  );
}

/**
 * The client routes (shared by the app and the tests). `/login`, `/signup` and `/register` are
 * public and have no sidebar; everything else needs a signed-in user. Unknown paths render the
 * not-found page inside the shell.
 */
export const routes: RouteObject[] = [
  {
    element: <AuthRoot />,
    children: [
      {
        element: <PublicOnly />,
        children: [
          {
            element: <AuthLayout />,
            children: [
              { path: 'login', element: <LoginPage /> },
              { path: 'signup', element: <SignupPage /> },
              { path: 'register', element: <RegisterPage /> },
            ],
          },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AuthLayout />,
            children: [{ path: 'setup', element: <SetupPage /> }],
          },
          {
            path: '/',
            element: <Shell />,
            children: [
              ...SECTIONS.filter((section) => section.slug !== 'settings').map((section): RouteObject => {
                const element = (
                  <RequirePermission permission={section.permission}>
                    <RequireModule module={section.module}>{SECTION_PAGES[section.slug] ?? <SectionPage section={section} />}</RequireModule>
                  </RequirePermission>
                );
                return section.path === '/' ? { index: true, element } : { path: section.path.slice(1), element };
              }),
              {
                path: 'hosts/:id',
                element: (
                  <RequirePermission permission="can_view_hosts">
                    <HostDetailPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'packages/:id',
                element: (
                  <RequirePermission permission="can_view_packages">
                    <PackageDetailPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'patching/runs/:id',
                element: (
                  <RequirePermission permission="can_view_hosts">
                    <RequireModule module="patching">
                      <RunDetailPage />
                    </RequireModule>
                  </RequirePermission>
                ),
              },
              {
                path: 'repositories/:id',
                element: (
                  <RequirePermission permission="can_view_hosts">
                    <RepositoryDetailPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'settings',
                element: <SettingsLayout />,
                children: [
                  { index: true, element: <SettingsIndex /> },
                  {
                    path: 'users',
                    element: (
                      <RequireAnyPermission anyOf={USERS_PERMISSIONS}>
                        <UsersPage />
                      </RequireAnyPermission>
                    ),
                  },
                  {
                    path: 'roles',
                    element: (
                      <RequireAnyPermission anyOf={ROLES_PERMISSIONS}>
                        <RolesPage />
                      </RequireAnyPermission>
                    ),
                  },
                  {
                    path: 'host-groups',
                    element: (
                      <RequireAnyPermission anyOf={HOST_GROUPS_PERMISSIONS}>
                        <HostGroupsPage />
                      </RequireAnyPermission>
                    ),
                  },
                  {
                    path: 'patch-management',
                    element: (
                      <RequireAnyPermission anyOf={PATCH_MANAGEMENT_PERMISSIONS}>
                        <RequireModule module="patching_policies">
                          <PatchManagementPage />
                        </RequireModule>
                      </RequireAnyPermission>
                    ),
                  },
                  {
                    path: 'agent-config',
                    element: (
                      <RequireAnyPermission anyOf={AGENT_UPDATES_PERMISSIONS}>
                        <AgentUpdatesPage />
                      </RequireAnyPermission>
                    ),
                  },
                  {
                    path: 'integrations',
                    element: (
                      <RequireAnyPermission anyOf={INTEGRATIONS_PERMISSIONS}>
                        <IntegrationsPage />
                      </RequireAnyPermission>
                    ),
                  },
                  { path: 'profile', element: <ProfilePage /> },
                  { path: '*', element: <NotFoundPage /> },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
