/**
 * A port of pywin32's `isapi/test/extension_simple.py`: self-checking tests run by URL,
 * at /pyisapi_test/<name>.
 *
 *   test1              an unknown server variable raises ExtensionError (errno 1413)
 *   test_long_vars     server variables longer than 8 KB (redirects to itself with 8500 x's)
 *   test_unicode_vars  UNICODE_SERVER_NAME equals SERVER_NAME
 *
 * Unlike pywin32 (where every test fails on Python 3), each works; an unknown test name
 * answers 404 "No test named ...".
 */
import {
  ERROR_INVALID_INDEX,
  HSE_STATUS_SUCCESS,
  ThreadPoolExtension,
  isExtensionError,
  type ExtensionControlBlock,
  type ExtensionFactory,
} from "isapi-ts";

const LONG_LENGTH = 8500;

type Test = (ecb: ExtensionControlBlock) => string | undefined;

const tests: Record<string, Test> = {
  test1(ecb) {
    try {
      ecb.GetServerVariable("foo bar");
    } catch (error) {
      if (isExtensionError(error) && error.errno === ERROR_INVALID_INDEX) return "worked!";
      throw error;
    }
    throw new Error("GetServerVariable('foo bar') did not fail");
  },

  test_long_vars(ecb) {
    const query = ecb.GetServerVariable("QUERY_STRING");
    if (query === "") {
      // Come back with a query longer than an 8 KB first buffer.
      const target = `${ecb.GetServerVariable("URL")}?${"x".repeat(LONG_LENGTH)}`;
      ecb.SendResponseHeaders("301 Moved", { Location: target, "Content-Length": "0" });
      return undefined;
    }
    if (query === "x".repeat(LONG_LENGTH)) {
      return `Total length of variable is ${query.length} - test worked!`;
    }
    return `Unexpected query portion! Got ${query.length} chars, expected ${LONG_LENGTH}`;
  },

  test_unicode_vars(ecb) {
    const software = ecb.GetServerVariable("SERVER_SOFTWARE");
    const iis = /^Microsoft-IIS\/(\d+)/.exec(software);
    if (iis && Number(iis[1]) < 6) return "Test not run: unicode variables need IIS6 or later";
    const wide = ecb.GetServerVariable("UNICODE_SERVER_NAME");
    const narrow = ecb.GetServerVariable("SERVER_NAME");
    if (typeof wide !== "string" || wide !== narrow) {
      throw new Error(`UNICODE_SERVER_NAME ${JSON.stringify(wide)} != SERVER_NAME ${JSON.stringify(narrow)}`);
    }
    return "worked!";
  },
};

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

class Tester extends ThreadPoolExtension {
  override get description(): string {
    return "isapi-ts tester (port of pywin32's extension_simple)";
  }

  Dispatch(ecb: ExtensionControlBlock): number {
    const url = ecb.GetServerVariable("URL");
    const name = url.slice(url.lastIndexOf("/") + 1);
    const test = Object.prototype.hasOwnProperty.call(tests, name) ? tests[name] : undefined;
    if (test === undefined) {
      const body = `No test named ${html(name)}\n`;
      ecb.SendResponseHeaders("404 Not Found", { "Content-Type": "text/plain; charset=utf-8" });
      ecb.WriteClient(body);
      return HSE_STATUS_SUCCESS;
    }
    const result = test(ecb);
    if (result === undefined) return HSE_STATUS_SUCCESS; // the test answered itself
    ecb.SendResponseHeaders("200 OK", { "Content-Type": "text/html; charset=utf-8" });
    ecb.WriteClient(
      `<HTML><BODY>Finished running test <i>${html(name)}</i>\n<pre>${html(result)}</pre>\n</BODY></HTML>\n`,
    );
    return HSE_STATUS_SUCCESS;
  }
}

export const __ExtensionFactory__: ExtensionFactory = () => new Tester();
