import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';

bootstrapApplication(App).catch((error: unknown) =>
  window.appEvents.push(`bootstrap-error:${String(error)}`),
);
