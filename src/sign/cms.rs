//! The CMS signature a PAdES signature embeds (ETSI EN 319 142-1, baseline B-B): a
//! detached SignedData over the PDF's signed byte ranges, with the signed attributes
//! content-type, message-digest and signing-certificate-v2, and no signing-time (the
//! signature dictionary's /M carries the time in PAdES).
//!
//! Split for keys that live elsewhere: [`signed_attributes`] is what the signer signs
//! (a USB token or a remote service receives these bytes or their SHA-256);
//! [`signed_data`] assembles the signature it returns.

use super::der::{cert_fields, null, octet_string, oid, sequence, set_of, tlv};
use sha2::{Digest, Sha256};

const ID_DATA: &str = "1.2.840.113549.1.7.1";
const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const SHA256: &str = "2.16.840.1.101.3.4.2.1";
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";

fn attribute(kind: &str, value: Vec<u8>) -> Vec<u8> {
    sequence(&[&oid(kind), &set_of(vec![value])])
}

/// The signed attributes (a DER SET OF): what the signature covers, and what a token or
/// signing service signs with RSA PKCS#1 v1.5 and SHA-256.
pub fn signed_attributes(document_digest: &[u8], signer_cert: &[u8]) -> Vec<u8> {
    let cert_hash = Sha256::digest(signer_cert);
    // SigningCertificateV2 { certs: [ESSCertIDv2 { hashAlgorithm: sha256 (the
    // default, so absent), certHash }] }
    let ess = sequence(&[&sequence(&[&sequence(&[&octet_string(&cert_hash)])])]);
    set_of(vec![
        attribute(CONTENT_TYPE, oid(ID_DATA)),
        attribute(MESSAGE_DIGEST, octet_string(document_digest)),
        attribute(SIGNING_CERTIFICATE_V2, ess),
    ])
}

/// The ContentInfo of a detached SignedData: the chain (signer first), the signed
/// attributes of [`signed_attributes`] and the signer's signature over them.
pub fn signed_data(chain: &[Vec<u8>], signed_attrs: &[u8], signature: &[u8]) -> Option<Vec<u8>> {
    let leaf = cert_fields(chain.first()?)?;
    let sha256 = sequence(&[&oid(SHA256)]);
    // In the SignerInfo the SET OF is [0] IMPLICIT.
    let mut attrs = signed_attrs.to_vec();
    *attrs.first_mut()? = 0xA0;
    let signer_info = sequence(&[
        &super::der::integer(1),
        &sequence(&[leaf.issuer, leaf.serial]),
        &sha256,
        &attrs,
        &sequence(&[&oid(RSA_ENCRYPTION), &null()]),
        &octet_string(signature),
    ]);
    let mut certs: Vec<&Vec<u8>> = chain.iter().collect();
    certs.sort();
    let certs: Vec<u8> = certs.into_iter().flatten().copied().collect();
    let signed = sequence(&[
        &super::der::integer(1),
        &set_of(vec![sha256.clone()]),
        &sequence(&[&oid(ID_DATA)]),
        &tlv(0xA0, &certs),
        &set_of(vec![signer_info]),
    ]);
    Some(sequence(&[&oid(ID_SIGNED_DATA), &tlv(0xA0, &signed)]))
}
