// internal/util/terminal — terminal text helpers shared by util and console: ANSI escape
// stripping, the column width of a string (East Asian wide characters count twice), and
// whether a stream should be colored.

const { validateString } = require('internal/errors');

// Matches ANSI escape sequences (from chalk/ansi-regex, MIT, as used by Node).
const ansi = new RegExp(
  '[\\u001B\\u009B][[\\]()#;?]*' +
  '(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*' +
  '|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?' +
  '(?:\\u0007|\\u001B\\u005C|\\u009C))' +
  '|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?' +
  '[\\dA-PR-TZcf-nq-uy=><~]))', 'g');

function isZeroWidthCodePoint(code) {
  return code <= 0x1F || // C0 control codes
    (code >= 0x7F && code <= 0x9F) || // C1 control codes
    (code >= 0x300 && code <= 0x36F) || // Combining Diacritical Marks
    (code >= 0x200B && code <= 0x200F) || // Modifying Invisible Characters
    (code >= 0x20D0 && code <= 0x20FF) || // Combining Diacritical Marks for Symbols
    (code >= 0xFE00 && code <= 0xFE0F) || // Variation Selectors
    (code >= 0xFE20 && code <= 0xFE2F) || // Combining Half Marks
    (code >= 0xE0100 && code <= 0xE01EF); // Variation Selectors
}

// East Asian wide and fullwidth code points (derived from Unicode's EastAsianWidth.txt).
function isFullWidthCodePoint(code) {
  return code >= 0x1100 && (
    code <= 0x115f || // Hangul Jamo
    code === 0x2329 || // LEFT-POINTING ANGLE BRACKET
    code === 0x232a || // RIGHT-POINTING ANGLE BRACKET
    (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) || // CJK Radicals .. Enclosed CJK
    (code >= 0x3250 && code <= 0x4dbf) || // Enclosed CJK .. CJK Extension A
    (code >= 0x4e00 && code <= 0xa4c6) || // CJK Unified Ideographs .. Yi Radicals
    (code >= 0xa960 && code <= 0xa97c) || // Hangul Jamo Extended-A
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul Syllables
    (code >= 0xf900 && code <= 0xfaff) || // CJK Compatibility Ideographs
    (code >= 0xfe10 && code <= 0xfe19) || // Vertical Forms
    (code >= 0xfe30 && code <= 0xfe6b) || // CJK Compatibility Forms .. Small Form Variants
    (code >= 0xff01 && code <= 0xff60) || // Halfwidth and Fullwidth Forms
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1b000 && code <= 0x1b001) || // Kana Supplement
    (code >= 0x1f200 && code <= 0x1f251) || // Enclosed Ideographic Supplement
    (code >= 0x1f300 && code <= 0x1f64f) || // Misc Symbols and Pictographs, Emoticons
    (code >= 0x20000 && code <= 0x3fffd) // CJK Extension B .. Tertiary Ideographic Plane
  );
}

// The number of terminal columns `str` occupies.
function getStringWidth(str, removeControlChars = true) {
  let width = 0;
  if (removeControlChars) str = stripVTControlCharacters(str);
  let i = 0;
  // Fast path for the ASCII prefix.
  for (; i < str.length; i++) {
    const code = str.charCodeAt(i);
    if (code >= 127) break;
    width += code >= 32 ? 1 : 0;
  }
  if (i === str.length) return width;
  for (const char of str.slice(i).normalize('NFC')) {
    const code = char.codePointAt(0);
    if (isFullWidthCodePoint(code)) {
      width += 2;
    } else if (!isZeroWidthCodePoint(code)) {
      width++;
    }
  }
  return width;
}

/** Removes ANSI escape codes from `str`. */
function stripVTControlCharacters(str) {
  validateString(str, 'str');
  return str.replace(ansi, '');
}

// Whether output to `stream` should be colored (FORCE_COLOR, or a color-capable TTY).
function shouldColorize(stream) {
  const env = globalThis.process?.env ?? {};
  if (env.FORCE_COLOR !== undefined) {
    return ['', '1', 'true', '2', '3'].includes(env.FORCE_COLOR);
  }
  return Boolean(stream?.isTTY &&
    (typeof stream.getColorDepth === 'function' ? stream.getColorDepth() > 2 : true));
}

module.exports = {
  getStringWidth,
  shouldColorize,
  stripVTControlCharacters,
};
