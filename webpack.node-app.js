const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

/**
 * The one webpack set-up every Waymark service uses: a Node bundle of the app's
 * own code (npm packages stay external), written to dist/apps/<name>, with any
 * files the app serves or reads at run time (`assets`, Nx's asset globs) and,
 * with `workflowBundle`, the journey workflow bundle beside main.js
 * (webpack.workflow-bundle.js).
 */
module.exports = function nodeAppConfig(appDir, { plugins = [], assets = [], workflowBundle = false } = {}) {
  const outputPath = join(__dirname, 'dist/apps', basename(appDir));
  if (workflowBundle) {
    const { BundleWorkflowsPlugin } = require('./webpack.workflow-bundle');
    plugins = [...plugins, new BundleWorkflowsPlugin(outputPath)];
  }
  return {
    output: {
      path: outputPath,
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && { devtoolModuleFilenameTemplate: '[absolute-resource-path]' }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
        assets,
      }),
      ...plugins,
    ],
  };
};
