import MarkdownIt from "markdown-it";

export function run() {
  const md = new MarkdownIt({ linkify: true, typographer: true });
  return {
    html: md.render(
      '# Hi\n\n"Quoted" -- text with https://example.com and ~~strike~~\n\n1. a\n2. b\n\n> quote\n',
    ),
    inline: md.renderInline("__bold__ <b>raw</b>"),
    punycode: md.normalizeLink("https://müller.example/ä"),
  };
}
