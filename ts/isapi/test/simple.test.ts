import t from "tap";
import {
  SF_NOTIFY_ORDER_HIGH,
  SF_NOTIFY_PREPROC_HEADERS,
  SimpleExtension,
  SimpleFilter,
  type ExtensionControlBlock,
  type ExtensionVersionInfo,
} from "isapi-ts";

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

t.test("SimpleFilter reports its flags and description", async (t) => {
  class Flagged extends SimpleFilter {
    override filter_flags = SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_ORDER_HIGH;
    HttpFilterProc(): void {}
  }
  const fv = { ServerFilterVersion: 0, FilterVersion: 0, Flags: 0, FilterDesc: "" };
  new Flagged().GetFilterVersion(fv);
  t.equal(fv.Flags, SF_NOTIFY_PREPROC_HEADERS | SF_NOTIFY_ORDER_HIGH);
  t.equal(fv.FilterDesc, "Flagged");
  t.equal(new Flagged().TerminateFilter(0), true);
});

t.test("SimpleFilter without filter_flags refuses to load, naming the class", async (t) => {
  class Unflagged extends SimpleFilter {
    HttpFilterProc(): void {}
  }
  const fv = { ServerFilterVersion: 0, FilterVersion: 0, Flags: 0, FilterDesc: "" };
  t.throws(
    () => new Unflagged().GetFilterVersion(fv),
    /You must specify the filter flags: set filter_flags on Unflagged/,
  );
});
