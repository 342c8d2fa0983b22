import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { displayName } from '../auth/session';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts[parts.length - 1]![0]}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/** The header's account button: who is signed in, to which organisation; profile and sign-out. */
export function UserMenu() {
  const { user, tenant, logout } = useAuth();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return undefined;
    items()[0]?.focus();
    const onPointerDown = (event: PointerEvent | MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointerDown);
    return () => document.removeEventListener('mousedown', onPointerDown);
  }, [open]);

  if (!user || !tenant) return null;
  const name = displayName(user);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    let target: HTMLElement | undefined;
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        close(true);
        return;
      case 'Tab':
        setOpen(false);
        return;
      case 'ArrowDown':
        target = list[(index + 1) % list.length];
        break;
      case 'ArrowUp':
        target = list[(index - 1 + list.length) % list.length];
        break;
      case 'Home':
        target = list[0];
        break;
      case 'End':
        target = list[list.length - 1];
        break;
      default:
        return;
    }
    event.preventDefault();
    target?.focus();
  };

  const onSignOut = async () => {
    setSigningOut(true);
    await logout();
  };

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        data-testid="user-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span className="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span className="user-menu__who">
          <span className="user-menu__name" data-testid="user-name">
            {name}
          </span>
          <span className="user-menu__tenant" data-testid="user-tenant">
            {tenant.name}
          </span>
        </span>
        <span className="user-menu__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div className="user-menu__popup">
          <p className="user-menu__account">
            Signed in as <strong>{user.username}</strong>
            <br />
            <span className="user-menu__meta">{tenant.name}</span>
            <br />
            <span className="user-menu__meta">
              Organisation slug: <code>{tenant.slug}</code>
            </span>
          </p>
          <ul id={menuId} ref={menuRef} role="menu" aria-label="Account" onKeyDown={onMenuKeyDown}>
            <li role="none">
              <Link
                role="menuitem"
                to="/settings/profile"
                className="user-menu__item"
                data-testid="profile-link"
                onClick={() => close(false)}
              >
                My profile
              </Link>
            </li>
            <li role="none">
              <button
                type="button"
                role="menuitem"
                className="user-menu__item"
                data-testid="logout"
                disabled={signingOut}
                onClick={onSignOut}
              >
                {signingOut ? 'Signing out…' : 'Sign out'}
              </button>
            </li>
          </ul>
        </div>
      ) : null}
    </div>
  );
}
