import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

/** A user's saved preference (My Profile): a theme, or following the operating system. */
export type ThemePreference = Theme | 'system';

/** Window event telling every {@link useTheme} that the theme was set elsewhere (detail: the theme). */
const THEME_CHANGE_EVENT = 'patchmon-theme-change';

/** localStorage key holding the user's explicit choice. */
export const THEME_STORAGE_KEY = 'patchmon-theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function isTheme(value: unknown): value is Theme {
  return value === 'light' || value === 'dark';
}

/** The theme the user picked earlier, or null if none (or storage is unavailable). */
export function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return isTheme(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Private mode or disabled storage: the choice lasts for this page only.
  }
}

/** Forgets the explicit choice: the theme follows the system again. */
export function clearStoredTheme(): void {
  try {
    window.localStorage.removeItem(THEME_STORAGE_KEY);
  } catch {
    // Storage unavailable: nothing was stored.
  }
}

function darkQuery(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
}

/** The operating system's preference (`prefers-color-scheme`), light when unknown. */
export function systemTheme(): Theme {
  return darkQuery()?.matches ? 'dark' : 'light';
}

/** A stored choice wins; otherwise follow the system. */
export function initialTheme(): Theme {
  return storedTheme() ?? systemTheme();
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.setAttribute('data-theme', theme);
  root.style.colorScheme = theme;
}

export function oppositeTheme(theme: Theme): Theme {
  return theme === 'dark' ? 'light' : 'dark';
}

/**
 * Applies a saved preference now: light or dark is stored like a toggle, system forgets the
 * stored choice and follows the operating system. Every mounted {@link useTheme} follows.
 */
export function applyThemePreference(preference: ThemePreference): Theme {
  if (preference === 'system') clearStoredTheme();
  else storeTheme(preference);
  const theme = preference === 'system' ? systemTheme() : preference;
  applyTheme(theme);
  window.dispatchEvent(new CustomEvent<Theme>(THEME_CHANGE_EVENT, { detail: theme }));
  return theme;
}

/**
 * Current theme, applied to `<html data-theme>`. Until the user toggles, it follows the
 * system preference live; a toggle is persisted and wins from then on.
 */
export function useTheme(): { theme: Theme; toggleTheme: () => void } {
  const [theme, setTheme] = useState<Theme>(initialTheme);

  useEffect(() => {
    applyTheme(theme);
  }, [theme]);

  useEffect(() => {
    const query = darkQuery();
    if (!query || typeof query.addEventListener !== 'function') return undefined;
    const onChange = (event: MediaQueryListEvent) => {
      if (storedTheme() === null) setTheme(event.matches ? 'dark' : 'light');
    };
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    const onChange = (event: Event) => {
      const next = (event as CustomEvent<unknown>).detail;
      if (isTheme(next)) setTheme(next);
    };
    window.addEventListener(THEME_CHANGE_EVENT, onChange);
    return () => window.removeEventListener(THEME_CHANGE_EVENT, onChange);
  }, []);

  const toggleTheme = useCallback(() => {
    setTheme((current) => {
      const next = oppositeTheme(current);
      storeTheme(next);
      return next;
    });
  }, []);

  return { theme, toggleTheme };
}
