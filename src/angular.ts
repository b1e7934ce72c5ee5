/**
 * `model-viewer-embed/angular`: `<model-viewer-embed>` as a standalone Angular component, so that templates
 * bind typed inputs (`[modelId]="42"` and a misspelt `[modelIdd]` are compile errors under `strictTemplates`)
 * without `CUSTOM_ELEMENTS_SCHEMA`.
 *
 * Shipped compiled in Angular's partial mode (what ng-packagr publishes; `npm run build` runs `ngc` with
 * tsconfig.angular.json): the app's Angular CLI links it for its own Angular version, so the package does not
 * tie apps to the Angular version it was built with.
 *
 * The component's host is the custom element itself (its selector is the tag): it renders nothing of its own,
 * projects its children, and sets each input as the element's property (the password too, never an
 * attribute). It declares no outputs on purpose: Angular adds a DOM listener for every `(event)` binding on an
 * element even when a directive has an output of that name, so an output re-emitting `loaded` would call the
 * handler twice. The element's own events are typed already: Angular's template type-checker takes `$event`
 * from the element's `addEventListener` overloads (`HTMLElementTagNameMap` and `ModelViewerEmbedEventMap`).
 */
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  effect,
  inject,
  input,
  type InputSignal,
} from '@angular/core';
import type { ModelViewerEmbed } from './model-viewer-embed.js';
import type { ModelViewerEmbedSettings } from './types.js';
import './define.js';

type Settings = Required<ModelViewerEmbedSettings>;

/**
 * `<model-viewer-embed>` with typed inputs. Import it in the standalone components (or NgModules) whose
 * templates use the tag:
 *
 * ```ts
 * @Component({
 *   imports: [ModelViewerEmbedComponent],
 *   template: `<model-viewer-embed [modelId]="id" tokenUrl="/api/bimu-token" (loaded)="onLoaded($event)" />`,
 * })
 * ```
 *
 * A template reference (`#viewer`) or `viewChild(ModelViewerEmbedComponent)` gives this component; its
 * `element` is the `ModelViewerEmbed` element (`viewer`, `status`, `reload()`).
 */
@Component({
  selector: 'model-viewer-embed',
  template: '<ng-content />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModelViewerEmbedComponent {
  /** The element itself. */
  readonly element: ModelViewerEmbed = inject<ElementRef<ModelViewerEmbed>>(ElementRef).nativeElement;

  // One input per row of the settings table, each typed by its row (`SETTING_NAMES` below fails the package's
  // type-check when a row has no input here).
  readonly modelId = input<Settings['modelId'] | undefined>();
  readonly accessToken = input<Settings['accessToken'] | undefined>();
  readonly tokenUrl = input<Settings['tokenUrl'] | undefined>();
  readonly tokenProvider = input<Settings['tokenProvider'] | undefined>();
  readonly passwordMode = input<Settings['passwordMode'] | undefined>();
  readonly password = input<Settings['password'] | undefined>();
  readonly gestures = input<Settings['gestures'] | undefined>();
  readonly loading = input<Settings['loading'] | undefined>();
  readonly sdkSrc = input<Settings['sdkSrc'] | undefined>();
  readonly threeSrc = input<Settings['threeSrc'] | undefined>();
  readonly uiAssetsBase = input<Settings['uiAssetsBase'] | undefined>();
  readonly baseUrl = input<Settings['baseUrl'] | undefined>();
  readonly timeout = input<Settings['timeout'] | undefined>();
  readonly poster = input<Settings['poster'] | undefined>();
  readonly alt = input<Settings['alt'] | undefined>();
  readonly reveal = input<Settings['reveal'] | undefined>();
  readonly viewpoint = input<Settings['viewpoint'] | undefined>();
  readonly toolbar = input<Settings['toolbar'] | undefined>();
  readonly buttonColor = input<Settings['buttonColor'] | undefined>();
  readonly background = input<Settings['background'] | undefined>();
  readonly strings = input<Settings['strings'] | undefined>();
  readonly isolation = input<Settings['isolation'] | undefined>();

  constructor() {
    for (const name of SETTING_NAMES) {
      const value = this[name] as InputSignal<unknown>;
      // An input never bound stays `undefined` and leaves the element's property alone, so a plain
      // `token-url="…"` attribute next to the component keeps working; once bound, every change is forwarded.
      let bound = false;
      effect(() => {
        const current = value();
        if (current === undefined && !bound) return;
        bound = true;
        (this.element as unknown as Record<string, unknown>)[name] = current;
      });
    }
  }
}

/**
 * Every setting's name, from an object that must list each row of the settings table exactly once (`satisfies`
 * rejects a missing and an unknown name); `this[name]` in the constructor then fails to compile for a row that
 * has no input.
 */
const SETTING_NAMES = Object.keys({
  modelId: true,
  accessToken: true,
  tokenUrl: true,
  tokenProvider: true,
  passwordMode: true,
  password: true,
  gestures: true,
  loading: true,
  sdkSrc: true,
  threeSrc: true,
  uiAssetsBase: true,
  baseUrl: true,
  timeout: true,
  poster: true,
  alt: true,
  reveal: true,
  viewpoint: true,
  toolbar: true,
  buttonColor: true,
  background: true,
  strings: true,
  isolation: true,
} satisfies Record<keyof Settings, true>) as (keyof Settings)[];
