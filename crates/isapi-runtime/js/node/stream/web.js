// node:stream/web: the Streams standard's classes, the platform's own (the globals).
import * as streams from "../../streams.js";
import { TextEncoderStream, TextDecoderStream } from "../../encoding-streams.js";
import { CompressionStream, DecompressionStream } from "../../compression.js";

export * from "../../streams.js";
export { TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream };
export default {
  ...streams,
  TextEncoderStream,
  TextDecoderStream,
  CompressionStream,
  DecompressionStream,
};
