import { TestBed } from '@angular/core/testing';
import { en } from './en';
import { I18n } from './i18n';

describe('I18n', () => {
  let i18n: I18n;

  beforeEach(() => {
    localStorage.removeItem('me2me.language');
    i18n = TestBed.inject(I18n);
  });

  it('fills in parameters', () => {
    expect(i18n.t('me.signedInAs', { name: 'Ania' })).toBe('Signed in as Ania');
  });

  it('chooses the plural form by count', () => {
    expect(i18n.t('sync.offlineWaiting', { count: 1 })).toBe('Offline: 1 change waiting to send');
    expect(i18n.t('sync.offlineWaiting', { count: 3 })).toBe('Offline: 3 changes waiting to send');
  });

  it('shows the key itself for a missing message, so gaps are visible', () => {
    expect(i18n.t('no.such.key')).toBe('no.such.key');
  });

  it('has no empty English messages', () => {
    for (const [key, message] of Object.entries(en)) {
      const forms = typeof message === 'string' ? [message] : Object.values(message);
      for (const form of forms) expect(form.trim()).withContext(key).not.toBe('');
    }
  });
});
