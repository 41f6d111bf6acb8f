import type { BundleOptions } from '@temporalio/worker';
import { join } from 'node:path';
import { TsconfigPathsPlugin } from 'tsconfig-paths-webpack-plugin';

const workspaceRoot = join(__dirname, '../../..');

/**
 * The one set of options the journey workflow code is bundled with (`bundleWorkflowCode`): by the worker's production
 * build (apps/journey-worker/webpack.config.js, which writes workflow-bundle.js beside main.js) and by every test that
 * runs or replays the workflow, so they all run the same code. Paths are the sources': bundling needs the workspace.
 *
 * - the journey workflows (libs/journey-workflows);
 * - the tracing workflow interceptors (./workflow-interceptors): they put the trace context into the headers of what
 *   a workflow schedules, in the same turn, so the commands stay as they were and recorded histories replay;
 * - `@waymark/*` path aliases resolved, so workflow code imports the pure libraries as everything else does;
 * - our libraries marked free of side effects, so a re-export nothing in the workflow uses is left out: every new
 *   workflow run evaluates the whole bundle's modules again (Temporal's reusable V8 context keeps them apart), and
 *   evaluating the request schemas and event validation it never runs took about a seventh of the workflow
 *   thread's CPU under load (issue 13).
 */
export function journeyWorkflowBundleOptions(): BundleOptions {
  return {
    workflowsPath: join(workspaceRoot, 'libs/journey-workflows/src/workflows.ts'),
    workflowInterceptorModules: [join(__dirname, 'workflow-interceptors.ts')],
    webpackConfigHook: (config) => {
      config.resolve ??= {};
      config.resolve.plugins = [
        ...(config.resolve.plugins ?? []),
        new TsconfigPathsPlugin({ configFile: join(workspaceRoot, 'tsconfig.base.json') }),
      ];
      config.optimization = { ...config.optimization, sideEffects: true };
      config.module?.rules?.push({ test: /[\\/]libs[\\/].*\.ts$/, sideEffects: false });
      return config;
    },
  };
}
