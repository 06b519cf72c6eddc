// test/common/fixtures for ES module tests: the same helpers as fixtures.js.
import fixtures from './fixtures.js';

export const { fixturesDir, path, fileURL, readSync, readKey, utf8TestText } = fixtures;

export default fixtures;
