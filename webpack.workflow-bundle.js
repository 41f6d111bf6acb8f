const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');
const { writeFile } = require('fs/promises');
const { join } = require('path');

/**
 * Prebundles the journey workflow code with Temporal's own bundler as `workflow-bundle.js` next to an app's main.js:
 * the worker runs it, and `ops-cli workflows replay-check` replays live histories with it, so both run exactly what
 * was built. The tracing workflow interceptors go in too (libs/temporal workflowInterceptorModules: the tests bundle
 * the same).
 */
class BundleWorkflowsPlugin {
  constructor(outputPath) {
    this.outputPath = outputPath;
  }

  apply(compiler) {
    compiler.hooks.afterEmit.tapPromise('BundleWorkflowsPlugin', async () => {
      const { bundleWorkflowCode } = require('@temporalio/worker');
      const { code } = await bundleWorkflowCode({
        workflowsPath: join(__dirname, 'libs/journey-workflows/src/workflows.ts'),
        workflowInterceptorModules: [join(__dirname, 'libs/temporal/src/workflow-interceptors.ts')],
        webpackConfigHook: (config) => {
          config.resolve.plugins = [
            ...(config.resolve.plugins ?? []),
            new TsconfigPathsPlugin({ configFile: join(__dirname, 'tsconfig.base.json') }),
          ];
          return config;
        },
      });
      await writeFile(join(this.outputPath, 'workflow-bundle.js'), code);
    });
  }
}

module.exports = { BundleWorkflowsPlugin };
