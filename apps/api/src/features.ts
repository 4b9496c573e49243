import type { Type } from '@nestjs/common';
import { IntegrityModule } from './integrity/integrity.module';
import { LedgerModule } from './ledger.module';

/**
 * The resource modules (controllers, application layer) AppModule mounts on the platform.
 * Owned by the resource engineers: add a module here to expose it.
 */
export const FEATURE_MODULES: Type[] = [LedgerModule, IntegrityModule];
