const { join } = require('path');
const { BundleWorkflowsPlugin } = require('../../webpack.workflow-bundle');

// The worker runs the prebuilt workflow bundle written beside main.js: it starts without bundling.
module.exports = require('../../webpack.node-app')(__dirname, {
  plugins: [new BundleWorkflowsPlugin(join(__dirname, '../../dist/apps/journey-worker'))],
});
