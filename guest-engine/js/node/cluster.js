// node:cluster — processes sharing server ports. A process started by `cluster.fork()` has
// NODE_UNIQUE_ID in its environment (its own property, not an inherited one) and gets the
// worker side (internal/cluster/child); any other process gets the primary side
// (internal/cluster/primary).

module.exports = Object.hasOwn(process.env, 'NODE_UNIQUE_ID') ?
  require('internal/cluster/child') :
  require('internal/cluster/primary');
