import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api as defaultClient, type ApiClient } from '../api/client';
import { AuthLoading, AuthUnavailable } from './AuthScreens';
import {
  parseSession,
  parseTfaChallenge,
  type LoginCredentials,
  type Session,
  type SignupDetails,
  type Tenant,
  type TfaChallenge,
  type TfaVerification,
  type User,
} from './session';

/**
 * The browser never holds a token: the API's httpOnly cookies carry the session. This state is
 * only what `/auth/me` (or a sign-in, sign-up or refresh answer) said about it.
 */
type AuthState =
  | { status: 'loading' }
  /** `/auth/me` failed for a reason other than "not signed in" (network, server error). */
  | { status: 'unavailable'; error: ApiError }
  /** `byUser`: the user signed out here (no `?next=` back to where they were). */
  | { status: 'signed-out'; byUser: boolean }
  /** `redirectTo`: where the sign-in pages send the user once, right after signing in. */
  | { status: 'signed-in'; session: Session; redirectTo: string | null };

export type AuthStatus = AuthState['status'];

export interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  tenant: Tenant | null;
  permissions: readonly string[];
  hasPermission: (key: string) => boolean;
  /** Whether the organisation's plan includes a capability module (true for all when the session names none). */
  hasModule: (module: string) => boolean;
  /**
   * Signs in; rejects with the API's {@link ApiError} (shown by the login page). Resolves with a
   * {@link TfaChallenge} (still signed out) when the account asks for a two-factor code.
   */
  login: (credentials: LoginCredentials, options?: { redirectTo?: string | null }) => Promise<Session | TfaChallenge>;
  /** The sign-in's two-factor step (spec chapter 25); rejects with the API's {@link ApiError}. */
  verifyTfa: (verification: TfaVerification, options?: { redirectTo?: string | null }) => Promise<Session>;
  /** Replaces the signed-in user's details (after My Profile saved them). */
  updateUser: (user: User) => void;
  /** Creates an organisation and its first user, then continues to the first-run setup. */
  signup: (details: SignupDetails) => Promise<Session>;
  /** Ends the session on the server (clears the cookies) and here. */
  logout: () => Promise<void>;
  /** Where the public pages send a user who has just signed in (null: the dashboard). */
  redirectTo: string | null;
  /** Forget {@link redirectTo} once the user has arrived. */
  clearRedirect: () => void;
  /** True when the session ended because the user signed out (not because it expired). */
  signedOutByUser: boolean;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Where a new organisation's first user goes after sign-up. */
export const SETUP_PATH = '/setup';

const NO_PERMISSIONS: readonly string[] = [];

function unexpectedAnswer(): ApiError {
  return new ApiError(502, 'The server sent an unexpected answer. Please try again.');
}

function isSignedOutError(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

export function AuthProvider({ children, client = defaultClient }: { children: ReactNode; client?: ApiClient }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // Who am I? A 401 renews the session once through the client before it counts as signed out.
  useEffect(() => {
    const controller = new AbortController();
    client
      .get<unknown>('/auth/me', { skipUnauthorizedHandler: true, signal: controller.signal })
      .then(
        (body) => {
          if (controller.signal.aborted) return;
          const session = parseSession(body);
          setState(
            session
              ? { status: 'signed-in', session, redirectTo: null }
              : { status: 'unavailable', error: unexpectedAnswer() },
          );
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (isSignedOutError(error)) {
            setState({ status: 'signed-out', byUser: false });
          } else {
            setState({
              status: 'unavailable',
              error: error instanceof ApiError ? error : new ApiError(0, 'Could not load your session.'),
            });
          }
        },
      );
    return () => controller.abort();
  }, [client, attempt]);

  // A request's 401 that a refresh could not cure: the session is over.
  useEffect(() => {
    client.setUnauthorizedHandler(() => {
      setState((current) => (current.status === 'signed-out' ? current : { status: 'signed-out', byUser: false }));
    });
    client.setSessionListener((body) => {
      const session = parseSession(body);
      if (!session) return;
      setState((current) => (current.status === 'signed-in' ? { ...current, session } : current));
    });
    return () => {
      client.setUnauthorizedHandler(null);
      client.setSessionListener(null);
    };
  }, [client]);

  const login = useCallback(
    async (credentials: LoginCredentials, options: { redirectTo?: string | null } = {}) => {
      const body: LoginCredentials = { username: credentials.username, password: credentials.password };
      if (credentials.tenant) body.tenant = credentials.tenant;
      const answer = await client.post<unknown>('/auth/login', body, { skipUnauthorizedHandler: true });
      // Two-factor accounts (spec chapter 25) get a challenge and no cookies yet.
      const challenge = parseTfaChallenge(answer);
      if (challenge) return challenge;
      const session = parseSession(answer);
      if (!session) throw unexpectedAnswer();
      setState({ status: 'signed-in', session, redirectTo: options.redirectTo ?? null });
      return session;
    },
    [client],
  );

  const verifyTfa = useCallback(
    async (verification: TfaVerification, options: { redirectTo?: string | null } = {}) => {
      const body: Record<string, unknown> = { tfa_token: verification.tfaToken, token: verification.code };
      if (verification.rememberMe) body.remember_me = true;
      const answer = await client.post<unknown>('/auth/verify-tfa', body, {
        skipUnauthorizedHandler: true,
        skipRefresh: true,
      });
      const session = parseSession(answer);
      if (!session) throw unexpectedAnswer();
      setState({ status: 'signed-in', session, redirectTo: options.redirectTo ?? null });
      return session;
    },
    [client],
  );

  const updateUser = useCallback((user: User) => {
    setState((current) =>
      current.status === 'signed-in' ? { ...current, session: { ...current.session, user } } : current,
    );
  }, []);

  const signup = useCallback(
    async (details: SignupDetails) => {
      const answer = await client.post<unknown>('/auth/signup', details, { skipUnauthorizedHandler: true });
      const session = parseSession(answer);
      if (!session) throw unexpectedAnswer();
      setState({ status: 'signed-in', session, redirectTo: SETUP_PATH });
      return session;
    },
    [client],
  );

  const logout = useCallback(async () => {
    try {
      await client.post('/auth/logout', undefined, { skipUnauthorizedHandler: true });
    } catch {
      // Signed out here regardless; the server's session ends with its cookies' lifetime.
    }
    setState({ status: 'signed-out', byUser: true });
  }, [client]);

  const clearRedirect = useCallback(() => {
    setState((current) =>
      current.status === 'signed-in' && current.redirectTo !== null ? { ...current, redirectTo: null } : current,
    );
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<AuthContextValue>(() => {
    const session = state.status === 'signed-in' ? state.session : null;
    const permissions = session?.permissions ?? NO_PERMISSIONS;
    return {
      status: state.status,
      user: session?.user ?? null,
      tenant: session?.tenant ?? null,
      permissions,
      hasPermission: (key: string) => permissions.includes(key),
      hasModule: (module: string) => !session?.modules || session.modules.includes(module),
      login,
      verifyTfa,
      updateUser,
      signup,
      logout,
      redirectTo: state.status === 'signed-in' ? state.redirectTo : null,
      clearRedirect,
      signedOutByUser: state.status === 'signed-out' && state.byUser,
    };
  }, [state, login, verifyTfa, updateUser, signup, logout, clearRedirect]);

  let content: ReactNode;
  if (state.status === 'loading') content = <AuthLoading />;
  else if (state.status === 'unavailable') content = <AuthUnavailable error={state.error} onRetry={retry} />;
  else content = children;

  return <AuthContext.Provider value={value}>{content}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
