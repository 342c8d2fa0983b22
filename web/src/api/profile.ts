/** My Profile (admin guide chapter 2): the signed-in user's own details and password. */
import { ApiError, api, type ApiClient } from './client';
import { parseUser, type User } from '../auth/session';
import type { ThemePreference } from '../theme/theme';

export interface ProfileChanges {
  first_name?: string;
  last_name?: string;
  email?: string;
  theme_preference?: ThemePreference;
}

function unexpected(): ApiError {
  return new ApiError(502, 'The server sent an unexpected answer. Please try again.');
}

export async function getProfile(client: ApiClient = api, signal?: AbortSignal): Promise<User> {
  const user = parseUser(await client.get<unknown>('/profile', signal ? { signal } : {}));
  if (!user) throw unexpected();
  return user;
}

/** Saves the changes; resolves with the user as the server now has it. */
export async function updateProfile(changes: ProfileChanges, client: ApiClient = api): Promise<User> {
  const body = await client.put<unknown>('/profile', changes);
  const user = typeof body === 'object' && body !== null ? parseUser((body as { user?: unknown }).user) : null;
  if (!user) throw unexpected();
  return user;
}

/** Changes the password; the user's other sessions end, this one stays. */
export async function changePassword(currentPassword: string, newPassword: string, client: ApiClient = api): Promise<void> {
  await client.put<unknown>('/profile/password', { current_password: currentPassword, new_password: newPassword });
}
