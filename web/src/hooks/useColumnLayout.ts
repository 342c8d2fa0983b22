import { useCallback, useState } from 'react';

export interface ColumnDef<K extends string> {
  key: K;
  label: string;
}

function load<K extends string>(storageKey: string, defaults: readonly K[]): K[] {
  try {
    const saved = JSON.parse(window.localStorage.getItem(storageKey) ?? 'null') as unknown;
    if (Array.isArray(saved)) {
      const known = saved.filter((k): k is K => typeof k === 'string' && defaults.includes(k as K));
      return [...new Set(known)];
    }
  } catch {
    // A damaged entry falls back to the default layout.
  }
  return [...defaults];
}

/**
 * A table's column layout as the guide describes it (chapters 6 and 7): columns can be hidden,
 * reordered and reset to the default, and the layout is remembered in this browser. The stored
 * value is the visible columns in display order.
 */
export function useColumnLayout<K extends string>(storageKey: string, columns: readonly ColumnDef<K>[]) {
  const defaults = columns.map((c) => c.key);
  const [visible, setVisible] = useState<K[]>(() => load(storageKey, defaults));

  const save = useCallback(
    (next: K[]) => {
      setVisible(next);
      window.localStorage.setItem(storageKey, JSON.stringify(next));
    },
    [storageKey],
  );

  const toggle = (key: K, show: boolean) => {
    if (show && !visible.includes(key)) save([...visible, key]);
    if (!show) save(visible.filter((k) => k !== key));
  };

  const move = (key: K, delta: -1 | 1) => {
    const from = visible.indexOf(key);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= visible.length) return;
    const next = [...visible];
    [next[from], next[to]] = [next[to]!, next[from]!];
    save(next);
  };

  const reset = () => {
    window.localStorage.removeItem(storageKey);
    setVisible([...defaults]);
  };

  /** Every column, visible ones first in display order, so the panel lists them as they appear. */
  const ordered = [...visible, ...defaults.filter((k) => !visible.includes(k))].map((k) => columns.find((c) => c.key === k)!);

  return { visible, ordered, isShown: (key: K) => visible.includes(key), toggle, move, reset };
}
