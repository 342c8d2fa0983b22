import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A list page's filters kept in the query string, so every filtered view is a deep link
 * (the dashboard's cards open them). The free-text search is typed into local state and
 * reaches the URL (and so the server) after a pause, not on every keystroke.
 */
export function useUrlFilters(delayMs = 300) {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const [searchText, setSearchText] = useState(search);

  const setParam = useCallback(
    (key: string, value: string) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  useEffect(() => {
    if (searchText === search) return;
    const timer = window.setTimeout(() => setParam('search', searchText), delayMs);
    return () => window.clearTimeout(timer);
    // Only typing restarts the pause; a URL change from elsewhere must not re-send stale text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchText]);

  const clearAll = useCallback(() => {
    setSearchText('');
    setParams(new URLSearchParams(), { replace: true });
  }, [setParams]);

  return { params, search, searchText, setSearchText, setParam, clearAll };
}
