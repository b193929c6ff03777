import type { Extension, ExtensionControlBlock, ExtensionVersionInfo } from "./types.js";

/**
 * Base class for extensions, as pywin32's `isapi.simple.SimpleExtension`: it fills in the
 * version information and accepts termination; subclasses implement `HttpExtensionProc`.
 */
export abstract class SimpleExtension implements Extension {
  /** The description reported to the server; defaults to the class name. */
  get description(): string {
    return this.constructor.name;
  }

  GetExtensionVersion(vi: ExtensionVersionInfo | null): void {
    // `null` means re-initialisation after a reload: nothing to report again.
    if (vi !== null) {
      vi.ExtensionDesc = this.description;
    }
  }

  abstract HttpExtensionProc(ecb: ExtensionControlBlock): number | void | Promise<number | void>;

  TerminateExtension(_status: number): boolean {
    return true;
  }
}
