//! Records what bytecode depends on besides the engine's version: the architecture, byte
//! order and pointer size of the target, not its OS, so that `isapi-compile` on Linux writes
//! `.qbc` files the Windows DLL accepts (`isapi build --windows --bytecode`). The bytes
//! QuickJS writes for x86-64 Linux and x86-64 Windows were compared and are identical.
fn main() {
    let cfg = |key: &str| std::env::var(key).unwrap_or_default();
    println!(
        "cargo:rustc-env=ISAPI_JS_TARGET={}-{}-endian-{}-bit",
        cfg("CARGO_CFG_TARGET_ARCH"),
        cfg("CARGO_CFG_TARGET_ENDIAN"),
        cfg("CARGO_CFG_TARGET_POINTER_WIDTH"),
    );
}
