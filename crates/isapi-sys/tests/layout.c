/* The ISAPI structs of isapi-sys declared with plain C types, for tests/layout.rs.
 * Prints "NAME SIZE" and "NAME.FIELD OFFSET" lines as laid out by this platform's C
 * compiler; the Rust test compares them with core::mem::size_of / offset_of!.
 * Types as in isapi-spec.md §1.1: DWORD = uint32_t, BOOL = int, pointers and handles
 * = void *, callbacks = function pointers (void *-sized). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint32_t DWORD;
typedef int BOOL;
typedef uint16_t USHORT;
typedef uint16_t WCHAR;
typedef uint8_t BYTE;
typedef uint64_t ULONGLONG;
typedef void (*FN)(void);

#define MAX_PATH 260

/* httpext.h */

typedef struct {
    DWORD dwExtensionVersion;
    char lpszExtensionDesc[256];
} HSE_VERSION_INFO;

typedef struct {
    DWORD cbSize;
    DWORD dwVersion;
    void *ConnID;
    DWORD dwHttpStatusCode;
    char lpszLogData[80];
    char *lpszMethod;
    char *lpszQueryString;
    char *lpszPathInfo;
    char *lpszPathTranslated;
    DWORD cbTotalBytes;
    DWORD cbAvailable;
    BYTE *lpbData;
    char *lpszContentType;
    FN GetServerVariable;
    FN WriteClient;
    FN ReadClient;
    FN ServerSupportFunction;
} EXTENSION_CONTROL_BLOCK;

typedef struct {
    const char *pszStatus;
    const char *pszHeader;
    DWORD cchStatus;
    DWORD cchHeader;
    BOOL fKeepConn;
} HSE_SEND_HEADER_EX_INFO;

typedef struct {
    char lpszPath[MAX_PATH];
    DWORD dwFlags;
    DWORD cchMatchingPath;
    DWORD cchMatchingURL;
    DWORD dwReserved1;
    DWORD dwReserved2;
} HSE_URL_MAPEX_INFO;

typedef struct {
    WCHAR lpszPath[MAX_PATH];
    DWORD dwFlags;
    DWORD cchMatchingPath;
    DWORD cchMatchingURL;
} HSE_UNICODE_URL_MAPEX_INFO;

typedef struct {
    FN pfnHseIO;
    void *pContext;
    void *hFile;
    const char *pszStatusCode;
    DWORD BytesToWrite;
    DWORD Offset;
    void *pHead;
    DWORD HeadLength;
    void *pTail;
    DWORD TailLength;
    DWORD dwFlags;
} HSE_TF_INFO;

typedef struct {
    void *hImpersonationToken;
    char *pszCustomUserName;
    char *pszCustomAuthType;
} HSE_EXEC_URL_USER_INFO;

typedef struct {
    void *hImpersonationToken;
    WCHAR *pszCustomUserName;
    char *pszCustomAuthType;
} HSE_EXEC_UNICODE_URL_USER_INFO;

typedef struct {
    DWORD cbAvailable;
    void *lpbData;
} HSE_EXEC_URL_ENTITY_INFO;

typedef struct {
    USHORT uHttpStatusCode;
    USHORT uHttpSubStatus;
    DWORD dwWin32Error;
} HSE_EXEC_URL_STATUS;

typedef struct {
    char *pszUrl;
    char *pszMethod;
    char *pszChildHeaders;
    HSE_EXEC_URL_USER_INFO *pUserInfo;
    HSE_EXEC_URL_ENTITY_INFO *pEntity;
    DWORD dwExecUrlFlags;
} HSE_EXEC_URL_INFO;

typedef struct {
    WCHAR *pszUrl;
    char *pszMethod;
    char *pszChildHeaders;
    HSE_EXEC_UNICODE_URL_USER_INFO *pUserInfo;
    HSE_EXEC_URL_ENTITY_INFO *pEntity;
    DWORD dwExecUrlFlags;
} HSE_EXEC_UNICODE_URL_INFO;

typedef struct {
    char *pszStatus;
    USHORT uHttpSubError;
    BOOL fAsync;
} HSE_CUSTOM_ERROR_INFO;

typedef struct {
    DWORD ElementType;
    void *pvContext;
    ULONGLONG cbOffset;
    ULONGLONG cbSize;
} HSE_VECTOR_ELEMENT;

typedef struct {
    DWORD dwFlags;
    char *pszStatus;
    char *pszHeaders;
    DWORD nElementCount;
    HSE_VECTOR_ELEMENT *lpElementArray;
} HSE_RESPONSE_VECTOR;

typedef struct {
    BOOL fTraceRequest;
    BYTE TraceContextId[16];
    DWORD dwReserved1;
    DWORD dwReserved2;
} HSE_TRACE_INFO;

typedef struct {
    DWORD dwCertEncodingType;
    BYTE *pbCertEncoded;
    DWORD cbCertEncoded;
    void *pCertInfo;
    void *hCertStore;
} CERT_CONTEXT;

typedef struct {
    CERT_CONTEXT CertContext;
    DWORD cbAllocated;
    DWORD dwCertificateFlags;
} CERT_CONTEXT_EX;

/* httpfilt.h */

typedef struct {
    DWORD dwServerFilterVersion;
    DWORD dwFilterVersion;
    char lpszFilterDesc[257];
    DWORD dwFlags;
} HTTP_FILTER_VERSION;

typedef struct {
    DWORD cbSize;
    DWORD Revision;
    void *ServerContext;
    DWORD ulReserved;
    BOOL fIsSecurePort;
    void *pFilterContext;
    FN GetServerVariable;
    FN AddResponseHeaders;
    FN WriteClient;
    FN AllocMem;
    FN ServerSupportFunction;
} HTTP_FILTER_CONTEXT;

typedef struct {
    void *pvInData;
    DWORD cbInData;
    DWORD cbInBuffer;
    DWORD dwReserved;
} HTTP_FILTER_RAW_DATA;

typedef struct {
    FN GetHeader;
    FN SetHeader;
    FN AddHeader;
    DWORD HttpStatus;
    DWORD dwReserved;
} HTTP_FILTER_PREPROC_HEADERS;

typedef struct {
    char *pszUser;
    DWORD cbUserBuff;
    char *pszPassword;
    DWORD cbPasswordBuff;
} HTTP_FILTER_AUTHENT;

typedef struct {
    const char *pszURL;
    char *pszPhysicalPath;
    DWORD cbPathBuff;
} HTTP_FILTER_URL_MAP;

typedef struct {
    const char *pszURL;
    char *pszPhysicalPath;
    DWORD cbPathBuff;
    DWORD dwFlags;
    DWORD cchMatchingPath;
    DWORD cchMatchingURL;
    const char *pszScriptMapEntry;
} HTTP_FILTER_URL_MAP_EX;

typedef struct {
    const char *pszURL;
    const char *pszPhysicalPath;
    DWORD dwReason;
} HTTP_FILTER_ACCESS_DENIED;

typedef struct {
    const char *pszClientHostName;
    const char *pszClientUserName;
    const char *pszServerName;
    const char *pszOperation;
    const char *pszTarget;
    const char *pszParameters;
    DWORD dwHttpStatus;
    DWORD dwWin32Status;
    DWORD dwBytesSent;
    DWORD dwBytesRecvd;
    DWORD msTimeForProcessing;
} HTTP_FILTER_LOG;

typedef struct {
    FN GetHeader;
    FN SetHeader;
    FN AddHeader;
    FN GetUserToken;
    DWORD HttpStatus;
    BOOL fResetAuth;
    DWORD dwReserved;
} HTTP_FILTER_AUTH_COMPLETE_INFO;

#define SIZE(T) printf("%s %lu\n", #T, (unsigned long)sizeof(T))
#define OFF(T, F) printf("%s.%s %lu\n", #T, #F, (unsigned long)offsetof(T, F))

int main(void) {
    SIZE(HSE_VERSION_INFO);
    OFF(HSE_VERSION_INFO, dwExtensionVersion);
    OFF(HSE_VERSION_INFO, lpszExtensionDesc);

    SIZE(EXTENSION_CONTROL_BLOCK);
    OFF(EXTENSION_CONTROL_BLOCK, cbSize);
    OFF(EXTENSION_CONTROL_BLOCK, dwVersion);
    OFF(EXTENSION_CONTROL_BLOCK, ConnID);
    OFF(EXTENSION_CONTROL_BLOCK, dwHttpStatusCode);
    OFF(EXTENSION_CONTROL_BLOCK, lpszLogData);
    OFF(EXTENSION_CONTROL_BLOCK, lpszMethod);
    OFF(EXTENSION_CONTROL_BLOCK, lpszQueryString);
    OFF(EXTENSION_CONTROL_BLOCK, lpszPathInfo);
    OFF(EXTENSION_CONTROL_BLOCK, lpszPathTranslated);
    OFF(EXTENSION_CONTROL_BLOCK, cbTotalBytes);
    OFF(EXTENSION_CONTROL_BLOCK, cbAvailable);
    OFF(EXTENSION_CONTROL_BLOCK, lpbData);
    OFF(EXTENSION_CONTROL_BLOCK, lpszContentType);
    OFF(EXTENSION_CONTROL_BLOCK, GetServerVariable);
    OFF(EXTENSION_CONTROL_BLOCK, WriteClient);
    OFF(EXTENSION_CONTROL_BLOCK, ReadClient);
    OFF(EXTENSION_CONTROL_BLOCK, ServerSupportFunction);

    SIZE(HSE_SEND_HEADER_EX_INFO);
    OFF(HSE_SEND_HEADER_EX_INFO, pszStatus);
    OFF(HSE_SEND_HEADER_EX_INFO, pszHeader);
    OFF(HSE_SEND_HEADER_EX_INFO, cchStatus);
    OFF(HSE_SEND_HEADER_EX_INFO, cchHeader);
    OFF(HSE_SEND_HEADER_EX_INFO, fKeepConn);

    SIZE(HSE_URL_MAPEX_INFO);
    OFF(HSE_URL_MAPEX_INFO, lpszPath);
    OFF(HSE_URL_MAPEX_INFO, dwFlags);
    OFF(HSE_URL_MAPEX_INFO, cchMatchingPath);
    OFF(HSE_URL_MAPEX_INFO, cchMatchingURL);
    OFF(HSE_URL_MAPEX_INFO, dwReserved1);
    OFF(HSE_URL_MAPEX_INFO, dwReserved2);

    SIZE(HSE_UNICODE_URL_MAPEX_INFO);
    OFF(HSE_UNICODE_URL_MAPEX_INFO, lpszPath);
    OFF(HSE_UNICODE_URL_MAPEX_INFO, dwFlags);
    OFF(HSE_UNICODE_URL_MAPEX_INFO, cchMatchingPath);
    OFF(HSE_UNICODE_URL_MAPEX_INFO, cchMatchingURL);

    SIZE(HSE_TF_INFO);
    OFF(HSE_TF_INFO, pfnHseIO);
    OFF(HSE_TF_INFO, pContext);
    OFF(HSE_TF_INFO, hFile);
    OFF(HSE_TF_INFO, pszStatusCode);
    OFF(HSE_TF_INFO, BytesToWrite);
    OFF(HSE_TF_INFO, Offset);
    OFF(HSE_TF_INFO, pHead);
    OFF(HSE_TF_INFO, HeadLength);
    OFF(HSE_TF_INFO, pTail);
    OFF(HSE_TF_INFO, TailLength);
    OFF(HSE_TF_INFO, dwFlags);

    SIZE(HSE_EXEC_URL_USER_INFO);
    OFF(HSE_EXEC_URL_USER_INFO, hImpersonationToken);
    OFF(HSE_EXEC_URL_USER_INFO, pszCustomUserName);
    OFF(HSE_EXEC_URL_USER_INFO, pszCustomAuthType);

    SIZE(HSE_EXEC_UNICODE_URL_USER_INFO);
    OFF(HSE_EXEC_UNICODE_URL_USER_INFO, hImpersonationToken);
    OFF(HSE_EXEC_UNICODE_URL_USER_INFO, pszCustomUserName);
    OFF(HSE_EXEC_UNICODE_URL_USER_INFO, pszCustomAuthType);

    SIZE(HSE_EXEC_URL_ENTITY_INFO);
    OFF(HSE_EXEC_URL_ENTITY_INFO, cbAvailable);
    OFF(HSE_EXEC_URL_ENTITY_INFO, lpbData);

    SIZE(HSE_EXEC_URL_STATUS);
    OFF(HSE_EXEC_URL_STATUS, uHttpStatusCode);
    OFF(HSE_EXEC_URL_STATUS, uHttpSubStatus);
    OFF(HSE_EXEC_URL_STATUS, dwWin32Error);

    SIZE(HSE_EXEC_URL_INFO);
    OFF(HSE_EXEC_URL_INFO, pszUrl);
    OFF(HSE_EXEC_URL_INFO, pszMethod);
    OFF(HSE_EXEC_URL_INFO, pszChildHeaders);
    OFF(HSE_EXEC_URL_INFO, pUserInfo);
    OFF(HSE_EXEC_URL_INFO, pEntity);
    OFF(HSE_EXEC_URL_INFO, dwExecUrlFlags);

    SIZE(HSE_EXEC_UNICODE_URL_INFO);
    OFF(HSE_EXEC_UNICODE_URL_INFO, pszUrl);
    OFF(HSE_EXEC_UNICODE_URL_INFO, pszMethod);
    OFF(HSE_EXEC_UNICODE_URL_INFO, pszChildHeaders);
    OFF(HSE_EXEC_UNICODE_URL_INFO, pUserInfo);
    OFF(HSE_EXEC_UNICODE_URL_INFO, pEntity);
    OFF(HSE_EXEC_UNICODE_URL_INFO, dwExecUrlFlags);

    SIZE(HSE_CUSTOM_ERROR_INFO);
    OFF(HSE_CUSTOM_ERROR_INFO, pszStatus);
    OFF(HSE_CUSTOM_ERROR_INFO, uHttpSubError);
    OFF(HSE_CUSTOM_ERROR_INFO, fAsync);

    SIZE(HSE_VECTOR_ELEMENT);
    OFF(HSE_VECTOR_ELEMENT, ElementType);
    OFF(HSE_VECTOR_ELEMENT, pvContext);
    OFF(HSE_VECTOR_ELEMENT, cbOffset);
    OFF(HSE_VECTOR_ELEMENT, cbSize);

    SIZE(HSE_RESPONSE_VECTOR);
    OFF(HSE_RESPONSE_VECTOR, dwFlags);
    OFF(HSE_RESPONSE_VECTOR, pszStatus);
    OFF(HSE_RESPONSE_VECTOR, pszHeaders);
    OFF(HSE_RESPONSE_VECTOR, nElementCount);
    OFF(HSE_RESPONSE_VECTOR, lpElementArray);

    SIZE(HSE_TRACE_INFO);
    OFF(HSE_TRACE_INFO, fTraceRequest);
    OFF(HSE_TRACE_INFO, TraceContextId);
    OFF(HSE_TRACE_INFO, dwReserved1);
    OFF(HSE_TRACE_INFO, dwReserved2);

    SIZE(CERT_CONTEXT);
    OFF(CERT_CONTEXT, dwCertEncodingType);
    OFF(CERT_CONTEXT, pbCertEncoded);
    OFF(CERT_CONTEXT, cbCertEncoded);
    OFF(CERT_CONTEXT, pCertInfo);
    OFF(CERT_CONTEXT, hCertStore);

    SIZE(CERT_CONTEXT_EX);
    OFF(CERT_CONTEXT_EX, CertContext);
    OFF(CERT_CONTEXT_EX, cbAllocated);
    OFF(CERT_CONTEXT_EX, dwCertificateFlags);

    SIZE(HTTP_FILTER_VERSION);
    OFF(HTTP_FILTER_VERSION, dwServerFilterVersion);
    OFF(HTTP_FILTER_VERSION, dwFilterVersion);
    OFF(HTTP_FILTER_VERSION, lpszFilterDesc);
    OFF(HTTP_FILTER_VERSION, dwFlags);

    SIZE(HTTP_FILTER_CONTEXT);
    OFF(HTTP_FILTER_CONTEXT, cbSize);
    OFF(HTTP_FILTER_CONTEXT, Revision);
    OFF(HTTP_FILTER_CONTEXT, ServerContext);
    OFF(HTTP_FILTER_CONTEXT, ulReserved);
    OFF(HTTP_FILTER_CONTEXT, fIsSecurePort);
    OFF(HTTP_FILTER_CONTEXT, pFilterContext);
    OFF(HTTP_FILTER_CONTEXT, GetServerVariable);
    OFF(HTTP_FILTER_CONTEXT, AddResponseHeaders);
    OFF(HTTP_FILTER_CONTEXT, WriteClient);
    OFF(HTTP_FILTER_CONTEXT, AllocMem);
    OFF(HTTP_FILTER_CONTEXT, ServerSupportFunction);

    SIZE(HTTP_FILTER_RAW_DATA);
    OFF(HTTP_FILTER_RAW_DATA, pvInData);
    OFF(HTTP_FILTER_RAW_DATA, cbInData);
    OFF(HTTP_FILTER_RAW_DATA, cbInBuffer);
    OFF(HTTP_FILTER_RAW_DATA, dwReserved);

    SIZE(HTTP_FILTER_PREPROC_HEADERS);
    OFF(HTTP_FILTER_PREPROC_HEADERS, GetHeader);
    OFF(HTTP_FILTER_PREPROC_HEADERS, SetHeader);
    OFF(HTTP_FILTER_PREPROC_HEADERS, AddHeader);
    OFF(HTTP_FILTER_PREPROC_HEADERS, HttpStatus);
    OFF(HTTP_FILTER_PREPROC_HEADERS, dwReserved);

    SIZE(HTTP_FILTER_AUTHENT);
    OFF(HTTP_FILTER_AUTHENT, pszUser);
    OFF(HTTP_FILTER_AUTHENT, cbUserBuff);
    OFF(HTTP_FILTER_AUTHENT, pszPassword);
    OFF(HTTP_FILTER_AUTHENT, cbPasswordBuff);

    SIZE(HTTP_FILTER_URL_MAP);
    OFF(HTTP_FILTER_URL_MAP, pszURL);
    OFF(HTTP_FILTER_URL_MAP, pszPhysicalPath);
    OFF(HTTP_FILTER_URL_MAP, cbPathBuff);

    SIZE(HTTP_FILTER_URL_MAP_EX);
    OFF(HTTP_FILTER_URL_MAP_EX, pszURL);
    OFF(HTTP_FILTER_URL_MAP_EX, pszPhysicalPath);
    OFF(HTTP_FILTER_URL_MAP_EX, cbPathBuff);
    OFF(HTTP_FILTER_URL_MAP_EX, dwFlags);
    OFF(HTTP_FILTER_URL_MAP_EX, cchMatchingPath);
    OFF(HTTP_FILTER_URL_MAP_EX, cchMatchingURL);
    OFF(HTTP_FILTER_URL_MAP_EX, pszScriptMapEntry);

    SIZE(HTTP_FILTER_ACCESS_DENIED);
    OFF(HTTP_FILTER_ACCESS_DENIED, pszURL);
    OFF(HTTP_FILTER_ACCESS_DENIED, pszPhysicalPath);
    OFF(HTTP_FILTER_ACCESS_DENIED, dwReason);

    SIZE(HTTP_FILTER_LOG);
    OFF(HTTP_FILTER_LOG, pszClientHostName);
    OFF(HTTP_FILTER_LOG, pszClientUserName);
    OFF(HTTP_FILTER_LOG, pszServerName);
    OFF(HTTP_FILTER_LOG, pszOperation);
    OFF(HTTP_FILTER_LOG, pszTarget);
    OFF(HTTP_FILTER_LOG, pszParameters);
    OFF(HTTP_FILTER_LOG, dwHttpStatus);
    OFF(HTTP_FILTER_LOG, dwWin32Status);
    OFF(HTTP_FILTER_LOG, dwBytesSent);
    OFF(HTTP_FILTER_LOG, dwBytesRecvd);
    OFF(HTTP_FILTER_LOG, msTimeForProcessing);

    SIZE(HTTP_FILTER_AUTH_COMPLETE_INFO);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, GetHeader);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, SetHeader);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, AddHeader);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, GetUserToken);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, HttpStatus);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, fResetAuth);
    OFF(HTTP_FILTER_AUTH_COMPLETE_INFO, dwReserved);

    return 0;
}
