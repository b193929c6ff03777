import type { Filter, FilterContext, FilterVersion } from "./filter_types.js";
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

/**
 * Base class for filters, as pywin32's `isapi.simple.SimpleFilter`: set `filter_flags` to
 * the `SF_NOTIFY_*` notifications (and priority) wanted, and implement `HttpFilterProc`.
 * Without `filter_flags` the filter refuses to load, with an error naming the class.
 */
export abstract class SimpleFilter implements Filter {
  /** The `SF_NOTIFY_*` bits this filter asks for. */
  filter_flags: number | undefined = undefined;

  /** The description reported to the server; defaults to the class name. */
  get description(): string {
    return this.constructor.name;
  }

  GetFilterVersion(fv: FilterVersion): void {
    if (typeof this.filter_flags !== "number") {
      throw new Error(`You must specify the filter flags: set filter_flags on ${this.constructor.name}`);
    }
    fv.Flags = this.filter_flags;
    fv.FilterDesc = this.description;
  }

  abstract HttpFilterProc(fc: FilterContext): number | void;

  TerminateFilter(_status: number): boolean {
    return true;
  }
}
