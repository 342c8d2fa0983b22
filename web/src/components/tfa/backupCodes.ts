/** The file name of downloaded backup codes. */
export const BACKUP_CODES_FILE = 'patchmon-backup-codes.txt';

/** The plain-text file of backup codes: what they are for, then one code a line. */
export function backupCodesText(codes: readonly string[], account?: string, now: Date = new Date()): string {
  const lines = [
    'PatchMon Cloud backup codes',
    ...(account ? [`Account: ${account}`] : []),
    `Generated: ${now.toISOString()}`,
    '',
    'Each code signs you in once, in place of a code from your authenticator app.',
    'Generating new codes makes all of these stop working. Keep this file somewhere safe.',
    '',
    ...codes,
    '',
  ];
  return lines.join('\n');
}

/** Saves the codes as a text file through a Blob (nothing is sent anywhere). */
export function downloadBackupCodes(codes: readonly string[], account?: string): void {
  const blob = new Blob([backupCodesText(codes, account)], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = BACKUP_CODES_FILE;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoke once the browser has started the download.
    window.setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** Copies text to the clipboard; resolves false when the browser refuses. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
