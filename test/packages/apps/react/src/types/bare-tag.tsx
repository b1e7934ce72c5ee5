// `model-viewer-embed/react-jsx` (tsconfig `types`): the bare tag in React 19 JSX, with no declaration of the
// app's own. Every @ts-expect-error must be an error.
import 'model-viewer-embed/define';

export function Bare({ modelId }: { modelId: string }) {
  return (
    <>
      <model-viewer-embed
        model-id={modelId}
        token-url="/api/bimu-token"
        password-mode
        timeout={30_000}
        loading="eager"
        gestures="greedy"
        oncontext-lost={(event) => console.log(event.type)}
        style={{ height: 480 }}
        onloaded={(event) => console.log(event.detail.modelId)}
        onerror={(event) => console.warn(event.detail.code)}
        onprogress={(event) => console.log(event.detail.progress)}
      />
      {/* @ts-expect-error a password is never an attribute (React would render it into server HTML) */}
      <model-viewer-embed password="secret" />
      {/* @ts-expect-error loading is lazy or eager (the types follow the settings table) */}
      <model-viewer-embed loading="soon" />
      {/* @ts-expect-error model ids are strings */}
      <model-viewer-embed model-id={42} />
      {/* TypeScript never checks hyphenated attribute names, so a misspelt `model-idd` cannot be caught. */}
      {/* @ts-expect-error React 19 would listen to an event named "Loaded": the bare tag's events are lower-case */}
      <model-viewer-embed onLoaded={() => undefined} />
      {/* @ts-expect-error a loaded event has no error code */}
      <model-viewer-embed onloaded={(event) => event.detail.code} />
    </>
  );
}
