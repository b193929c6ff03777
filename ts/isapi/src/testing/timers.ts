/**
 * Timers belong to the handler call that set them, as in the DLL (docs/object-model.md,
 * "Timers"): what a request or a filter notification leaves is cancelled when it ends.
 *
 * A handler bundle's `setTimeout`/`setInterval`/`clear*` are bound to the functions here
 * (see {@link TIMERS_PROLOGUE}), not Node's globals, so only the bundle's own timers are
 * tracked — never those of Node's internals (fetch's connection timers) or of the test
 * runner. Each call runs in a {@link TimerScope}, found through AsyncLocalStorage, so
 * concurrent requests keep their timers apart.
 */
import { AsyncLocalStorage } from "node:async_hooks";

type Timer = ReturnType<typeof setTimeout>;
type Callback = (...args: unknown[]) => void;

const scopes = new AsyncLocalStorage<TimerScope>();
const owners = new WeakMap<object, TimerScope>();

/** The timers one handler call set that have not run (or been cleared) yet. */
export class TimerScope {
  private readonly live = new Set<Timer>();

  /** Runs `call` (and whatever it continues with) in this scope. */
  run<T>(call: () => T): T {
    return scopes.run(this, call);
  }

  /** Cancels the timers still pending; returns how many there were. */
  cancel(): number {
    const left = this.live.size;
    for (const timer of this.live) clearTimeout(timer);
    this.live.clear();
    return left;
  }

  add(timer: Timer): void {
    this.live.add(timer);
    owners.set(timer, this);
  }

  forget(timer: Timer): void {
    this.live.delete(timer);
  }
}

function forget(timer: unknown): void {
  if (typeof timer === "object" && timer !== null) owners.get(timer)?.forget(timer as Timer);
}

/** What a bundle calls for `setTimeout` and friends. */
const bundleTimers = {
  setTimeout(callback: Callback, delay?: number, ...args: unknown[]): Timer {
    const scope = scopes.getStore();
    if (!scope || typeof callback !== "function") return setTimeout(callback, delay, ...args);
    const timer: Timer = setTimeout(
      (...values: unknown[]) => {
        scope.forget(timer);
        callback(...values);
      },
      delay,
      ...args,
    );
    scope.add(timer);
    return timer;
  },
  setInterval(callback: Callback, delay?: number, ...args: unknown[]): Timer {
    const timer = setInterval(callback, delay, ...args);
    scopes.getStore()?.add(timer);
    return timer;
  },
  clearTimeout(timer?: Timer | string | number): void {
    forget(timer);
    clearTimeout(timer);
  },
  clearInterval(timer?: Timer | string | number): void {
    forget(timer);
    clearInterval(timer);
  },
};

const KEY = Symbol.for("isapi-ts.testing.timers");
(globalThis as Record<symbol, unknown>)[KEY] = bundleTimers;

/**
 * Put before a bundle's code (on its first line, so the source map's lines still hold):
 * module-scope bindings that shadow the globals for the bundle's code only.
 */
export const TIMERS_PROLOGUE =
  "const { setTimeout, setInterval, clearTimeout, clearInterval } = " +
  'globalThis[Symbol.for("isapi-ts.testing.timers")];';
