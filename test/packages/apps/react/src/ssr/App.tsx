// The app that is rendered on the server and hydrated in the browser (test/packages/react.test.ts).
import { useEffect, useState } from 'react';
import { ModelViewerEmbed } from 'model-viewer-embed/react';

export interface AppConfig {
  modelId: string;
  /** Set as a property by the wrapper: it must never reach the server HTML. */
  password: string;
  /** The local platform's origin. */
  origin: string;
}

export interface AppControls {
  setModelId(modelId: string): void;
  setMounted(mounted: boolean): void;
}

declare global {
  interface Window {
    appEvents: string[];
    appControls?: AppControls;
  }
}

export function App({ config }: { config: AppConfig }) {
  const [modelId, setModelId] = useState(config.modelId);
  const [mounted, setMounted] = useState(true);
  useEffect(() => {
    window.appControls = { setModelId, setMounted };
  }, []);
  if (!mounted) return null;
  return (
    <ModelViewerEmbed
      modelId={modelId}
      passwordMode
      password={config.password}
      baseUrl={`${config.origin}/rest/api/v1`}
      sdkSrc={`${config.origin}/vendor/bimu/bimU.io.Viewer.umd.js`}
      threeSrc={`${config.origin}/vendor/three/three.min.js`}
      uiAssetsBase={`${config.origin}/vendor`}
      style={{ width: 320, height: 320 }}
      onLoaded={(event) => window.appEvents.push(`loaded:${event.detail.modelId}`)}
      onError={(event) => window.appEvents.push(`error:${event.detail.code}:${event.detail.modelId}`)}
    />
  );
}
