// See webpack.node-app.js at the workspace root. The workflow bundle is the same one the worker of this build runs:
// `workflows replay-check` replays live histories with it.
module.exports = require('../../webpack.node-app')(__dirname, { workflowBundle: true });
