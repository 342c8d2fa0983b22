import type { OsFamily } from '../../api/hosts';

export interface InstallOptions {
  /** Windows: self-signed certificate (SSL bypass). */
  sslBypass?: boolean;
  /** Windows: curl.exe instead of Invoke-WebRequest. */
  useCurl?: boolean;
  /** Linux / FreeBSD: the installer gets its prerequisites past broken packages (ch. 30's `force=true`). */
  force?: boolean;
}

/** The install one-liner of admin guide chapter 3, for the chosen OS. */
export function installCommand(origin: string, os: OsFamily, apiId: string, apiKey: string, options: InstallOptions = {}): string {
  const { sslBypass = false, useCurl = false, force = false } = options;
  const url = `${origin.replace(/\/$/, '')}/api/v1/hosts/install`;
  if (os !== 'windows') {
    const shell = os === 'freebsd' ? 'sh' : 'sudo sh';
    const query = force ? '?force=true' : '';
    return `curl -s "${url}${query}" \\\n  -H "X-API-ID: ${apiId}" \\\n  -H "X-API-KEY: ${apiKey}" | ${shell}`;
  }
  const script = '$env:TEMP\\patchmon-install.ps1';
  // The installer repeats the wizard's choices for its own downloads.
  const query = `os=windows${sslBypass ? '&skip_ssl_verify=true' : ''}${useCurl ? '&use_curl=true' : ''}`;
  const prefix = sslBypass
    ? '[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12; ' +
      '[Net.ServicePointManager]::ServerCertificateValidationCallback = {$true}; '
    : '';
  const download = useCurl
    ? `curl.exe -s${sslBypass ? 'k' : ''} "${url}?${query}" -H "X-API-ID: ${apiId}" -H "X-API-KEY: ${apiKey}" -o "${script}"`
    : `Invoke-WebRequest -UseBasicParsing -Uri "${url}?${query}" -Headers @{"X-API-ID"="${apiId}"; "X-API-KEY"="${apiKey}"} -OutFile "${script}"`;
  return `${prefix}${download}; powershell -ExecutionPolicy Bypass -File "${script}"`;
}

/** "3 minutes ago"; "Never" for null. */
export function relativeTime(value: string | null, now: number = Date.now()): string {
  if (!value) return 'Never';
  const then = Date.parse(value);
  if (Number.isNaN(then)) return 'Never';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

export function osLabel(host: { os_type: string | null; os_version: string | null; os_family: string | null }): string {
  if (host.os_type) return [host.os_type, host.os_version].filter(Boolean).join(' ');
  const family = host.os_family ?? '';
  return ({ linux: 'Linux', freebsd: 'FreeBSD', windows: 'Windows' } as Record<string, string>)[family] ?? (family || '—');
}

/** Copies to the clipboard; falls back to a prompt() with the text selected. */
export async function copyText(text: string): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
  } catch {
    window.prompt('Copy the command:', text);
  }
}
