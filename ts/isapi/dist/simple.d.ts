import type { Extension, ExtensionControlBlock, ExtensionVersionInfo } from "./types.js";
/**
 * Base class for extensions, as pywin32's `isapi.simple.SimpleExtension`: it fills in the
 * version information and accepts termination; subclasses implement `HttpExtensionProc`.
 */
export declare abstract class SimpleExtension implements Extension {
    /** The description reported to the server; defaults to the class name. */
    get description(): string;
    GetExtensionVersion(vi: ExtensionVersionInfo | null): void;
    abstract HttpExtensionProc(ecb: ExtensionControlBlock): number | void | Promise<number | void>;
    TerminateExtension(_status: number): boolean;
}
