import t from "tap";
import { SimpleExtension, type ExtensionControlBlock, type ExtensionVersionInfo } from "isapi-ts";

class Greeter extends SimpleExtension {
  HttpExtensionProc(_ecb: ExtensionControlBlock): number {
    return 1;
  }
}

class Described extends Greeter {
  override get description(): string {
    return "a described extension";
  }
}

t.test("GetExtensionVersion reports the description", async (t) => {
  const vi: ExtensionVersionInfo = { ExtensionDesc: "", ExtensionVersion: 0x80000 };
  new Greeter().GetExtensionVersion(vi);
  t.equal(vi.ExtensionDesc, "Greeter");
  new Described().GetExtensionVersion(vi);
  t.equal(vi.ExtensionDesc, "a described extension");
});

t.test("a reload passes null, which is left alone", async (t) => {
  t.doesNotThrow(() => new Greeter().GetExtensionVersion(null));
});

t.test("TerminateExtension agrees to unload", async (t) => {
  t.equal(new Greeter().TerminateExtension(2), true);
});
