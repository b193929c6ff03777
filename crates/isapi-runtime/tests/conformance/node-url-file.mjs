// node:url: fileURLToPath and pathToFileURL (POSIX and Windows forms), their errors,
// urlToHttpOptions, domainToASCII/domainToUnicode, and URL being the platform's.
import url, { URL as NodeURL, URLSearchParams as NodeParams, fileURLToPath, pathToFileURL, urlToHttpOptions, domainToASCII, domainToUnicode } from "node:url";
console.log(NodeURL === URL, NodeParams === URLSearchParams, url.URL === URL);
for (const [u, windows] of [
  ["file:///etc/passwd", false], ["file:///a%20b/c%C3%A9", false], [new URL("file:///x/y/"), false], ["file://localhost/etc/x", false],
  ["file:///C:/path/to/file.txt", true], ["file://server/share/dir/f", true], ["file:///c:/a%20b", true], ["file:///C:/", true],
]) {
  console.log(String(u), windows, fileURLToPath(u, { windows }));
}
for (const [u, windows] of [["http://x/y", false], ["file://host/x", false], ["file:///a%2Fb", false], ["file:///C:/a%5Cb", true], ["file:///no-drive", true], [5, false], [{}, false]]) {
  try { fileURLToPath(u, { windows }); } catch (e) { console.log(e.name, e.code, e.message); }
}
for (const [p, windows] of [
  ["/foo#1", false], ["/some/path%.c", false], ["/a b/c?d", false], ["/tab\there", false], ["/back\\slash", false], ["/dir/", false],
  ["/", false], ["/a/../b/./c", false], ["/caf\u00e9", false],
  ["C:\\foo\\bar", true], ["C:\\dir\\", true], ["\\\\server\\share\\file", true], ["c:/mixed/seps", true], ["C:\\a%b#c", true],
]) {
  console.log(JSON.stringify(p), windows, pathToFileURL(p, { windows }).href);
}
console.log(pathToFileURL("rel/x").href === new URL(`file://${process.cwd()}/rel/x`).href);
for (const [p, windows] of [[5, false], ["\\\\server", true], ["\\\\server\\", true]]) {
  try { pathToFileURL(p, { windows }); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(JSON.stringify(urlToHttpOptions(new URL("https://a:b%20c@[::1]:8443/p?q=1#h"))));
console.log(JSON.stringify(urlToHttpOptions(new URL("http://example.com/"))));
console.log(domainToASCII("español.com"), domainToASCII("xn--iñvalid.com"), domainToUnicode("xn--espaol-zwa.com"), domainToUnicode("xn--iñvalid.com"), domainToASCII("EXAMPLE.com"));
console.log(url.format(new URL("https://user:pw@xn--bcher-kva.example/p?q#h"), { auth: false, fragment: false, search: false, unicode: true }));
