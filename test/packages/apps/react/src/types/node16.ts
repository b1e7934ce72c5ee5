// Checked with moduleResolution node16 too (tsconfig.node16.json): every entry resolves with its types.
import { ModelViewerEmbed as ElementClass, ModelErrorCode, type ModelErrorDetail } from 'model-viewer-embed';
import { tagName } from 'model-viewer-embed/define';
import { ModelViewerEmbed } from 'model-viewer-embed/react';
import { installBimuTrustedTypesPolicy } from 'model-viewer-embed/trusted-types';
import { createTokenHandler } from 'model-viewer-embed/server';

const detail: ModelErrorDetail | null = null;
export const entries = [
  ElementClass,
  ModelErrorCode.Timeout,
  tagName,
  ModelViewerEmbed,
  installBimuTrustedTypesPolicy,
  createTokenHandler,
  detail,
];
