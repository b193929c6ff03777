import { XMLParser, XMLBuilder, XMLValidator } from "fast-xml-parser";

export function run() {
  const xml =
    '<?xml version="1.0"?><catalog><book id="b1" lang="en"><title>XML &amp; You</title><price>29.99</price></book><book id="b2"><title>Second</title><price>5</price></book></catalog>';
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });
  const parsed = parser.parse(xml);
  const built = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", format: false }).build(
    parsed,
  );
  return { parsed, built, valid: XMLValidator.validate(xml), invalid: XMLValidator.validate("<a><b></a>") };
}
