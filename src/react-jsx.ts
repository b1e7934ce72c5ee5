/**
 * `model-viewer-embed/react-jsx` (types only): the bare `<model-viewer-embed>` tag in React 19 JSX, for apps
 * rendered on the client only. Opt in with `"types": ["model-viewer-embed/react-jsx"]` in tsconfig's
 * `compilerOptions` (or `/// <reference types="model-viewer-embed/react-jsx" />`), and define the element
 * with `import 'model-viewer-embed/define'`.
 *
 * Server-rendered apps should use `model-viewer-embed/react` instead: after `hydrateRoot`, React 19 never
 * attaches the bare tag's `onloaded`/`onerror` (react/react#35446), and it would render any property it does
 * not know to be one as an HTML attribute. That is also why `password` is not a prop of the bare tag here.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ModelViewerEmbed } from './model-viewer-embed.js';
import type { ModelErrorEvent, ModelLoadedEvent, ModelProgressEvent } from './events.js';
import type { TokenProvider } from './internal/credentials.js';

/** The tag's props: its attributes (kebab-case, as in HTML), `tokenProvider`, and its events, lower-case. */
export interface ModelViewerEmbedJSXProps extends Omit<
  DetailedHTMLProps<HTMLAttributes<ModelViewerEmbed>, ModelViewerEmbed>,
  'children' | 'dangerouslySetInnerHTML'
> {
  'model-id'?: string;
  'token-url'?: string;
  'access-token'?: string;
  'password-mode'?: boolean;
  'base-url'?: string;
  /** Milliseconds. */
  timeout?: number;
  'sdk-src'?: string;
  'three-src'?: string;
  'ui-assets-base'?: string;
  /** Set as a property by React 19 on the client (a function is never rendered on the server). */
  tokenProvider?: TokenProvider | null;
  /** React 19 listens to `progress` for a prop named `onprogress` (lower-case: `onProgress` is React's media event). */
  onprogress?: (event: ModelProgressEvent) => void;
  onloaded?: (event: ModelLoadedEvent) => void;
  onerror?: (event: ModelErrorEvent) => void;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types live in this namespace.
  namespace JSX {
    interface IntrinsicElements {
      'model-viewer-embed': ModelViewerEmbedJSXProps;
    }
  }
}
