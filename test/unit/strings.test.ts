/**
 * The language table (pure): which table a `lang` picks, overrides, placeholders, direction.
 */
import { expect } from '@open-wc/testing';
import {
  SHIPPED_STRINGS,
  directionOf,
  errorText,
  formatText,
  resolveText,
} from '../../src/internal/strings.js';
import { ModelErrorCode } from '../../src/internal/errors.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('strings', () => {
  it('ships English, German, French and Arabic, each with every key and the same placeholders', () => {
    const en = SHIPPED_STRINGS.en!;
    expect(Object.keys(SHIPPED_STRINGS).sort()).to.deep.equal(['ar', 'de', 'en', 'fr']);
    for (const [language, table] of Object.entries(SHIPPED_STRINGS)) {
      expect(Object.keys(table).sort(), language).to.deep.equal(Object.keys(en).sort());
      for (const [key, text] of Object.entries(table)) {
        expect(text.trim(), `${language}.${key}`).not.to.equal('');
        expect(placeholders(text), `${language}.${key}`).to.deep.equal(
          placeholders(en[key as keyof typeof en]),
        );
      }
    }
  });

  it('has a sentence for every error code in every language', () => {
    for (const table of Object.values(SHIPPED_STRINGS)) {
      for (const code of Object.values(ModelErrorCode)) expect(errorText(table, code)).to.be.a('string');
    }
  });

  it('matches the full tag, then the language, then falls back to English', () => {
    expect(resolveText('de').language).to.equal('de');
    expect(resolveText('de-CH').language).to.equal('de');
    expect(resolveText('FR_ca').language).to.equal('fr');
    expect(resolveText('nl').language).to.equal('en');
    expect(resolveText('').language).to.equal('en');
    expect(resolveText('de').strings.loading).to.equal('3D-Modell wird geladen…');
  });

  it('takes page tables over shipped ones, element overrides over both, and ignores unknown keys', () => {
    const page = { NL: { loading: 'Het 3D-model wordt geladen…' }, de: { passwordOk: 'Weiter' } };
    const nl = resolveText('nl-BE', page);
    expect(nl.language).to.equal('nl');
    expect(nl.strings.loading).to.equal('Het 3D-model wordt geladen…');
    expect(nl.strings.passwordTitle, 'completed from English').to.equal('Password required');
    const de = resolveText('de', page, {
      passwordTitle: 'Kennwort',
      nonsense: 'x',
      loading: 42,
    } as unknown as Record<string, string>);
    expect(de.strings.passwordOk).to.equal('Weiter');
    expect(de.strings.passwordTitle).to.equal('Kennwort');
    expect(de.strings.loading, 'a non-string never blanks a text').to.equal('3D-Modell wird geladen…');
    expect(de.strings).not.to.have.property('nonsense');
  });

  it('knows right-to-left languages', () => {
    expect(directionOf('ar')).to.equal('rtl');
    expect(directionOf('he-IL')).to.equal('rtl');
    expect(directionOf('fa')).to.equal('rtl');
    expect(directionOf('de')).to.equal('ltr');
    expect(resolveText('ar-EG').dir).to.equal('rtl');
    // A page table for Hebrew: the direction follows the language, not the shipped tables.
    expect(resolveText('he', { he: { loading: 'טוען…' } }).dir).to.equal('rtl');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(formatText('The model “{model}” {x}', { model: 'a<b' })).to.equal('The model “a<b” {x}');
  });
});
