// Hydrates the server HTML; a recoverable hydration error (a mismatch) is recorded, never ignored.
import { hydrateRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { App, type AppConfig } from './App.js';

declare global {
  interface Window {
    /** The config without the password, from the page's HTML. */
    appConfig: Omit<AppConfig, 'password'>;
    /** Set by the test before any page script runs, so that the only HTML a password could be in is React's. */
    appPassword: string;
    /** Unmounts and mounts the viewer synchronously (a React commit each). */
    remount(): void;
  }
}

hydrateRoot(
  document.getElementById('root')!,
  <App config={{ ...window.appConfig, password: window.appPassword }} />,
  {
    onRecoverableError: (error) => window.appEvents.push(`hydration-error:${String(error)}`),
  },
);

window.remount = () => {
  flushSync(() => window.appControls!.setMounted(false));
  flushSync(() => window.appControls!.setMounted(true));
};
