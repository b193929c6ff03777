/**
 * A filter that touches every response of the site, static files and extensions alike:
 * SEND_RESPONSE adds `X-Isapi-Filter: headers`, and LOG writes one line per request to the
 * server log (client, method, URL, status, bytes and time, as the server will log them).
 */
import {
  SF_NOTIFY_LOG,
  SF_NOTIFY_SEND_RESPONSE,
  SimpleFilter,
  type FilterContext,
  type FilterFactory,
  type HeaderData,
  type LogData,
} from "isapi-ts";

class HeadersFilter extends SimpleFilter {
  override filter_flags = SF_NOTIFY_SEND_RESPONSE | SF_NOTIFY_LOG;

  override get description(): string {
    return "isapi-ts headers filter sample";
  }

  HttpFilterProc(fc: FilterContext): void {
    if (fc.NotificationType === SF_NOTIFY_SEND_RESPONSE) {
      (fc.GetData() as HeaderData).SetHeader("X-Isapi-Filter:", "headers");
    } else if (fc.NotificationType === SF_NOTIFY_LOG) {
      const log = fc.GetData() as LogData;
      const query = log.Parameters ? `?${log.Parameters}` : "";
      console.log(
        `headers_filter: ${log.ClientHostName} ${log.Operation} ${log.Target}${query} ` +
          `${log.HttpStatus} ${log.BytesSent}B ${log.TimeForProcessing}ms`,
      );
    }
  }
}

export const __FilterFactory__: FilterFactory = () => new HeadersFilter();
