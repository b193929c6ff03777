/**
 * Every ISAPI constant, with the Windows SDK's names and values (see
 * shared/reference/isapi-spec.md §1.3), plus the HTTP status names of pywin32's `isapicon`.
 */

/** Versions and sizes (httpext.h / httpfilt.h). */
export const HSE_VERSION_MAJOR = 8;
export const HSE_VERSION_MINOR = 0;
export const HSE_VERSION = 0x00080000;
export const HTTP_FILTER_REVISION = 0x000a0000;
export const HSE_LOG_BUFFER_LEN = 80;
export const HSE_MAX_EXT_DLL_NAME_LEN = 256;
export const SF_MAX_USERNAME = 257;
export const SF_MAX_PASSWORD = 257;
export const SF_MAX_AUTH_TYPE = 33;
export const SF_MAX_FILTER_DESC_LEN = 257;

/** What `HttpExtensionProc` returns, and the status given to `DoneWithSession`. */
export const HSE_STATUS_SUCCESS = 1;
export const HSE_STATUS_SUCCESS_AND_KEEP_CONN = 2;
export const HSE_STATUS_PENDING = 3;
export const HSE_STATUS_ERROR = 4;

/** `ServerSupportFunction` request codes. */
export const HSE_REQ_BASE = 0;
export const HSE_REQ_SEND_URL_REDIRECT_RESP = 1;
export const HSE_REQ_SEND_URL = 2;
export const HSE_REQ_SEND_RESPONSE_HEADER = 3;
export const HSE_REQ_DONE_WITH_SESSION = 4;
export const HSE_REQ_END_RESERVED = 1000;
export const HSE_REQ_MAP_URL_TO_PATH = 1001;
export const HSE_REQ_GET_SSPI_INFO = 1002;
export const HSE_APPEND_LOG_PARAMETER = 1003;
export const HSE_REQ_IO_COMPLETION = 1005;
export const HSE_REQ_TRANSMIT_FILE = 1006;
export const HSE_REQ_REFRESH_ISAPI_ACL = 1007;
export const HSE_REQ_IS_KEEP_CONN = 1008;
export const HSE_REQ_ASYNC_READ_CLIENT = 1010;
export const HSE_REQ_GET_IMPERSONATION_TOKEN = 1011;
export const HSE_REQ_MAP_URL_TO_PATH_EX = 1012;
export const HSE_REQ_ABORTIVE_CLOSE = 1014;
export const HSE_REQ_GET_CERT_INFO_EX = 1015;
export const HSE_REQ_SEND_RESPONSE_HEADER_EX = 1016;
export const HSE_REQ_CLOSE_CONNECTION = 1017;
export const HSE_REQ_IS_CONNECTED = 1018;
export const HSE_REQ_MAP_UNICODE_URL_TO_PATH = 1023;
export const HSE_REQ_MAP_UNICODE_URL_TO_PATH_EX = 1024;
export const HSE_REQ_EXEC_UNICODE_URL = 1025;
export const HSE_REQ_EXEC_URL = 1026;
export const HSE_REQ_GET_EXEC_URL_STATUS = 1027;
export const HSE_REQ_SEND_CUSTOM_ERROR = 1028;
export const HSE_REQ_IS_IN_PROCESS = 1030;
export const HSE_REQ_REPORT_UNHEALTHY = 1032;
export const HSE_REQ_NORMALIZE_URL = 1033;
export const HSE_REQ_VECTOR_SEND = 1037;
export const HSE_REQ_GET_ANONYMOUS_TOKEN = 1038;
export const HSE_REQ_GET_CACHE_INVALIDATION_CALLBACK = 1040;
export const HSE_REQ_GET_UNICODE_ANONYMOUS_TOKEN = 1041;
export const HSE_REQ_GET_TRACE_INFO = 1042;
export const HSE_REQ_SET_FLUSH_FLAG = 1043;
export const HSE_REQ_GET_TRACE_INFO_EX = 1044;
export const HSE_REQ_RAISE_TRACE_EVENT = 1045;
export const HSE_REQ_GET_CONFIG_OBJECT = 1046;
export const HSE_REQ_GET_WORKER_PROCESS_SETTINGS = 1047;
export const HSE_REQ_GET_PROTOCOL_MANAGER_CUSTOM_INTERFACE_CALLBACK = 1048;
export const HSE_REQ_CANCEL_IO = 1049;
export const HSE_REQ_GET_CHANNEL_BINDING_TOKEN = 1050;

/** `TerminateExtension` / `TerminateFilter` flags. */
export const HSE_TERM_ADVISORY_UNLOAD = 1;
export const HSE_TERM_MUST_UNLOAD = 2;

/** I/O flags (`WriteClient`, TransmitFile, VectorSend). */
export const HSE_IO_SYNC = 0x1;
export const HSE_IO_ASYNC = 0x2;
export const HSE_IO_DISCONNECT_AFTER_SEND = 0x4;
export const HSE_IO_SEND_HEADERS = 0x8;
export const HSE_IO_FINAL_SEND = 0x10;
export const HSE_IO_CACHE_RESPONSE = 0x20;
export const HSE_IO_TRY_SKIP_CUSTOM_ERRORS = 0x40;
export const HSE_IO_NODELAY = 0x1000;

/** URL access flags (`HSE_URL_MAPEX_INFO.dwFlags`). */
export const HSE_URL_FLAGS_READ = 0x1;
export const HSE_URL_FLAGS_WRITE = 0x2;
export const HSE_URL_FLAGS_EXECUTE = 0x4;
export const HSE_URL_FLAGS_SSL = 0x8;
export const HSE_URL_FLAGS_DONT_CACHE = 0x10;
export const HSE_URL_FLAGS_NEGO_CERT = 0x20;
export const HSE_URL_FLAGS_REQUIRE_CERT = 0x40;
export const HSE_URL_FLAGS_MAP_CERT = 0x80;
export const HSE_URL_FLAGS_SSL128 = 0x100;
export const HSE_URL_FLAGS_SCRIPT = 0x200;
export const HSE_URL_FLAGS_MASK = 0x3ff;

/** `HSE_REQ_EXEC_URL` flags. */
export const HSE_EXEC_URL_NO_HEADERS = 0x02;
export const HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR = 0x04;
export const HSE_EXEC_URL_IGNORE_VALIDATION_AND_RANGE = 0x10;
export const HSE_EXEC_URL_DISABLE_CUSTOM_ERROR = 0x20;
export const HSE_EXEC_URL_SSI_CMD = 0x40;
export const HSE_EXEC_URL_HTTP_CACHE_ELIGIBLE = 0x80;

/** Vector-send element types and `HSE_REQ_IS_IN_PROCESS` answers. */
export const HSE_VECTOR_ELEMENT_TYPE_MEMORY_BUFFER = 0;
export const HSE_VECTOR_ELEMENT_TYPE_FILE_HANDLE = 1;
export const HSE_APP_FLAG_IN_PROCESS = 0;
export const HSE_APP_FLAG_ISOLATED_OOP = 1;
export const HSE_APP_FLAG_POOLED_OOP = 2;

/** Filter notifications and flags (`HTTP_FILTER_VERSION.dwFlags`). */
export const SF_NOTIFY_SECURE_PORT = 0x1;
export const SF_NOTIFY_NONSECURE_PORT = 0x2;
export const SF_NOTIFY_SEND_RESPONSE = 0x40;
export const SF_NOTIFY_END_OF_REQUEST = 0x80;
export const SF_NOTIFY_END_OF_NET_SESSION = 0x100;
export const SF_NOTIFY_LOG = 0x200;
export const SF_NOTIFY_SEND_RAW_DATA = 0x400;
export const SF_NOTIFY_ACCESS_DENIED = 0x800;
export const SF_NOTIFY_URL_MAP = 0x1000;
export const SF_NOTIFY_AUTHENTICATION = 0x2000;
export const SF_NOTIFY_PREPROC_HEADERS = 0x4000;
export const SF_NOTIFY_READ_RAW_DATA = 0x8000;
export const SF_NOTIFY_AUTH_COMPLETE = 0x04000000;
export const SF_NOTIFY_ORDER_LOW = 0x20000;
export const SF_NOTIFY_ORDER_MEDIUM = 0x40000;
export const SF_NOTIFY_ORDER_HIGH = 0x80000;
export const SF_NOTIFY_ORDER_DEFAULT = 0x20000;
export const SF_NOTIFY_ORDER_MASK = 0xe0000;

/** Filter `ServerSupportFunction` requests (`SF_REQ_TYPE`) and properties. */
export const SF_REQ_SEND_RESPONSE_HEADER = 0;
export const SF_REQ_ADD_HEADERS_ON_DENIAL = 1;
export const SF_REQ_SET_NEXT_READ_SIZE = 2;
export const SF_REQ_SET_PROXY_INFO = 3;
export const SF_REQ_GET_CONNID = 4;
export const SF_REQ_SET_CERTIFICATE_INFO = 5;
export const SF_REQ_GET_PROPERTY = 6;
export const SF_REQ_NORMALIZE_URL = 7;
export const SF_REQ_DISABLE_NOTIFICATIONS = 8;
export const SF_PROPERTY_SSL_CTXT = 0;
export const SF_PROPERTY_INSTANCE_NUM_ID = 1;

/** What `HttpFilterProc` returns (`SF_STATUS_TYPE`). */
export const SF_STATUS_REQ_FINISHED = 0x08000000;
export const SF_STATUS_REQ_FINISHED_KEEP_CONN = 0x08000001;
export const SF_STATUS_REQ_NEXT_NOTIFICATION = 0x08000002;
export const SF_STATUS_REQ_HANDLED_NOTIFICATION = 0x08000003;
export const SF_STATUS_REQ_ERROR = 0x08000004;
export const SF_STATUS_REQ_READ_NEXT = 0x08000005;

/** Why access was denied (`HTTP_FILTER_ACCESS_DENIED.dwReason`, bits). */
export const SF_DENIED_LOGON = 0x1;
export const SF_DENIED_RESOURCE = 0x2;
export const SF_DENIED_FILTER = 0x4;
export const SF_DENIED_APPLICATION = 0x8;
export const SF_DENIED_BY_CONFIG = 0x10000;

/** Win32 error codes ISAPI callbacks report (an `ExtensionError`'s `errno`). */
export const ERROR_SUCCESS = 0;
export const ERROR_ACCESS_DENIED = 5;
export const ERROR_INVALID_HANDLE = 6;
export const ERROR_NOT_ENOUGH_MEMORY = 8;
export const ERROR_WRITE_FAULT = 29;
export const ERROR_READ_FAULT = 30;
export const ERROR_NOT_SUPPORTED = 50;
export const ERROR_NETNAME_DELETED = 64;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_INSUFFICIENT_BUFFER = 122;
export const ERROR_NO_DATA = 232;
export const ERROR_MORE_DATA = 234;
export const ERROR_OPERATION_ABORTED = 995;
export const ERROR_IO_PENDING = 997;
export const ERROR_CONNECTION_ABORTED = 1236;
export const ERROR_INVALID_INDEX = 1413;

/** HTTP status codes, named as in pywin32's `isapicon`. */
export const HTTP_CONTINUE = 100;
export const HTTP_SWITCHING_PROTOCOLS = 101;
export const HTTP_PROCESSING = 102;
export const HTTP_OK = 200;
export const HTTP_CREATED = 201;
export const HTTP_ACCEPTED = 202;
export const HTTP_NON_AUTHORITATIVE = 203;
export const HTTP_NO_CONTENT = 204;
export const HTTP_RESET_CONTENT = 205;
export const HTTP_PARTIAL_CONTENT = 206;
export const HTTP_MULTI_STATUS = 207;
export const HTTP_MULTIPLE_CHOICES = 300;
export const HTTP_MOVED_PERMANENTLY = 301;
export const HTTP_MOVED_TEMPORARILY = 302;
export const HTTP_SEE_OTHER = 303;
export const HTTP_NOT_MODIFIED = 304;
export const HTTP_USE_PROXY = 305;
export const HTTP_TEMPORARY_REDIRECT = 307;
export const HTTP_BAD_REQUEST = 400;
export const HTTP_UNAUTHORIZED = 401;
export const HTTP_PAYMENT_REQUIRED = 402;
export const HTTP_FORBIDDEN = 403;
export const HTTP_NOT_FOUND = 404;
export const HTTP_METHOD_NOT_ALLOWED = 405;
export const HTTP_NOT_ACCEPTABLE = 406;
export const HTTP_PROXY_AUTHENTICATION_REQUIRED = 407;
export const HTTP_REQUEST_TIME_OUT = 408;
export const HTTP_CONFLICT = 409;
export const HTTP_GONE = 410;
export const HTTP_LENGTH_REQUIRED = 411;
export const HTTP_PRECONDITION_FAILED = 412;
export const HTTP_REQUEST_ENTITY_TOO_LARGE = 413;
export const HTTP_REQUEST_URI_TOO_LARGE = 414;
export const HTTP_UNSUPPORTED_MEDIA_TYPE = 415;
export const HTTP_RANGE_NOT_SATISFIABLE = 416;
export const HTTP_EXPECTATION_FAILED = 417;
export const HTTP_UNPROCESSABLE_ENTITY = 422;
export const HTTP_INTERNAL_SERVER_ERROR = 500;
export const HTTP_NOT_IMPLEMENTED = 501;
export const HTTP_BAD_GATEWAY = 502;
export const HTTP_SERVICE_UNAVAILABLE = 503;
export const HTTP_GATEWAY_TIME_OUT = 504;
export const HTTP_VERSION_NOT_SUPPORTED = 505;
export const HTTP_VARIANT_ALSO_VARIES = 506;
