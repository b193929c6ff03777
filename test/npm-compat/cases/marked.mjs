import { marked } from "marked";

export function run() {
  return marked.parse(
    "# Title\n\nSome *emphasis* and `code`.\n\n- one\n- two\n\n```js\nlet x = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[link](https://example.com)\n",
    { async: false },
  );
}
