import sanitizeHtml from "sanitize-html";

export function run() {
  const dirty =
    '<p onclick="x()">Hello <b>world</b><script>alert(1)</script><a href="javascript:evil()">x</a>' +
    '<a href="https://example.com/" target="_blank">ok</a><img src="a.png"></p>';
  return {
    default: sanitizeHtml(dirty),
    strict: sanitizeHtml(dirty, { allowedTags: ["b"], allowedAttributes: {} }),
    images: sanitizeHtml(dirty, {
      allowedTags: sanitizeHtml.defaults.allowedTags.concat(["img"]),
      allowedAttributes: { a: ["href"], img: ["src"] },
    }),
  };
}
