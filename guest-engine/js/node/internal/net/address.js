// internal/net/address — textual IP addresses as net, dns and dgram check them: `isIPv4`,
// `isIPv6` (with an optional `%zone`, and an embedded IPv4 tail), `isIP` (4, 6 or 0).

const IPV4_PART = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const ZONE = /^[0-9a-zA-Z\-.:]+$/;

function isIPv4(input) {
  const text = `${input}`;
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => IPV4_PART.test(part));
}

// Counts the 16-bit groups of one side of `::`, or returns -1 when a group is malformed.
// Only the last group of the address (`last`) may be a dotted IPv4 tail, worth two groups.
function countGroups(side, last) {
  if (side === '') return 0;
  const groups = side.split(':');
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    if (IPV6_GROUP.test(groups[i])) {
      count += 1;
    } else if (last && i === groups.length - 1 && isIPv4(groups[i])) {
      count += 2;
    } else {
      return -1;
    }
  }
  return count;
}

function isIPv6(input) {
  let text = `${input}`;
  const percent = text.indexOf('%');
  if (percent !== -1) {
    if (!ZONE.test(text.slice(percent + 1))) return false;
    text = text.slice(0, percent);
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 1) return countGroups(text, true) === 8;
  const head = countGroups(halves[0], false);
  const tail = countGroups(halves[1], true);
  return head !== -1 && tail !== -1 && head + tail <= 7;
}

function isIP(input) {
  if (isIPv4(input)) return 4;
  if (isIPv6(input)) return 6;
  return 0;
}

module.exports = { isIP, isIPv4, isIPv6 };
