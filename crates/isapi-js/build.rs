//! Records the target triple: bytecode is tied to the engine build that wrote it.
fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=ISAPI_JS_TARGET={target}");
}
