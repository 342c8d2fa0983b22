/**
 * Settings → Users and Roles, the organisation's registration settings and self-registration
 * (`/users`, `/roles`, `/settings/auth`, `/auth/register`). JSON is snake_case.
 */
import { api, type ApiClient } from './client';
import type { User } from '../auth/session';

export type { User };

export interface NewUser {
  username: string;
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
  role: string;
}

export interface UserChanges {
  username?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  role?: string;
  is_active?: boolean;
}

export interface UserResponse {
  message: string;
  user: User;
}

export interface MessageResponse {
  message: string;
}

export type Tier = 'monitoring' | 'host_infrastructure' | 'operations' | 'administration';

export interface RoleView {
  name: string;
  is_built_in: boolean;
  is_locked: boolean;
  rank: number;
  user_count: number;
  /** Every permission key with its tick. */
  permissions: Record<string, boolean>;
  permission_count: number;
}

export interface PermissionInfo {
  key: string;
  tier: Tier;
}

export interface RolesResponse {
  roles: RoleView[];
  /** In display order. */
  permissions: PermissionInfo[];
  total_permissions: number;
  presets: string[];
}

export interface RoleResponse {
  message: string;
  role: RoleView;
}

export interface PasswordPolicySettings {
  min_length: number;
  require_uppercase: boolean;
  require_lowercase: boolean;
  require_number: boolean;
  require_special: boolean;
}

export interface TfaLimits {
  max_attempts: number;
  lockout_minutes: number;
  remember_me_days: number;
  max_remember_sessions: number;
}

export interface AuthSettings {
  self_registration_enabled: boolean;
  default_role: string;
  password_policy: PasswordPolicySettings;
  tfa: TfaLimits;
}

export type AuthSettingsChanges = Partial<AuthSettings>;

/** Body of the public `POST /auth/register`. */
export interface Registration {
  /** The organisation slug. */
  tenant: string;
  username: string;
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
}

export function usersApi(client: ApiClient = api) {
  const id = (userId: string) => encodeURIComponent(userId);
  const role = (name: string) => encodeURIComponent(name);
  return {
    listUsers: (signal?: AbortSignal) => client.get<User[]>('/users', signal ? { signal } : {}),
    createUser: (user: NewUser) => client.post<UserResponse>('/users', user),
    updateUser: (userId: string, changes: UserChanges) => client.put<UserResponse>(`/users/${id(userId)}`, changes),
    resetPassword: (userId: string, newPassword: string) =>
      client.post<MessageResponse>(`/users/${id(userId)}/reset-password`, { new_password: newPassword }),
    deleteUser: (userId: string) => client.delete<MessageResponse>(`/users/${id(userId)}`),

    listRoles: (signal?: AbortSignal) => client.get<RolesResponse>('/roles', signal ? { signal } : {}),
    createRole: (name: string, permissions: Record<string, boolean>) =>
      client.post<RoleResponse>('/roles', { name, permissions }),
    updateRole: (name: string, permissions: Record<string, boolean>) =>
      client.put<RoleResponse>(`/roles/${role(name)}`, { permissions }),
    deleteRole: (name: string) => client.delete<MessageResponse>(`/roles/${role(name)}`),

    getAuthSettings: (signal?: AbortSignal) => client.get<AuthSettings>('/settings/auth', signal ? { signal } : {}),
    updateAuthSettings: (changes: AuthSettingsChanges) => client.put<AuthSettings>('/settings/auth', changes),

    register: (registration: Registration) =>
      client.post<unknown>('/auth/register', registration, { skipUnauthorizedHandler: true, skipRefresh: true }),
  };
}
