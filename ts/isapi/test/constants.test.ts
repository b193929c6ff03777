import t from "tap";
import * as isapi from "isapi-ts";

// Values from the Windows SDK (isapi-spec.md §1.3); a typo here breaks real servers.
t.test("extension constants carry the SDK values", async (t) => {
  t.equal(isapi.HSE_VERSION, (8 << 16) | 0);
  t.equal(isapi.HSE_STATUS_SUCCESS, 1);
  t.equal(isapi.HSE_STATUS_SUCCESS_AND_KEEP_CONN, 2);
  t.equal(isapi.HSE_STATUS_PENDING, 3);
  t.equal(isapi.HSE_STATUS_ERROR, 4);
  t.equal(isapi.HSE_REQ_SEND_RESPONSE_HEADER_EX, 1016);
  t.equal(isapi.HSE_REQ_DONE_WITH_SESSION, 4);
  t.equal(isapi.HSE_REQ_EXEC_URL, 1026);
  t.equal(isapi.HSE_REQ_GET_CHANNEL_BINDING_TOKEN, 1050);
  t.equal(isapi.HSE_IO_NODELAY, 0x1000);
  t.equal(isapi.HSE_TERM_MUST_UNLOAD, 2);
  t.equal(isapi.HSE_URL_FLAGS_MASK, 0x3ff);
});

t.test("filter constants carry the SDK values", async (t) => {
  t.equal(isapi.HTTP_FILTER_REVISION, 0x000a0000);
  t.equal(isapi.SF_NOTIFY_PREPROC_HEADERS, 0x4000);
  t.equal(isapi.SF_NOTIFY_AUTH_COMPLETE, 0x04000000);
  t.equal(isapi.SF_NOTIFY_ORDER_DEFAULT, isapi.SF_NOTIFY_ORDER_LOW);
  t.equal(isapi.SF_STATUS_REQ_NEXT_NOTIFICATION, 134217730);
  t.equal(isapi.SF_REQ_DISABLE_NOTIFICATIONS, 8);
  t.equal(isapi.SF_DENIED_BY_CONFIG, 0x10000);
});

t.test("HTTP status names match pywin32's isapicon", async (t) => {
  t.equal(isapi.HTTP_OK, 200);
  t.equal(isapi.HTTP_MOVED_TEMPORARILY, 302);
  t.equal(isapi.HTTP_NOT_FOUND, 404);
  t.equal(isapi.HTTP_REQUEST_TIME_OUT, 408);
  t.equal(isapi.HTTP_GATEWAY_TIME_OUT, 504);
});

t.test("no two HSE_REQ codes share a value", async (t) => {
  const codes = Object.entries(isapi).filter(
    ([name]) => name.startsWith("HSE_REQ_") && name !== "HSE_REQ_BASE",
  );
  const values = codes.map(([, value]) => value);
  t.equal(new Set(values).size, values.length);
  t.ok(codes.length >= 40, `expected every request code, found ${codes.length}`);
});
