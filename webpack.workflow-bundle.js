const { writeFile } = require('fs/promises');
const { join } = require('path');

// A source file by its path, as the bundler reads the workflow sources: build tooling, not an import of an app's.
const bundlerSource = join(__dirname, 'libs/temporal/src/bundler.ts');

/**
 * Prebundles the journey workflow code with Temporal's own bundler as `workflow-bundle.js` next to an app's main.js:
 * the worker runs it, and `ops-cli workflows replay-check` replays live histories with it, so both run exactly what
 * was built. The options are libs/temporal's journeyWorkflowBundleOptions, which the tests bundle with too; it is
 * TypeScript, read here through ts-node as the tests read it through ts-jest.
 */
class BundleWorkflowsPlugin {
  constructor(outputPath) {
    this.outputPath = outputPath;
  }

  apply(compiler) {
    compiler.hooks.afterEmit.tapPromise('BundleWorkflowsPlugin', async () => {
      require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
      const { journeyWorkflowBundleOptions } = require(bundlerSource);
      const { bundleWorkflowCode } = require('@temporalio/worker');
      const { code } = await bundleWorkflowCode(journeyWorkflowBundleOptions());
      await writeFile(join(this.outputPath, 'workflow-bundle.js'), code);
    });
  }
}

module.exports = { BundleWorkflowsPlugin };
