// test/common/fixtures for the sandbox: paths into Node's test/fixtures, mounted beside
// test/parallel by the conformance runner.
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const fixturesDir = path.join(__dirname, '..', 'fixtures');

function fixturesPath(...parts) {
  return path.join(fixturesDir, ...parts);
}

module.exports = {
  fixturesDir,
  path: fixturesPath,
  fileURL: (...parts) => pathToFileURL(fixturesPath(...parts)),
  readSync: (parts, encoding) => fs.readFileSync(fixturesPath(...[].concat(parts)), encoding),
  readKey: (name, encoding) => fs.readFileSync(fixturesPath('keys', name), encoding),
  get utf8TestText() {
    return fs.readFileSync(fixturesPath('utf8_test_text.txt'), 'utf8');
  },
};
