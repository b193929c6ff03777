// DOMException (WebIDL): an Error whose `name` says what went wrong and whose legacy
// `code` is the number the old DOM gave that name (0 for the names added since).

/** @type {Record<string, number>} */
const CODES = {
  IndexSizeError: 1,
  HierarchyRequestError: 3,
  WrongDocumentError: 4,
  InvalidCharacterError: 5,
  NoModificationAllowedError: 7,
  NotFoundError: 8,
  NotSupportedError: 9,
  InUseAttributeError: 10,
  InvalidStateError: 11,
  SyntaxError: 12,
  InvalidModificationError: 13,
  NamespaceError: 14,
  InvalidAccessError: 15,
  TypeMismatchError: 17,
  SecurityError: 18,
  NetworkError: 19,
  AbortError: 20,
  URLMismatchError: 21,
  QuotaExceededError: 22,
  TimeoutError: 23,
  InvalidNodeTypeError: 24,
  DataCloneError: 25,
};

const CONSTANTS = [
  "INDEX_SIZE_ERR",
  "DOMSTRING_SIZE_ERR",
  "HIERARCHY_REQUEST_ERR",
  "WRONG_DOCUMENT_ERR",
  "INVALID_CHARACTER_ERR",
  "NO_DATA_ALLOWED_ERR",
  "NO_MODIFICATION_ALLOWED_ERR",
  "NOT_FOUND_ERR",
  "NOT_SUPPORTED_ERR",
  "INUSE_ATTRIBUTE_ERR",
  "INVALID_STATE_ERR",
  "SYNTAX_ERR",
  "INVALID_MODIFICATION_ERR",
  "NAMESPACE_ERR",
  "INVALID_ACCESS_ERR",
  "VALIDATION_ERR",
  "TYPE_MISMATCH_ERR",
  "SECURITY_ERR",
  "NETWORK_ERR",
  "ABORT_ERR",
  "URL_MISMATCH_ERR",
  "QUOTA_EXCEEDED_ERR",
  "TIMEOUT_ERR",
  "INVALID_NODE_TYPE_ERR",
  "DATA_CLONE_ERR",
];

/** @type {WeakMap<object, { name: string, message: string }>} */
const state = new WeakMap();

/** @param {unknown} self */
function stateOf(self) {
  const s = typeof self === "object" && self !== null ? state.get(self) : undefined;
  if (!s) throw new TypeError("Illegal invocation");
  return s;
}

export class DOMException extends Error {
  /**
   * @param {unknown} [message]
   * @param {unknown} [name]
   */
  constructor(message = "", name = "Error") {
    // No own `message`: WebIDL puts name, message and code on the prototype.
    super();
    state.set(this, { message: String(message), name: String(name) });
  }
  /** @returns {string} */
  // @ts-ignore: an accessor where Error has a data property, as WebIDL says
  get name() {
    return stateOf(this).name;
  }
  /** @returns {string} */
  // @ts-ignore: as `name`
  get message() {
    return stateOf(this).message;
  }
  get code() {
    return CODES[stateOf(this).name] ?? 0;
  }
}

for (const [index, constant] of CONSTANTS.entries()) {
  const descriptor = { value: index + 1, enumerable: true, writable: false, configurable: false };
  Object.defineProperty(DOMException, constant, descriptor);
  Object.defineProperty(DOMException.prototype, constant, descriptor);
}
for (const name of ["name", "message", "code"]) {
  const descriptor = /** @type {PropertyDescriptor} */ (
    Object.getOwnPropertyDescriptor(DOMException.prototype, name)
  );
  Object.defineProperty(DOMException.prototype, name, { ...descriptor, enumerable: true });
}
Object.defineProperty(DOMException.prototype, Symbol.toStringTag, {
  value: "DOMException",
  configurable: true,
});
