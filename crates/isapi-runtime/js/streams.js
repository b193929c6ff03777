// @ts-nocheck -- not yet typed: whoever next changes this file types it (JSDoc) and removes this line.
// ReadableStream (the default-reader subset so far).

export class ReadableStream {
  #queue = [];
  #state = "readable";
  #error;
  #reads = [];
  #source;
  #controller;
  #pulling = false;
  #locked = false;
  #started;
  constructor(source = {}) {
    this.#source = source;
    const stream = this;
    this.#controller = {
      enqueue(chunk) {
        if (stream.#state !== "readable") throw new TypeError("the stream is closed");
        const read = stream.#reads.shift();
        if (read) read.resolve({ value: chunk, done: false });
        else stream.#queue.push(chunk);
      },
      close() {
        if (stream.#state !== "readable") return;
        stream.#state = "closed";
        if (!stream.#queue.length)
          for (const read of stream.#reads.splice(0)) read.resolve({ value: undefined, done: true });
      },
      error(reason) {
        stream.#fail(reason);
      },
      get desiredSize() {
        return stream.#state === "readable" ? Math.max(0, 1 - stream.#queue.length) : 0;
      },
    };
    this.#started = Promise.resolve()
      .then(() => source.start?.(this.#controller))
      .catch((reason) => this.#fail(reason));
  }
  static from(iterable) {
    const iterator = iterable[Symbol.asyncIterator]?.() ?? iterable[Symbol.iterator]();
    return new ReadableStream({
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    });
  }
  #fail(reason) {
    if (this.#state !== "readable") return;
    this.#state = "errored";
    this.#error = reason;
    this.#queue = [];
    for (const read of this.#reads.splice(0)) read.reject(reason);
  }
  async #pull() {
    if (this.#pulling || !this.#source.pull) return;
    this.#pulling = true;
    try {
      await this.#started;
      while (this.#reads.length && !this.#queue.length && this.#state === "readable") {
        await this.#source.pull(this.#controller);
      }
    } catch (reason) {
      this.#fail(reason);
    } finally {
      this.#pulling = false;
    }
  }
  #read() {
    if (this.#queue.length) {
      const value = this.#queue.shift();
      if (!this.#queue.length && this.#state === "closed") {
        for (const read of this.#reads.splice(0)) read.resolve({ value: undefined, done: true });
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#state === "closed") return Promise.resolve({ value: undefined, done: true });
    if (this.#state === "errored") return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      this.#reads.push({ resolve, reject });
      this.#pull();
    });
  }
  get locked() {
    return this.#locked;
  }
  async cancel(reason) {
    if (this.#locked) throw new TypeError("the stream is locked to a reader");
    return this.#cancel(reason);
  }
  async #cancel(reason) {
    if (this.#state !== "readable") return;
    this.#state = "closed";
    this.#queue = [];
    for (const read of this.#reads.splice(0)) read.resolve({ value: undefined, done: true });
    await this.#source.cancel?.(reason);
  }
  getReader(options) {
    if (options?.mode === "byob") throw new TypeError("BYOB readers are not supported");
    if (this.#locked) throw new TypeError("the stream is already locked to a reader");
    this.#locked = true;
    const stream = this;
    let released = false;
    return {
      read() {
        if (released) return Promise.reject(new TypeError("the reader was released"));
        return stream.#read();
      },
      releaseLock() {
        released = true;
        stream.#locked = false;
      },
      cancel(reason) {
        return stream.#cancel(reason);
      },
      get closed() {
        return stream.#started.then(() => {
          if (stream.#state === "errored") throw stream.#error;
        });
      },
    };
  }
  async *[Symbol.asyncIterator]() {
    const reader = this.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  values() {
    return this[Symbol.asyncIterator]();
  }
}
