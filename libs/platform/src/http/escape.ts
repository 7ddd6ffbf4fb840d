const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The one escaper of text put into HTML or XML (element content and quoted attribute values): & < > " and '. The
 * apostrophe becomes `&#39;`, which HTML, XML, Atom (OPDS) and SVG all read.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
