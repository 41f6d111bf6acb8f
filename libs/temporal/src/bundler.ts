import type { BundleOptions } from '@temporalio/worker';
import { join } from 'node:path';
import { TsconfigPathsPlugin } from 'tsconfig-paths-webpack-plugin';

const workspaceRoot = join(__dirname, '../../..');

/**
 * Lets Temporal's workflow bundler resolve `@waymark/*` path aliases, so
 * workflow code imports the pure libraries the same way everything else does.
 */
export const workflowBundlerOptions: Pick<BundleOptions, 'webpackConfigHook'> = {
  webpackConfigHook: (config) => {
    config.resolve ??= {};
    config.resolve.plugins = [
      ...(config.resolve.plugins ?? []),
      new TsconfigPathsPlugin({
        configFile: join(workspaceRoot, 'tsconfig.base.json'),
      }),
    ];
    return config;
  },
};
