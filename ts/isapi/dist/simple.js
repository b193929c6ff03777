/**
 * Base class for extensions, as pywin32's `isapi.simple.SimpleExtension`: it fills in the
 * version information and accepts termination; subclasses implement `HttpExtensionProc`.
 */
export class SimpleExtension {
    /** The description reported to the server; defaults to the class name. */
    get description() {
        return this.constructor.name;
    }
    GetExtensionVersion(vi) {
        // `null` means re-initialisation after a reload: nothing to report again.
        if (vi !== null) {
            vi.ExtensionDesc = this.description;
        }
    }
    TerminateExtension(_status) {
        return true;
    }
}
//# sourceMappingURL=simple.js.map