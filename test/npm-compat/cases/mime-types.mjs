import mime from "mime-types";

export function run() {
  return {
    lookup: [mime.lookup("json"), mime.lookup("file.html"), mime.lookup("x.unknownext")],
    contentType: [mime.contentType("markdown"), mime.contentType("file.json")],
    extension: mime.extension("application/octet-stream"),
    charset: mime.charset("text/html"),
  };
}
