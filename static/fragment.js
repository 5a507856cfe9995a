// The element a link names after its #: a sentence (#p3.s1) or a part of the page. An address
// anyone can type may carry a malformed escape (#%, #%E0%A4), which names nothing: it must
// not stop the page's scripts.

/** The decoded fragment of this page's address, or "" when it cannot be decoded. */
export function linkedId() {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return "";
  }
}
