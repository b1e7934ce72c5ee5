/**
 * A language table whose download stalls (no answer and no error) does not hold a load: its outcome goes out
 * after `TABLE_WAIT_MS` in the texts the element has. In its own file: it replaces the German loader of this
 * page's module state.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { outcome, useFakeSdk } from '../helpers/element.js';
import { SHIPPED_LANGUAGES, type UiStrings } from '../../src/internal/strings.js';
import { TABLE_WAIT_MS } from '../../src/features/language.js';

describe('a language table that never arrives', function () {
  this.timeout(TABLE_WAIT_MS + 20_000);
  useFakeSdk();

  it('ends the load after the bound, in the texts the element has, with the table still pending', async () => {
    const loaders = SHIPPED_LANGUAGES as Record<string, () => Promise<UiStrings>>;
    const shippedGerman = loaders.de!;
    loaders.de = () => new Promise<UiStrings>(() => undefined);
    try {
      const started = performance.now();
      // A malformed access token fails the load's own checks at once: only the table's wait is left.
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed lang="de" model-id="m" access-token="not-a-token"></model-viewer-embed>`,
      );
      const event = await outcome(el);
      const waited = performance.now() - started;
      expect(event.type).to.equal('error');
      expect(waited, 'the outcome waited for the table, up to the bound').to.be.at.least(TABLE_WAIT_MS - 50);
      expect(el.status).to.equal('error');
      await el.updateComplete;
      const status = el
        .shadowRoot!.querySelector('[part="status"]')!
        .textContent!.replace(/\s+/g, ' ')
        .trim();
      expect(status).to.match(/^The 3D model could not be loaded\./);
    } finally {
      loaders.de = shippedGerman;
    }
  });
});
