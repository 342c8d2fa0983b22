import { describe, expect, it } from 'vitest';
import { loginPath, safeNextPath } from './next';
import { passwordChecks } from './passwordPolicy';
import { retryAfterText } from './errors';

describe('safeNextPath', () => {
  it.each([
    ['/hosts', '/hosts'],
    ['/hosts?group=web#top', '/hosts?group=web#top'],
    ['/settings/profile', '/settings/profile'],
    ['/', '/'],
    ['/a/../hosts', '/hosts'],
  ])('accepts the relative path %s', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['hosts'],
    ['https://evil.example/'],
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['/%0a//evil'.replace('%0a', '\n')],
    ['javascript:alert(1)'],
    ['/login'],
    ['/login?next=/hosts'],
    ['/signup'],
  ])('rejects %s', (input) => {
    expect(safeNextPath(input)).toBeNull();
  });
});

describe('loginPath', () => {
  it('adds next only for a safe path other than /', () => {
    expect(loginPath('/hosts?x=1')).toBe('/login?next=/hosts%3Fx%3D1');
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('//evil')).toBe('/login');
    expect(loginPath('/settings/profile#tfa')).toBe('/login?next=/settings/profile%23tfa');
  });

  it('round-trips through the query string', () => {
    for (const path of ['/hosts', '/hosts?group=web&x=a%26b', '/packages/openssl#top']) {
      const next = new URLSearchParams(loginPath(path).split('?')[1]).get('next');
      expect(safeNextPath(next)).toBe(path);
    }
  });
});

describe('password checklist', () => {
  it('mirrors the server default policy, Unicode included', () => {
    const met = (p: string) => passwordChecks(p).filter((c) => c.met).map((c) => c.rule.id);
    expect(met('Ünïcödé1!')).toEqual(['length', 'uppercase', 'lowercase', 'number', 'special']);
    expect(met('abcdefg')).toEqual(['lowercase']);
    expect(met('ABCDEFGH')).toEqual(['length', 'uppercase']);
    expect(met('12345678')).toEqual(['length', 'number']);
  });
});

describe('retryAfterText', () => {
  it('rounds up to minutes from 60 seconds on', () => {
    expect(retryAfterText(900)).toBe('Try again in 15 minutes.');
    expect(retryAfterText(59)).toBe('Try again in 59 seconds.');
    expect(retryAfterText(1)).toBe('Try again in 1 second.');
    expect(retryAfterText(0)).toBe('');
    expect(retryAfterText(undefined)).toBe('');
  });
});
