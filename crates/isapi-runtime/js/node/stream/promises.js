// node:stream/promises: pipeline and finished returning Promises (readable-stream's).
import Stream from "../stream.js";

/** @type {{ pipeline: (...streams: any[]) => Promise<void>, finished: (stream: any, options?: any) => Promise<void> }} */
const promises = Stream.promises;

export default promises;
export const { pipeline, finished } = promises;
