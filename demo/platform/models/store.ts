/**
 * Generated models, built on first use and kept in memory.
 *
 * Generation is synchronous CPU work (about 0.3–1 s for the large campus, a few ms for the small models), so
 * nothing is generated at start-up: the platform starts in well under a second and each model costs its time
 * once, on its first part or data request. `warmUp()` lets a long-running server pay that cost in the
 * background right after it starts listening, yielding to the event loop between models.
 */
import type { PlatformCatalog } from '../catalog.js';
import { generateModel, type GeneratedModel } from './generate.js';

export class ModelStore {
  private readonly generated = new Map<string, GeneratedModel>();

  constructor(private readonly catalog: PlatformCatalog) {}

  /** The generated model, or `undefined` when the catalog has no such model. */
  get(modelId: string): GeneratedModel | undefined {
    const cached = this.generated.get(modelId);
    if (cached) return cached;
    const entry = this.catalog.get(modelId);
    if (!entry) return undefined;
    const model = generateModel(entry);
    this.generated.set(modelId, model);
    return model;
  }

  /** Whether a model has been generated already (for tests and logs). */
  has(modelId: string): boolean {
    return this.generated.has(modelId);
  }

  /** Generates every catalog model not generated yet, one per macrotask so requests are served in between. */
  async warmUp(): Promise<void> {
    for (const entry of this.catalog.models) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.get(entry.id);
    }
  }
}
