const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');
const { writeFile } = require('fs/promises');
const { join } = require('path');

const outputPath = join(__dirname, '../../dist/apps/journey-worker');

/**
 * Prebundles the workflow code with Temporal's own bundler next to main.js, so
 * the worker starts without bundling and runs exactly what was built.
 */
class BundleWorkflowsPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tapPromise('BundleWorkflowsPlugin', async () => {
      const { bundleWorkflowCode } = require('@temporalio/worker');
      const { code } = await bundleWorkflowCode({
        workflowsPath: join(__dirname, '../../libs/journey-workflows/src/workflows.ts'),
        // The tracing workflow interceptors (libs/temporal workflowInterceptorModules: the tests bundle the same).
        workflowInterceptorModules: [join(__dirname, '../../libs/temporal/src/workflow-interceptors.ts')],
        webpackConfigHook: (config) => {
          config.resolve.plugins = [
            ...(config.resolve.plugins ?? []),
            new TsconfigPathsPlugin({
              configFile: join(__dirname, '../../tsconfig.base.json'),
            }),
          ];
          return config;
        },
      });
      await writeFile(join(outputPath, 'workflow-bundle.js'), code);
    });
  }
}

module.exports = require('../../webpack.node-app')(__dirname, { plugins: [new BundleWorkflowsPlugin()] });
