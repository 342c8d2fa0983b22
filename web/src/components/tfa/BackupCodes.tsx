import { useState } from 'react';
import { copyText, downloadBackupCodes } from './backupCodes';
import './tfa.css';

/**
 * Backup codes, shown once (after enabling two-factor authentication or regenerating them), with
 * Download and Copy. The server only keeps hashes: nobody can show these again.
 */
export function BackupCodes({ codes, account }: { codes: readonly string[]; account?: string }) {
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  const onCopy = async () => {
    setCopyState((await copyText(codes.join('\n'))) ? 'copied' : 'failed');
  };

  return (
    <div className="backup-codes">
      <p className="notice notice--warning" role="note">
        Save these backup codes now: they are shown only once. Each one signs you in once if you lose your
        authenticator app.
      </p>
      <ol className="backup-codes__list" data-testid="tfa-backup-codes" aria-label="Backup codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button
          type="button"
          className="button button--secondary"
          data-testid="tfa-download-codes"
          onClick={() => downloadBackupCodes(codes, account)}
        >
          Download codes
        </button>
        <button type="button" className="button button--secondary" data-testid="tfa-copy-codes" onClick={onCopy}>
          Copy
        </button>
        <span className="button-row__status" role="status" data-testid="tfa-copy-status">
          {copyState === 'copied' ? 'Copied to the clipboard.' : null}
          {copyState === 'failed' ? 'Could not copy: select the codes and copy them yourself.' : null}
        </span>
      </div>
    </div>
  );
}
