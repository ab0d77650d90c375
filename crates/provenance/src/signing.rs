//! Who signs: the operator's certificate chain and key, or a local CA and signing
//! certificate made on first run in the data directory.

use crate::ProvenanceError;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256,
};
use std::path::{Path, PathBuf};

/// Common name of the local CA, which `verify` recognises as the untrusted default.
pub const LOCAL_CA_NAME: &str = "Diorama local CA (untrusted)";

/// A signing certificate chain (leaf first, PEM) and its private key (PKCS#8 PEM).
#[derive(Debug, Clone)]
pub struct Signing {
    /// Leaf certificate followed by its issuers, PEM.
    pub chain_pem: Vec<u8>,
    /// The leaf's private key, PKCS#8 PEM.
    pub key_pem: Vec<u8>,
    /// The CA certificate (PEM) that readers may add as a trust anchor.
    pub anchor_pem: Option<Vec<u8>>,
    /// True for the local, untrusted default signer.
    pub local: bool,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ProvenanceError + '_ {
    move |source| ProvenanceError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn cert(e: rcgen::Error) -> ProvenanceError {
    ProvenanceError::Certificate(e.to_string())
}

impl Signing {
    /// The operator's own chain and key, from PEM files.
    pub fn from_files(chain: &Path, key: &Path) -> Result<Signing, ProvenanceError> {
        Ok(Signing {
            chain_pem: std::fs::read(chain).map_err(io(chain))?,
            key_pem: std::fs::read(key).map_err(io(key))?,
            anchor_pem: None,
            local: false,
        })
    }

    /// The operator's chain and key when `DIORAMA_SIGNING_CERT` and `DIORAMA_SIGNING_KEY`
    /// name PEM files, else the local signer kept in `dir`.
    pub fn configured(dir: &Path) -> Result<Signing, ProvenanceError> {
        match (
            std::env::var_os("DIORAMA_SIGNING_CERT"),
            std::env::var_os("DIORAMA_SIGNING_KEY"),
        ) {
            (Some(chain), Some(key)) => Signing::from_files(Path::new(&chain), Path::new(&key)),
            _ => Signing::local(dir),
        }
    }

    /// The local signer kept in `dir` (created with its CA on first use; never commit it).
    pub fn local(dir: &Path) -> Result<Signing, ProvenanceError> {
        let files = LocalFiles::in_dir(dir);
        if !files.chain.exists() || !files.key.exists() || !files.anchor.exists() {
            files.create()?;
        }
        Ok(Signing {
            chain_pem: std::fs::read(&files.chain).map_err(io(&files.chain))?,
            key_pem: std::fs::read(&files.key).map_err(io(&files.key))?,
            anchor_pem: Some(std::fs::read(&files.anchor).map_err(io(&files.anchor))?),
            local: true,
        })
    }
}

struct LocalFiles {
    dir: PathBuf,
    chain: PathBuf,
    key: PathBuf,
    anchor: PathBuf,
}

impl LocalFiles {
    fn in_dir(dir: &Path) -> LocalFiles {
        LocalFiles {
            dir: dir.to_path_buf(),
            chain: dir.join("signer-chain.pem"),
            key: dir.join("signer-key.pem"),
            anchor: dir.join("local-ca.pem"),
        }
    }

    /// A root CA (CA flag, KeyCertSign, CrlSign) and a leaf it signs (not a CA,
    /// DigitalSignature, EmailProtection, authority key identifier): what C2PA accepts.
    fn create(&self) -> Result<(), ProvenanceError> {
        std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let ca_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(cert)?;
        let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(cert)?;
        ca.distinguished_name
            .push(DnType::CommonName, LOCAL_CA_NAME);
        ca.distinguished_name
            .push(DnType::OrganizationName, "Diorama (local)");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca.self_signed(&ca_key).map_err(cert)?;

        let leaf_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(cert)?;
        let mut leaf = CertificateParams::new(Vec::<String>::new()).map_err(cert)?;
        leaf.distinguished_name
            .push(DnType::CommonName, "Diorama local signer (untrusted)");
        leaf.distinguished_name
            .push(DnType::OrganizationName, "Diorama (local)");
        leaf.is_ca = IsCa::ExplicitNoCa;
        leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::EmailProtection];
        leaf.use_authority_key_identifier_extension = true;
        let issuer = Issuer::new(ca, ca_key);
        let leaf_cert = leaf.signed_by(&leaf_key, &issuer).map_err(cert)?;

        let write = |path: &Path, text: String| std::fs::write(path, text).map_err(io(path));
        write(&self.anchor, ca_cert.pem())?;
        write(&self.chain, format!("{}{}", leaf_cert.pem(), ca_cert.pem()))?;
        write(&self.key, leaf_key.serialize_pem())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.key, std::fs::Permissions::from_mode(0o600))
                .map_err(io(&self.key))?;
        }
        Ok(())
    }
}
