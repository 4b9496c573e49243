import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { FEATURE_MODULES } from './features';
import type { AppConfig } from './platform/config/app-config';
import { PlatformModule, type PlatformOptions } from './platform/platform.module';

export interface AppModuleOptions extends PlatformOptions {
  /** Modules mounted besides FEATURE_MODULES (tests: a probe controller), or instead of them with `features: false`. */
  modules?: Type[];
  features?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    const features = options.features === false ? [] : FEATURE_MODULES;
    return { module: AppModule, imports: [PlatformModule.forRoot(config, options), ...features, ...(options.modules ?? [])] };
  }
}
