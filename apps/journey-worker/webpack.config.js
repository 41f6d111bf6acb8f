const { writeFile } = require('fs/promises');
const { join } = require('path');

const outputPath = join(__dirname, '../../dist/apps/journey-worker');
// A source file by its path, as the bundler reads the workflow sources: build tooling, not an import of the app's.
const bundlerSource = join(__dirname, '../../libs/temporal/src/bundler.ts');

/**
 * Prebundles the workflow code with Temporal's own bundler next to main.js, so the worker starts without bundling and
 * runs exactly what was built. The options are libs/temporal's journeyWorkflowBundleOptions, which the tests bundle
 * with too; it is TypeScript, read here through ts-node as the tests read it through ts-jest.
 */
class BundleWorkflowsPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tapPromise('BundleWorkflowsPlugin', async () => {
      require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
      const { journeyWorkflowBundleOptions } = require(bundlerSource);
      const { bundleWorkflowCode } = require('@temporalio/worker');
      const { code } = await bundleWorkflowCode(journeyWorkflowBundleOptions());
      await writeFile(join(outputPath, 'workflow-bundle.js'), code);
    });
  }
}

module.exports = require('../../webpack.node-app')(__dirname, { plugins: [new BundleWorkflowsPlugin()] });
