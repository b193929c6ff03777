import t from "tap";
import { ExtensionError, FilterError, ISAPIError, InternalReloadException, isExtensionError } from "isapi-ts";

t.test("errors form pywin32's hierarchy and keep their details", async (t) => {
  const error = new ExtensionError("GetServerVariable failed", 1413, "GetServerVariable");
  t.ok(error instanceof ExtensionError);
  t.ok(error instanceof ISAPIError);
  t.ok(error instanceof Error);
  t.notOk(error instanceof FilterError);
  t.equal(error.name, "ExtensionError");
  t.equal(error.errno, 1413);
  t.equal(error.funcname, "GetServerVariable");
  t.equal(new FilterError("x").name, "FilterError");
  t.equal(new InternalReloadException().name, "InternalReloadException");
  t.notOk(new InternalReloadException() instanceof ISAPIError);
});

t.test("isExtensionError recognises the native ecb's errors by name", async (t) => {
  const native = Object.assign(new Error("no such variable"), { name: "ExtensionError", errno: 1413 });
  t.ok(isExtensionError(native));
  t.ok(isExtensionError(new ExtensionError("x")));
  t.notOk(isExtensionError(new TypeError("x")));
  t.notOk(isExtensionError("ExtensionError"));
});
