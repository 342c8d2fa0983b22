/** Display helpers for agent-reported values, any of which may be missing. */

export const DASH = '—';

export function text(value: unknown): string {
  if (value === null || value === undefined) return DASH;
  if (typeof value === 'string') return value.trim() === '' ? DASH : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : DASH;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return DASH;
}

/** The agent reports RAM and swap in GB (spec ch. 30, `ramInstalled`); shown with GiB units as in ch. 4. */
export function gib(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} GiB`;
}

export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) return DASH;
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${(value / (1024 * 1024)).toFixed(1)} MB`;
}

export function millis(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) return DASH;
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(2)} s`;
}

/** Load average as an array `[1, 5, 15]`, an object `{1min, 5min, 15min}` or a string. */
export function loadAverage(value: unknown): string {
  const fmt = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : typeof v === 'string' ? v : null);
  if (Array.isArray(value)) {
    const parts = value.map(fmt).filter((v): v is string => v !== null);
    return parts.length ? parts.join(' / ') : DASH;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const parts = ['1min', '5min', '15min'].map((k) => fmt(record[k])).filter((v): v is string => v !== null);
    return parts.length ? parts.join(' / ') : DASH;
  }
  return text(value);
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return DASH;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? DASH : new Date(parsed).toLocaleString();
}

/** Lists from the server may be absent on older data: always an array. */
export function list<T>(value: T[] | null | undefined): T[] {
  return Array.isArray(value) ? value.filter((v) => v !== null && v !== undefined) : [];
}
