import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { THEME_STORAGE_KEY, applyThemePreference, initialTheme, systemTheme, useTheme } from './theme';

type Listener = (event: MediaQueryListEvent) => void;

/** A controllable `matchMedia` for `(prefers-color-scheme: dark)`. */
function mockColorScheme(dark: boolean) {
  const listeners = new Set<Listener>();
  const query = {
    matches: dark,
    media: '(prefers-color-scheme: dark)',
    onchange: null,
    addEventListener: (_: string, l: Listener) => listeners.add(l),
    removeEventListener: (_: string, l: Listener) => listeners.delete(l),
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => true,
  };
  vi.stubGlobal(
    'matchMedia',
    vi.fn((media: string) => {
      expect(media).toBe('(prefers-color-scheme: dark)');
      return query;
    }),
  );
  return {
    change(nextDark: boolean) {
      query.matches = nextDark;
      for (const l of listeners) l({ matches: nextDark } as MediaQueryListEvent);
    },
    listenerCount: () => listeners.size,
  };
}

beforeEach(() => {
  window.localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
});

afterEach(() => {
  cleanup();
});

describe('theme defaults', () => {
  it('follows prefers-color-scheme when nothing is stored', () => {
    mockColorScheme(true);
    expect(systemTheme()).toBe('dark');
    expect(initialTheme()).toBe('dark');

    mockColorScheme(false);
    expect(initialTheme()).toBe('light');
  });

  it('prefers the stored choice over the system', () => {
    mockColorScheme(true);
    window.localStorage.setItem(THEME_STORAGE_KEY, 'light');
    expect(initialTheme()).toBe('light');
  });

  it('ignores an invalid stored value', () => {
    mockColorScheme(true);
    window.localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    expect(initialTheme()).toBe('dark');
  });
});

describe('useTheme', () => {
  it('applies the system theme to <html data-theme> without storing it', () => {
    mockColorScheme(true);
    const { result } = renderHook(() => useTheme());

    expect(result.current.theme).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });

  it('toggles, applies and persists the choice', () => {
    mockColorScheme(false);
    const { result } = renderHook(() => useTheme());
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');

    act(() => result.current.toggleTheme());
    expect(result.current.theme).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');

    act(() => result.current.toggleTheme());
    expect(result.current.theme).toBe('light');
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
  });

  it('restores a persisted choice on the next load', () => {
    mockColorScheme(false);
    const first = renderHook(() => useTheme());
    act(() => first.result.current.toggleTheme());
    first.unmount();
    document.documentElement.removeAttribute('data-theme');

    const second = renderHook(() => useTheme());
    expect(second.result.current.theme).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
  });

  it('follows live system changes until the user chooses, then keeps the choice', () => {
    const scheme = mockColorScheme(false);
    const { result, unmount } = renderHook(() => useTheme());

    act(() => scheme.change(true));
    expect(result.current.theme).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');

    act(() => result.current.toggleTheme());
    expect(result.current.theme).toBe('light');

    act(() => scheme.change(true));
    expect(result.current.theme).toBe('light');

    unmount();
    expect(scheme.listenerCount()).toBe(0);
  });
});

describe('applyThemePreference (My Profile)', () => {
  it('stores light or dark, forgets the choice for system, and every useTheme follows', () => {
    const scheme = mockColorScheme(true);
    const { result } = renderHook(() => useTheme());
    expect(result.current.theme).toBe('dark');

    act(() => {
      expect(applyThemePreference('light')).toBe('light');
    });
    expect(result.current.theme).toBe('light');
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');

    act(() => {
      expect(applyThemePreference('system')).toBe('dark');
    });
    expect(result.current.theme).toBe('dark');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    // Following the system again: its changes apply live.
    act(() => scheme.change(false));
    expect(result.current.theme).toBe('light');
  });
});
