// The app test/packages/angular.test.ts builds with the Angular CLI and drives in Chromium: the component from
// `model-viewer-embed/angular`, no CUSTOM_ELEMENTS_SCHEMA and no declaration of the app's own.
import { ApplicationRef, Component, inject, signal } from '@angular/core';
import { ModelViewerEmbedComponent } from 'model-viewer-embed/angular';
import type { ModelErrorEvent, ModelLoadedEvent, ModelProgressEvent } from 'model-viewer-embed';

/** What the test page sets before the app starts (the local platform's origin, the protected model's password). */
interface AppConfig {
  modelId: string;
  password: string;
  origin: string;
}

declare global {
  interface Window {
    appConfig: AppConfig;
    appEvents: string[];
    angularApp?: { setModelId(modelId: string): void; setMounted(mounted: boolean): void; remount(): void };
  }
}

@Component({
  selector: 'app-root',
  imports: [ModelViewerEmbedComponent],
  template: `
    @if (mounted()) {
      <model-viewer-embed
        [modelId]="modelId()"
        [passwordMode]="true"
        [password]="config.password"
        [baseUrl]="config.origin + '/rest/api/v1'"
        [sdkSrc]="config.origin + '/vendor/bimu/bimU.io.Viewer.umd.js'"
        [threeSrc]="config.origin + '/vendor/three/three.min.js'"
        [uiAssetsBase]="config.origin + '/vendor'"
        gestures="greedy"
        style="display: block; width: 320px; height: 320px"
        (loaded)="onLoaded($event)"
        (error)="onError($event)"
        (progress)="onProgress($event)"
      />
    }
  `,
})
export class App {
  protected readonly config = window.appConfig;
  protected readonly modelId = signal(this.config.modelId);
  protected readonly mounted = signal(true);
  protected progressEvents = 0;

  constructor() {
    const appRef = inject(ApplicationRef);
    // Zoneless change detection renders on a scheduled tick; `tick()` renders now, so that a remount really
    // destroys the element and creates a new one, as an `@if` that flips twice between frames would not.
    const setMounted = (mounted: boolean) => {
      this.mounted.set(mounted);
      appRef.tick();
    };
    window.angularApp = {
      setModelId: (modelId) => this.modelId.set(modelId),
      setMounted,
      remount: () => {
        setMounted(false);
        setMounted(true);
      },
    };
  }

  // The parameter types are the element's own event classes: the template type-checker would reject a handler
  // that expects another payload (src/mistakes/ shows it).
  protected onLoaded(event: ModelLoadedEvent): void {
    window.appEvents.push(`loaded:${event.detail.modelId}`);
  }

  protected onError(event: ModelErrorEvent): void {
    window.appEvents.push(`error:${event.detail.code}:${event.detail.modelId}`);
  }

  protected onProgress(event: ModelProgressEvent): void {
    this.progressEvents += event.detail.progress >= 0 ? 1 : 0;
  }
}
