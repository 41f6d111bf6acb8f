const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

/**
 * The one webpack set-up every Waymark service uses: a Node bundle of the app's
 * own code (npm packages stay external), written to dist/apps/<name>, with any
 * files the app serves or reads at run time (`assets`, Nx's asset globs).
 */
module.exports = function nodeAppConfig(appDir, { plugins = [], assets = [] } = {}) {
  return {
    output: {
      path: join(__dirname, 'dist/apps', basename(appDir)),
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
