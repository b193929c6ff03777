//! What the Windows build must be for IIS to load it, checked on the built files: a 64-bit
//! PE, the DLL exporting exactly the six ISAPI entry points, and every import a DLL that
//! Windows itself has (a mingw runtime DLL such as libwinpthread-1.dll would load under
//! Wine, where it happens to be installed, and fail in IIS). Read from
//! `x86_64-w64-mingw32-objdump -p` (binutils, installed with the mingw-w64 compiler).
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use std::path::Path;

/// The ISAPI entry points IIS looks up (GetProcAddress), extension and filter side.
pub const ISAPI_EXPORTS: [&str; 6] = [
    "GetExtensionVersion",
    "GetFilterVersion",
    "HttpExtensionProc",
    "HttpFilterProc",
    "TerminateExtension",
    "TerminateFilter",
];

/// System DLLs of Windows 10 / Server 2016 and later (what Rust's Windows targets need
/// anyway), lower-case.
const SYSTEM_DLLS: &[&str] = &[
    "kernel32.dll",
    "ntdll.dll",
    "advapi32.dll",
    "userenv.dll",
    "ws2_32.dll",
    "bcrypt.dll",
    "bcryptprimitives.dll",
    "msvcrt.dll",
    "shell32.dll",
    "ole32.dll",
    "oleaut32.dll",
    "secur32.dll",
    "crypt32.dll",
    // CNG key storage: fetch's TLS reads the system's root certificates through the
    // `schannel` crate, which links it.
    "ncrypt.dll",
    "api-ms-win-core-synch-l1-2-0.dll",
];

/// What objdump says of one file.
#[derive(Debug, Default, PartialEq)]
pub struct PeReport {
    pub pe32_plus_x86_64: bool,
    pub is_dll: bool,
    pub exports: Vec<String>,
    pub imports: Vec<String>,
}

/// Parses `objdump -p` output.
pub fn parse(text: &str) -> PeReport {
    let mut report = PeReport::default();
    let mut in_exports = false;
    let mut x86_64 = false;
    let mut pe32_plus = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.ends_with("file format pei-x86-64") {
            x86_64 = true;
        } else if trimmed.starts_with("Magic") && trimmed.contains("(PE32+)") {
            pe32_plus = true;
        } else if trimmed == "DLL" {
            report.is_dll = true;
        } else if let Some(name) = trimmed.strip_prefix("DLL Name:") {
            let name = name.trim().to_ascii_lowercase();
            if !report.imports.contains(&name) {
                report.imports.push(name);
            }
        } else if trimmed == "[Ordinal/Name Pointer] Table" {
            in_exports = true;
        } else if in_exports {
            // `[   0] GetExtensionVersion`; the table ends at the first other line.
            match trimmed.split_once(']') {
                Some((index, name)) if index.starts_with('[') => {
                    report.exports.push(name.trim().to_string())
                }
                _ => in_exports = false,
            }
        }
    }
    report.pe32_plus_x86_64 = x86_64 && pe32_plus;
    report
}

/// What is wrong with a file meant for IIS (`dll`: the ISAPI library, else a program).
pub fn problems(report: &PeReport, dll: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if !report.pe32_plus_x86_64 {
        problems.push("not a 64-bit (PE32+, x86-64) Windows file".to_string());
    }
    if dll {
        if !report.is_dll {
            problems.push("not a DLL".to_string());
        }
        let mut exports = report.exports.clone();
        exports.sort();
        if exports != ISAPI_EXPORTS {
            problems.push(format!(
                "exports {exports:?}, not exactly the six ISAPI entry points {ISAPI_EXPORTS:?}"
            ));
        }
    }
    for import in &report.imports {
        if !SYSTEM_DLLS.contains(&import.as_str()) {
            problems.push(format!(
                "imports {import}, which is not a Windows system DLL (IIS would not find it)"
            ));
        }
    }
    problems
}

/// Runs objdump on `path` and fails with every problem found.
pub fn check(path: &Path, dll: bool) -> Result {
    let text = Cmd::new("x86_64-w64-mingw32-objdump")
        .arg("-p")
        .arg(path)
        .output()?;
    let report = parse(&text);
    let problems = problems(&report, dll);
    if problems.is_empty() {
        eprintln!(
            "{}: PE32+ x86-64{}, imports {}",
            path.display(),
            if dll {
                ", exports the six ISAPI entry points"
            } else {
                ""
            },
            report.imports.join(" ")
        );
        Ok(())
    } else {
        Err(Failure::new(format!(
            "{} is not what IIS loads:\n  {}",
            path.display(),
            problems.join("\n  ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DLL: &str = "
target/x86_64-pc-windows-gnu/release/isapi_dll.dll:     file format pei-x86-64

Characteristics 0x222e
\texecutable
\tDLL

Magic\t\t\t020b\t(PE32+)
\tDLL Name: KERNEL32.dll
\tDLL Name: msvcrt.dll
\tDLL Name: kernel32.dll

[Ordinal/Name Pointer] Table
\t[   0] GetExtensionVersion
\t[   1] GetFilterVersion
\t[   2] HttpExtensionProc
\t[   3] HttpFilterProc
\t[   4] TerminateExtension
\t[   5] TerminateFilter

The Function Table (interpreted .pdata section contents)
";

    #[test]
    fn a_good_dll_has_no_problems() {
        let report = parse(DLL);
        assert!(report.pe32_plus_x86_64 && report.is_dll);
        assert_eq!(report.exports, ISAPI_EXPORTS);
        assert_eq!(report.imports, ["kernel32.dll", "msvcrt.dll"]);
        assert!(problems(&report, true).is_empty());
    }

    #[test]
    fn an_extra_export_a_runtime_dll_and_32_bits_are_problems() {
        let text = DLL
            .replace(
                "\t[   5] TerminateFilter",
                "\t[   5] TerminateFilter\n\t[   6] rust_eh_personality",
            )
            .replace("DLL Name: msvcrt.dll", "DLL Name: libwinpthread-1.dll")
            .replace("(PE32+)", "(PE32)");
        let found = problems(&parse(&text), true);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("64-bit"));
        assert!(found[1].contains("rust_eh_personality"));
        assert!(found[2].contains("libwinpthread-1.dll"));
    }

    #[test]
    fn a_missing_export_is_a_problem() {
        let text = DLL.replace("\t[   5] TerminateFilter\n", "");
        assert_eq!(problems(&parse(&text), true).len(), 1);
    }
}
