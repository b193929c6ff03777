// The Streams standard's globals (the implementation is under streams/).
export { ByteLengthQueuingStrategy, CountQueuingStrategy } from "./streams/common.js";
export {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
} from "./streams/readable.js";
export {
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
} from "./streams/writable.js";
export { TransformStream, TransformStreamDefaultController } from "./streams/transform.js";
