import { TestBed } from '@angular/core/testing';
import { en } from '../i18n/en';
import { I18n } from '../i18n/i18n';
import { decodeRefusal, encodeRefusal, refusalOfThrown } from '../../../sync-server/couchdb/refusal';

describe('refusals in the user language', () => {
  it('keeps code, parameters and English text through the one string the outbox stores', () => {
    const stored = encodeRefusal({
      code: 'field.tooLong',
      params: { field: 'title', max: 120 },
      reason: 'title must be text of 1 to 120 characters.',
    });
    expect(decodeRefusal(stored)).toEqual({
      code: 'field.tooLong',
      params: { field: 'title', max: 120 },
      reason: 'title must be text of 1 to 120 characters.',
    });
    expect(decodeRefusal('Only the owner may write to their own database.')).toEqual({
      reason: 'Only the owner may write to their own database.',
    });
    expect(decodeRefusal('{"refusal": broken')).toEqual({ reason: '{"refusal": broken' });
  });

  it("reads a rule's throw", () => {
    expect(refusalOfThrown({ forbidden: 'No.', code: 'x.y', params: { n: 1 } })).toEqual({ code: 'x.y', params: { n: 1 }, reason: 'No.' });
    expect(refusalOfThrown({ forbidden: 'No.' })).toEqual({ code: undefined, params: undefined, reason: 'No.' });
  });

  it("shows the code's message in the user's language, and the English text for a code it does not know", async () => {
    const i18n = TestBed.inject(I18n);
    const code = Object.keys(en)
      .find((key) => key.startsWith('refusal.'))!
      .slice('refusal.'.length);
    await i18n.setLanguage('pl');
    const stored = encodeRefusal({ code, params: {}, reason: 'English text' });
    expect(i18n.refusal(stored)).not.toBe('English text');
    expect(i18n.refusal(stored)).not.toContain('refusal.');
    expect(i18n.refusal(encodeRefusal({ code: 'no.such.code', reason: 'English text' }))).toBe('English text');
    await i18n.setLanguage('en');
  });
});
