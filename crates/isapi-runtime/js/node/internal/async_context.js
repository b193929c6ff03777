// The current async context: which store each AsyncLocalStorage holds for the code
// running now. A frame is an immutable Map (AsyncLocalStorage → store) or undefined; the
// platform's queues (nextTick, timers, immediates, Promise reactions once async_hooks is
// loaded) capture the frame when work is queued and restore it when the work runs.

/** @typedef {Map<object, unknown> | undefined} Frame */

/** @type {Frame} */
let current;

/** The frame of the code running now. */
export const getFrame = () => current;

/** @param {Frame} frame */
export const setFrame = (frame) => {
  current = frame;
};

/**
 * Calls `fn` with `frame` current, then restores the frame that was.
 * @template T
 * @param {Frame} frame
 * @param {(...args: any[]) => T} fn
 * @param {unknown} self
 * @param {unknown[]} args
 * @returns {T}
 */
export function runInFrame(frame, fn, self, args) {
  if (frame === current) return Reflect.apply(fn, self, args);
  const saved = current;
  current = frame;
  try {
    return Reflect.apply(fn, self, args);
  } finally {
    current = saved;
  }
}
