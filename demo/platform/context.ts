/** The state one platform instance's routes share. */
import type { PlatformCatalog } from './catalog.js';
import type { FaultSettings } from './faults.js';
import type { TokenService } from './jwt.js';
import type { ModelStore } from './models/store.js';
import type { PartUrlSigner } from './part-urls.js';
import type { FailureRateLimiter } from './rate-limit.js';
import type { PlatformStats } from './stats.js';

export interface PlatformContext {
  readonly catalog: PlatformCatalog;
  readonly models: ModelStore;
  readonly tokens: TokenService;
  readonly partUrls: PartUrlSigner;
  readonly limiter: FailureRateLimiter;
  readonly stats: PlatformStats;
  readonly faults: FaultSettings;
  /** Tokens `POST /__platform/revoke` made the platform refuse (401), though validly signed and unexpired. */
  readonly revokedTokens: Set<string>;
  readonly testControls: boolean;
  readonly tokenLifetimeSeconds: number;
  readonly partThrottleBytesPerSecond: number;
  readonly queryTimeoutMs: number;
}
