/**
 * The language table (pure): which table a `lang` picks, overrides, placeholders, direction, and the download of
 * the tables other than English.
 */
import { expect } from '@open-wc/testing';
import {
  SHIPPED_LANGUAGES,
  directionOf,
  errorText,
  formatText,
  loadShippedTable,
  resolveText,
  shippedTable,
  type UiStrings,
} from '../../src/internal/strings.js';
import { ModelErrorCode } from '../../src/internal/errors.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** Every shipped table, downloaded. */
function shippedTables(): [string, UiStrings][] {
  return Object.keys(SHIPPED_LANGUAGES).map((language) => [language, shippedTable(language)!]);
}

describe('strings before the tables are downloaded', () => {
  it('has only English; another shipped language is pending until its table is in', async () => {
    expect(shippedTable('en')!.loading).to.equal('Loading 3D model…');
    expect(shippedTable('fr')).to.equal(undefined);
    const pending = resolveText('fr-CA');
    expect(pending.language).to.equal('fr');
    expect(pending.pending).to.equal(true);
    expect(resolveText('en').pending).to.equal(undefined);
    // A page table that gives every text needs no download.
    const full = { fr: { ...shippedTable('en')!, loading: 'Chargement (page)…' } };
    expect(resolveText('fr', full).pending).to.equal(undefined);
    expect(resolveText('fr', full).strings.loading).to.equal('Chargement (page)…');
    await loadShippedTable('fr');
    expect(resolveText('fr-CA').pending).to.equal(undefined);
    expect(resolveText('fr-CA').strings.loading).to.equal('Chargement du modèle 3D…');
  });
});

describe('strings', () => {
  before(() => Promise.all(Object.keys(SHIPPED_LANGUAGES).map(loadShippedTable)));

  it('ships English, German, French and Arabic, each with every key and the same placeholders', () => {
    const en = shippedTable('en')!;
    expect(Object.keys(SHIPPED_LANGUAGES).sort()).to.deep.equal(['ar', 'de', 'en', 'fr']);
    for (const [language, table] of shippedTables()) {
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
    for (const [, table] of shippedTables()) {
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
