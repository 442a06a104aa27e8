//! Who signs: a key and its certificate chain. [`Signer`] is the seam for keys that
//! never leave their device — a USB token (PKCS#11) or a remote signing service
//! implements it by signing the bytes it is given with RSA PKCS#1 v1.5 and SHA-256.
//! [`P12Signer`] reads a PKCS#12 file (.p12, .pfx).

use super::SignError;
use rsa::pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use std::path::Path;

pub trait Signer {
    /// The signer's certificate first, then its issuers, DER-encoded.
    fn chain(&self) -> &[Vec<u8>];
    /// The RSA PKCS#1 v1.5 signature with SHA-256 of `data` (the CMS signed
    /// attributes).
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// A key and chain from a PKCS#12 file.
pub struct P12Signer {
    key: rsa::PrivateKey,
    chain: Vec<Vec<u8>>,
}

impl P12Signer {
    pub fn open(path: &Path, password: &str) -> Result<P12Signer, SignError> {
        let err = |message: String| SignError::Key {
            path: path.display().to_string(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| err(format!("không đọc được: {e}")))?;
        let store = p12_keystore::KeyStore::from_pkcs12(
            &bytes,
            password,
            p12_keystore::Pkcs12ImportPolicy::Strict,
        )
        .map_err(|e| err(format!("không mở được tệp PKCS#12 (sai mật khẩu?): {e}")))?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| err("tệp không có khóa bí mật kèm chứng thư".into()))?;
        let key = rsa::PrivateKey::from_pkcs8_der(chain.key().as_der())
            .map_err(|e| err(format!("khóa không phải RSA: {e}")))?;
        let chain: Vec<Vec<u8>> = chain.certs().iter().map(|c| c.as_der().to_vec()).collect();
        if chain.is_empty() {
            return Err(err("tệp không có chứng thư của khóa".into()));
        }
        Ok(P12Signer { key, chain })
    }
}

impl Signer for P12Signer {
    fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, SignError> {
        let digest = Sha256::digest(data);
        self.key
            .sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &digest)
            .map_err(|e| SignError::Crypto(e.to_string()))
    }
}
