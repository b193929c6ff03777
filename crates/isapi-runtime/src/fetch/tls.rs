//! The TLS client configuration every fetch shares (built once per library copy, on the
//! first `https://` fetch): rustls with the ring provider, TLS 1.2 and 1.3, ALPN
//! `http/1.1`. The roots:
//!
//! - the system's, through `rustls-native-certs` (the Windows certificate store, the
//!   macOS keychain, the usual files on Linux, or `SSL_CERT_FILE`/`SSL_CERT_DIR`);
//! - only when that yields no certificate at all (a bare container, an unreadable
//!   store): the Mozilla roots compiled into the library (`webpki-roots`);
//! - in either case, the certificates of the PEM file `ISAPI_TS_CA_FILE` names (a private
//!   CA). A file that cannot be read or holds no certificate fails every https fetch with
//!   that reason, rather than silently trusting less than the operator asked for.
use std::sync::{Arc, OnceLock};

use rustls::{ClientConfig, RootCertStore};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

/// The environment variable naming a PEM file of extra trusted CA certificates.
pub const CA_FILE_VARIABLE: &str = "ISAPI_TS_CA_FILE";

/// The shared client configuration, or why https cannot work.
pub(super) fn config() -> Result<Arc<ClientConfig>, String> {
    static CONFIG: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    CONFIG.get_or_init(build).clone()
}

fn build() -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    let system = rustls_native_certs::load_native_certs();
    for error in &system.errors {
        tracing::debug!("fetch: reading the system's roots: {error}");
    }
    let (added, _) = roots.add_parsable_certificates(system.certs);
    if added == 0 {
        tracing::info!(
            "fetch: no system root certificates found; using the built-in Mozilla roots"
        );
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    if let Some(path) = std::env::var_os(CA_FILE_VARIABLE).filter(|p| !p.is_empty()) {
        let shown = path.to_string_lossy().into_owned();
        let certs = CertificateDer::pem_file_iter(&path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| {
                format!("{CA_FILE_VARIABLE}={shown}: cannot read its certificates: {e}")
            })?;
        let (added, ignored) = roots.add_parsable_certificates(certs);
        if added == 0 {
            return Err(format!(
                "{CA_FILE_VARIABLE}={shown}: no usable CA certificate in it ({ignored} ignored)"
            ));
        }
    }
    // Deprecated only for lacking post-quantum key exchange (X25519MLKEM768), which
    // aws-lc-rs has; ring is chosen because it cross-builds with mingw and no cmake/nasm.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| format!("TLS configuration: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
