// Each component has exactly one deliberate mistake; test/packages/angular.test.ts runs ngc with
// tsconfig.mistakes.json and expects exactly these errors, one each, and no other.
import { Component } from '@angular/core';
import { ModelViewerEmbedComponent } from 'model-viewer-embed/angular';
import type { ModelErrorEvent } from 'model-viewer-embed';

@Component({
  selector: 'app-model-id-number',
  imports: [ModelViewerEmbedComponent],
  template: `<model-viewer-embed [modelId]="42" />`,
})
export class ModelIdNumber {}

@Component({
  selector: 'app-misspelt-input',
  imports: [ModelViewerEmbedComponent],
  template: `<model-viewer-embed [modelIdd]="'house'" />`,
})
export class MisspeltInput {}

@Component({
  selector: 'app-unknown-gestures',
  imports: [ModelViewerEmbedComponent],
  template: `<model-viewer-embed modelId="house" gestures="free" />`,
})
export class UnknownGestures {}

@Component({
  selector: 'app-wrong-event-payload',
  imports: [ModelViewerEmbedComponent],
  template: `<model-viewer-embed modelId="house" (loaded)="onError($event)" />`,
})
export class WrongEventPayload {
  onError(event: ModelErrorEvent): string {
    return event.detail.code;
  }
}

@Component({
  selector: 'app-misspelt-detail',
  imports: [ModelViewerEmbedComponent],
  template: `<model-viewer-embed modelId="house" (loaded)="last = $event.detail.modelid" />`,
})
export class MisspeltDetail {
  last = '';
}
