/**
 * Basic authentication for every URL under /private/, as an ISAPI filter.
 *
 * AUTHENTICATION gets the credentials the client sent (decoded from `Authorization: Basic`).
 * Wrong or missing ones are refused the IIS way: `SF_REQ_ADD_HEADERS_ON_DENIAL` adds the
 * challenge (`WWW-Authenticate: Basic realm="isapi-ts"`), and `SF_STATUS_REQ_ERROR` with
 * `ERROR_ACCESS_DENIED` makes the server answer 401. ACCESS_DENIED then logs the refusal.
 * `demo:demo` goes through; the static /private/index.html answers.
 */
import {
  ERROR_ACCESS_DENIED,
  SF_NOTIFY_ACCESS_DENIED,
  SF_NOTIFY_AUTHENTICATION,
  SF_STATUS_REQ_ERROR,
  SimpleFilter,
  type AccessDeniedData,
  type AuthenticationData,
  type FilterContext,
  type FilterFactory,
} from "isapi-ts";

const PROTECTED = "/private/";
const REALM = "isapi-ts";
/** A demo user list: keep real credentials out of bundles. */
const USERS = new Map([["demo", "demo"]]);

class AuthFilter extends SimpleFilter {
  override filter_flags = SF_NOTIFY_AUTHENTICATION | SF_NOTIFY_ACCESS_DENIED;

  override get description(): string {
    return "isapi-ts Basic authentication filter sample";
  }

  HttpFilterProc(fc: FilterContext): number | void {
    if (fc.NotificationType === SF_NOTIFY_AUTHENTICATION) {
      if (!fc.GetServerVariable("URL").startsWith(PROTECTED)) return;
      const credentials = fc.GetData() as AuthenticationData;
      if (credentials.User !== "" && USERS.get(credentials.User) === credentials.Password) return;
      fc.AddHeadersOnDenial(`WWW-Authenticate: Basic realm="${REALM}"\r\n`);
      fc.SetLastError(ERROR_ACCESS_DENIED);
      return SF_STATUS_REQ_ERROR;
    }
    if (fc.NotificationType === SF_NOTIFY_ACCESS_DENIED) {
      const denied = fc.GetData() as AccessDeniedData;
      console.log(`auth_filter: refused ${denied.URL} (reason ${denied.Reason})`);
    }
  }
}

export const __FilterFactory__: FilterFactory = () => new AuthFilter();
