// file: URLs: a host before a Windows drive letter is kept (the path state only turns
// "C|" into "C:"), localhost is no host, a drive letter where the host would be is the
// path's, and relative references take the file base's host; the same through the href
// and protocol setters. Left out: empty segments at the start of a file path
// ("file:////x"), which the url crate collapses (docs/platform.md).
const cases = [
  ["file://host/C:/"],
  ["file://host/C|/x"],
  ["FILE:\\\\h\\C:"],
  ["file://localhost/C:/a"],
  ["file://LOCALHOST/C:/a"],
  ["file://C:/x"],
  ["file://C|/x?q#f"],
  ["file:///C:/x"],
  ["file:/C:/x"],
  ["file:C:/x"],
  ["file://host/C:/../.."],
  ["file://host/C:"],
  ["file://host/C:x"],
  ["file://host/CC:/x"],
  ["file://h%6Fst/C:/x"],
  ["file://[::1]/C:/x"],
  ["file://host/c:/x/../y"],
  ["file://host/x"],
  ["//x", "file:///a"],
  ["..", "file://host/C:/a/b"],
  ["../../..", "file://host/C:/a/b"],
  ["/D:/x", "file://host/a"],
  ["file:/D:/x", "file://host/a"],
  ["file:D:/x", "file://host/a"],
  ["//other/D:/x", "file://host/C:/a"],
  ["D:/x", "file://host/a"],
  ["x", "file://host/C:/a"],
  ["/x", "file://host/C:/a"],
  ["?q", "file://host/C:/a"],
  ["#f", "file://host/C:/a"],
  ["", "file://host/C:/a"],
];
for (const [input, base] of cases) {
  try {
    const u = new URL(input, base);
    console.log(JSON.stringify(input), base, "->", u.href, JSON.stringify(u.host), JSON.stringify(u.pathname));
  } catch (e) {
    console.log(JSON.stringify(input), base, "->", e.name);
  }
}
const u = new URL("file:///a");
u.href = "file://host/C:/z";
console.log("href setter", u.href);
u.search = "?s";
u.hash = "h";
console.log("after search and hash", u.href);
u.pathname = "/D:/w";
console.log("pathname setter", u.href);
const http = new URL("http://host/C:/p");
http.protocol = "file";
console.log("protocol setter", http.href);
console.log("canParse", URL.canParse("file://host/C:/"), URL.parse("..", "file://host/C:/a/b")?.href);
