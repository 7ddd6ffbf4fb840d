import type { DigitalResource } from '@suotdoi/catalogue';
import { escapeMarkup as esc } from '@suotdoi/platform';
import type { ELoanView } from './elending.service.js';

/** The media type of an OPDS catalogue entry (what a borrow link answers). */
export const OPDS_ENTRY = 'application/atom+xml;type=entry;profile=opds-catalog';

/** The OPDS entry of an e-loan: the signed acquisition link to read it, available until the loan ends. */
export function opdsLoanEntry(x: {
  loan: ELoanView;
  link: { url: string; expiresAt: Date };
  resource: DigitalResource;
}): string {
  const { loan, link, resource } = x;
  const title = resource.label ?? resource.fileName ?? 'Tài liệu số';
  return `<?xml version="1.0" encoding="UTF-8"?>
<entry xmlns="http://www.w3.org/2005/Atom" xmlns:opds="http://opds-spec.org/2010/catalog">
  <id>urn:uuid:${loan.id}</id>
  <title>${esc(title)}</title>
  <updated>${loan.startedAt.toISOString()}</updated>
  <link rel="http://opds-spec.org/acquisition" type="${esc(resource.mediaType ?? 'application/octet-stream')}" href="${esc(link.url)}">
    <opds:availability status="available" since="${loan.startedAt.toISOString()}" until="${loan.endsAt.toISOString()}"/>
  </link>
</entry>
`;
}
