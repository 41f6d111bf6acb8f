const { join } = require('path');
const { BundleWorkflowsPlugin } = require('../../webpack.workflow-bundle');

// See webpack.node-app.js at the workspace root. The workflow bundle is the one the worker of the same build runs:
// `workflows replay-check` replays live histories with it.
module.exports = require('../../webpack.node-app')(__dirname, {
  plugins: [new BundleWorkflowsPlugin(join(__dirname, '../../dist/apps/ops-cli'))],
});
