//! HTTPS through rustls, when a certificate and key are configured.

use anyhow::Context;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::config::TlsSettings;

/// A rustls server configuration from the PEM files in `settings`.
pub fn server_config(settings: &TlsSettings) -> anyhow::Result<rustls::ServerConfig> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&settings.cert_path)
        .and_then(|certs| certs.collect())
        .with_context(|| format!("cannot read certificate {}", settings.cert_path.display()))?;
    let key = PrivateKeyDer::from_pem_file(&settings.key_path)
        .with_context(|| format!("cannot read private key {}", settings.key_path.display()))?;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context("certificate and key do not match")?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}
