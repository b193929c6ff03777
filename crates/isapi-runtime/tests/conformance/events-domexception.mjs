// DOMException: names, legacy codes, constants, Error-likeness, defaults, validation.
const names = [
  "IndexSizeError", "HierarchyRequestError", "WrongDocumentError", "InvalidCharacterError",
  "NoModificationAllowedError", "NotFoundError", "NotSupportedError", "InUseAttributeError",
  "InvalidStateError", "SyntaxError", "InvalidModificationError", "NamespaceError",
  "InvalidAccessError", "TypeMismatchError", "SecurityError", "NetworkError", "AbortError",
  "URLMismatchError", "QuotaExceededError", "TimeoutError", "InvalidNodeTypeError",
  "DataCloneError", "EncodingError", "NotReadableError", "UnknownError", "ConstraintError",
  "DataError", "TransactionInactiveError", "ReadOnlyError", "VersionError", "OperationError",
  "NotAllowedError", "Whatever",
];
for (const name of names) {
  const e = new DOMException("msg", name);
  console.log(name, e.code, e.name === name, e.message);
}
const plain = new DOMException();
console.log("defaults", JSON.stringify(plain.name), JSON.stringify(plain.message), plain.code);
const e = new DOMException("boom", "AbortError");
console.log("instanceof Error", e instanceof Error, e instanceof DOMException);
console.log("toString", String(e), Object.prototype.toString.call(e));
console.log("typeof stack", typeof e.stack);
console.log("proto chain", Object.getPrototypeOf(DOMException.prototype) === Error.prototype);
console.log("constants", DOMException.ABORT_ERR, DOMException.prototype.TIMEOUT_ERR, e.DATA_CLONE_ERR, DOMException.INDEX_SIZE_ERR, DOMException.VALIDATION_ERR);
console.log("own names", ["name", "message", "code"].map((k) => Object.hasOwn(e, k)).join());
console.log("proto has", ["name", "message", "code"].map((k) => typeof Object.getOwnPropertyDescriptor(DOMException.prototype, k)?.get).join());
console.log("coerced", new DOMException(42, 7).message, new DOMException(null, undefined).name, new DOMException(undefined, "X").message === "");
try {
  DOMException("x");
} catch (error) {
  console.log("call without new", error.name);
}
try {
  Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get.call({});
} catch (error) {
  console.log("getter on other", error.name);
}
try {
  throw new DOMException("thrown", "NotSupportedError");
} catch (error) {
  console.log("caught", error.name, error.message, error.code);
}
class MyError extends DOMException {
  constructor() {
    super("mine", "SyntaxError");
  }
}
const mine = new MyError();
console.log("subclass", mine.name, mine.code, mine instanceof DOMException, mine instanceof MyError);
