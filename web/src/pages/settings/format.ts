/** "just now", "5 minutes ago", "3 days ago"; "Never" without a date. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'Never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'Unknown';
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return seconds < -45 ? 'in the future' : 'just now';
  const units: [number, string][] = [
    [60, 'minute'],
    [60 * 60, 'hour'],
    [60 * 60 * 24, 'day'],
    [60 * 60 * 24 * 30, 'month'],
    [60 * 60 * 24 * 365, 'year'],
  ];
  let chosen = units[0]!;
  for (const unit of units) if (seconds >= unit[0] * 0.9) chosen = unit;
  const count = Math.max(1, Math.round(seconds / chosen[0]));
  return `${count} ${chosen[1]}${count === 1 ? '' : 's'} ago`;
}

/** A full local date and time for a tooltip; empty without a date. */
export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time).toLocaleString();
}
