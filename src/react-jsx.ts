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
import type { SettingAttributes } from './internal/settings-table.js';
import type { ModelViewerEmbedLowercaseHandlers, ModelViewerEmbedSettings } from './types.js';

/**
 * The tag's props: its attributes (kebab-case, as in HTML, from the element's settings table), `tokenProvider`
 * (set as a property by React 19 on the client; a function is never rendered on the server), and a lower-case
 * listener for each event (`onloaded`; React 19 listens to `progress` for `onprogress`, as `onProgress` is
 * React's media event).
 */
export type ModelViewerEmbedJSXProps = Omit<
  DetailedHTMLProps<HTMLAttributes<ModelViewerEmbed>, ModelViewerEmbed>,
  'children' | 'dangerouslySetInnerHTML'
> &
  SettingAttributes &
  Pick<ModelViewerEmbedSettings, 'tokenProvider'> &
  ModelViewerEmbedLowercaseHandlers;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types live in this namespace.
  namespace JSX {
    interface IntrinsicElements {
      'model-viewer-embed': ModelViewerEmbedJSXProps;
    }
  }
}
