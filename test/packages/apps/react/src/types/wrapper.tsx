// `model-viewer-embed/react`: typed props and handlers. Every @ts-expect-error must be an error (tsc reports an
// unused one), so each line proves one mistake is caught.
import { useRef } from 'react';
import { ModelViewerEmbed, type ModelViewerEmbedElement } from 'model-viewer-embed/react';
import type { ModelErrorCode } from 'model-viewer-embed';

export function Typed({ modelId }: { modelId: string }) {
  const ref = useRef<ModelViewerEmbedElement>(null);
  return (
    <>
      <ModelViewerEmbed
        ref={ref}
        modelId={modelId}
        tokenUrl="/api/bimu-token"
        timeout={30_000}
        style={{ height: 480 }}
        className="viewer"
        aria-label="The building"
        onProgress={(event) => console.log(event.detail.progress.toFixed(2))}
        onLoaded={(event) => console.log(event.detail.modelId.toUpperCase())}
        onError={(event) => {
          const code: ModelErrorCode = event.detail.code;
          console.warn(code, event.detail.message);
        }}
        tokenProvider={async (id, { signal }) => {
          const response = await fetch(`/token/${id}`, { signal });
          return ((await response.json()) as { token: string }).token;
        }}
      />
      <ModelViewerEmbed modelId={modelId} passwordMode password="from the page's own form" />
      <ModelViewerEmbed
        modelId={modelId}
        loading="eager"
        gestures="greedy"
        onContextLost={(event) => event.type}
      />
      {/* @ts-expect-error gestures are cooperative or greedy (the types follow the settings table) */}
      <ModelViewerEmbed gestures="always" />
      {/* @ts-expect-error model ids are strings */}
      <ModelViewerEmbed modelId={42} />
      {/* @ts-expect-error a misspelt prop */}
      <ModelViewerEmbed modelid="x" />
      {/* @ts-expect-error a loaded event has no error code */}
      <ModelViewerEmbed onLoaded={(event) => event.detail.code} />
      {/* @ts-expect-error an error event's code is a known string, not a number */}
      <ModelViewerEmbed onError={(event) => event.detail.code === 404} />
      {/* @ts-expect-error progress is read-only state of the element, not a prop */}
      <ModelViewerEmbed progress={0.5} />
      {/* @ts-expect-error the element fills its light DOM itself */}
      <ModelViewerEmbed>child</ModelViewerEmbed>
    </>
  );
}
