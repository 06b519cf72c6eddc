// internal/data_url — reads a `data:` URL into its MIME type and bytes (the Fetch
// standard's data: URL processor), for `fetch` and for modules imported from data: URLs.

function percentDecode(text) {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length);
  let length = 0;
  const hex = (byte) => /[0-9A-Fa-f]/.test(String.fromCharCode(byte));
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x25 && i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
      out[length++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      i += 2;
    } else {
      out[length++] = bytes[i];
    }
  }
  return out.subarray(0, length);
}

// `href`: a serialized data: URL. Returns `{ mimeType, bytes }`; throws a TypeError when
// the URL has no data or its base64 is invalid.
function parseDataURL(href) {
  const serialized = href.slice('data:'.length).replace(/#.*$/, '');
  const comma = serialized.indexOf(',');
  if (comma === -1) throw new TypeError('invalid data: URL');
  let mimeType = serialized.slice(0, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  let bytes = percentDecode(serialized.slice(comma + 1));
  const base64 = /;[\x20]*base64$/i.exec(mimeType);
  if (base64 !== null) {
    const text = new TextDecoder('latin1').decode(bytes).replace(/[\t\n\f\r ]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
      throw new TypeError('invalid base64 in data: URL');
    }
    const { Buffer } = require('buffer');
    const decoded = Buffer.from(text, 'base64');
    bytes = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
    mimeType = mimeType.slice(0, base64.index);
  }
  if (mimeType.startsWith(';')) mimeType = `text/plain${mimeType}`;
  if (mimeType === '') mimeType = 'text/plain;charset=US-ASCII';
  return { mimeType, bytes };
}

module.exports = { parseDataURL };
