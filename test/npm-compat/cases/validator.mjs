import validator from "validator";

export function run() {
  return {
    email: [validator.isEmail("foo@bar.com"), validator.isEmail("foo@bar")],
    url: [validator.isURL("https://example.com/a?b=c"), validator.isURL("nope")],
    uuid: validator.isUUID("123e4567-e89b-12d3-a456-426614174000"),
    ip: [validator.isIP("192.168.0.1"), validator.isIP("::1", 6), validator.isIP("999.1.1.1")],
    escaped: validator.escape("<script>&'\""),
    normalized: validator.normalizeEmail("Foo.Bar+tag@GoogleMail.com"),
    credit: validator.isCreditCard("4111111111111111"),
    slugish: validator.isSlug("hello-world"),
    trimmed: validator.trim("  x  "),
  };
}
