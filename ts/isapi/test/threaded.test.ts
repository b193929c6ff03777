import t, { type Test } from "tap";
import {
  HSE_STATUS_ERROR,
  HSE_STATUS_SUCCESS,
  HSE_STATUS_SUCCESS_AND_KEEP_CONN,
  ThreadPoolExtension,
  describeError,
  type ExtensionControlBlock,
} from "isapi-ts";

/** Records what a handler sends; refuses a second header, as servers do. */
function recordingEcb() {
  const sent = { status: "", headers: {} as unknown, body: "", statusCode: 200 };
  const ecb = {
    set HttpStatusCode(code: number) {
      sent.statusCode = code;
    },
    SendResponseHeaders(status: string, headers: unknown) {
      if (sent.status !== "")
        throw Object.assign(new Error("headers already sent"), { name: "ExtensionError" });
      sent.status = status;
      sent.headers = headers;
    },
    WriteClient(data: string) {
      sent.body += data;
      return data.length;
    },
  } as unknown as ExtensionControlBlock;
  return { ecb, sent };
}

/** Mutes console.error for one test. */
function silence(t: Test) {
  const original = console.error;
  console.error = () => {};
  t.teardown(() => {
    console.error = original;
  });
}

class Pooled extends ThreadPoolExtension {
  constructor(
    private readonly behaviour: (ecb: ExtensionControlBlock) => number | void | Promise<number | void>,
  ) {
    super();
  }
  Dispatch(ecb: ExtensionControlBlock) {
    return this.behaviour(ecb);
  }
}

t.test("Dispatch's status becomes HttpExtensionProc's; nothing means success", async (t) => {
  const { ecb } = recordingEcb();
  t.equal(
    new Pooled(() => HSE_STATUS_SUCCESS_AND_KEEP_CONN).HttpExtensionProc(ecb),
    HSE_STATUS_SUCCESS_AND_KEEP_CONN,
  );
  t.equal(new Pooled(() => undefined).HttpExtensionProc(ecb), HSE_STATUS_SUCCESS);
  t.equal(await new Pooled(async () => 2).HttpExtensionProc(ecb), 2);
});

t.test("a throwing Dispatch gets a short 500 and a logged stack", async (t) => {
  const { ecb, sent } = recordingEcb();
  const logged: string[] = [];
  const original = console.error;
  console.error = (line: string) => logged.push(line);
  t.teardown(() => {
    console.error = original;
  });
  const status = new Pooled(() => {
    throw new Error("secret detail");
  }).HttpExtensionProc(ecb);
  t.equal(status, HSE_STATUS_SUCCESS);
  t.equal(sent.status, "500 Internal Server Error");
  t.equal(sent.statusCode, 500);
  t.notMatch(sent.body, "secret detail");
  t.match(logged.join("\n"), /Error: secret detail/);
  t.match(logged.join("\n"), /threaded\.test\.ts/);
});

t.test("a rejected Promise is handled the same way", async (t) => {
  const { ecb, sent } = recordingEcb();
  silence(t);
  const status = await new Pooled(async () => {
    throw new Error("later");
  }).HttpExtensionProc(ecb);
  t.equal(status, HSE_STATUS_SUCCESS);
  t.equal(sent.status, "500 Internal Server Error");
});

t.test("a failure after the headers went out ends with HSE_STATUS_ERROR", async (t) => {
  const { ecb } = recordingEcb();
  silence(t);
  const status = new Pooled((e) => {
    e.SendResponseHeaders("200 OK", "");
    throw new Error("mid-response");
  }).HttpExtensionProc(ecb);
  t.equal(status, HSE_STATUS_ERROR);
});

t.test("describeError keeps name, message and stack", async (t) => {
  t.match(describeError(new TypeError("bad")), /^TypeError: bad/);
  t.equal(describeError("plain"), "plain");
});
