//! `isapi-compile <bundle.js> [-o <bundle.qbc>]`: precompiles a handler bundle with the
//! same engine build the library runs (what `isapi build --bytecode` calls).
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output) = match args.as_slice() {
        [flag] if flag == "--engine" => {
            println!("{}", isapi_js::bytecode::ENGINE);
            return ExitCode::SUCCESS;
        }
        [input] => (PathBuf::from(input), None),
        [input, flag, output] if flag == "-o" => {
            (PathBuf::from(input), Some(PathBuf::from(output)))
        }
        _ => {
            eprintln!("usage: isapi-compile <bundle.js> [-o <bundle.qbc>] | --engine");
            return ExitCode::from(2);
        }
    };
    let output = output.unwrap_or_else(|| isapi_js::bytecode::bytecode_path(&input));
    let source = match std::fs::read_to_string(&input) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("isapi-compile: cannot read {}: {error}", input.display());
            return ExitCode::FAILURE;
        }
    };
    // Engines name the module after the bundle's file: traces read `name.js:line:col`.
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "handler.js".into());
    let compiled = match isapi_js::bytecode::compile(&name, &source) {
        Ok(compiled) => compiled,
        Err(message) => {
            eprintln!("isapi-compile: {}: {message}", input.display());
            return ExitCode::FAILURE;
        }
    };
    // Beside a running server: write aside, then rename into place.
    let temporary = output.with_extension("qbc.tmp");
    if let Err(error) =
        std::fs::write(&temporary, &compiled).and_then(|()| std::fs::rename(&temporary, &output))
    {
        eprintln!("isapi-compile: cannot write {}: {error}", output.display());
        return ExitCode::FAILURE;
    }
    println!("{}", output.display());
    ExitCode::SUCCESS
}
