//! The CMS signature a PAdES signature embeds (ETSI EN 319 142-1, baseline B-B): a
//! detached SignedData over the PDF's signed byte ranges, with the signed attributes
//! content-type, message-digest and signing-certificate-v2, and no signing-time (the
//! signature dictionary's /M carries the time in PAdES). The structures are RustCrypto's
//! (`cms`, `x509-cert`, `der`); only the ESS attribute, which `cms` lacks, is declared
//! here.
//!
//! Split for keys that live elsewhere: [`signed_attributes`] is what the signer signs
//! (a USB token or a remote service receives these bytes or their SHA-256);
//! [`signed_data`] assembles the signature it returns.

use ::cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use ::cms::content_info::{CmsVersion, ContentInfo};
use ::cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::{Attribute, Attributes};
use x509_cert::ext::pkix::name::DirectoryString;
use x509_cert::spki::AlgorithmIdentifierOwned;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// ESSCertIDv2 (RFC 5035) with the default hash algorithm, SHA-256, left out as DER
/// requires.
#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

/// SigningCertificateV2 (RFC 5035): binds the signature to the signer's certificate.
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn attribute(oid: ObjectIdentifier, value: &impl Encode) -> der::Result<Attribute> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![Any::from_der(&value.to_der()?)?])?,
    })
}

/// The signed attributes (a DER SET OF): what the signature covers, and what a token or
/// signing service signs with RSA PKCS#1 v1.5 and SHA-256.
pub fn signed_attributes(document_digest: &[u8], signer_cert: &[u8]) -> der::Result<Vec<u8>> {
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(signer_cert).to_vec())?,
        }],
    };
    let attrs: Attributes = SetOfVec::try_from(vec![
        attribute(CONTENT_TYPE, &ID_DATA)?,
        attribute(MESSAGE_DIGEST, &OctetString::new(document_digest.to_vec())?)?,
        attribute(SIGNING_CERTIFICATE_V2, &ess)?,
    ])?;
    attrs.to_der()
}

fn algorithm(oid: ObjectIdentifier, parameters: Option<Any>) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid, parameters }
}

/// The ContentInfo of a detached SignedData: the chain (signer first), the signed
/// attributes of [`signed_attributes`] and the signer's signature over them.
pub fn signed_data(
    chain: &[Vec<u8>],
    signed_attrs: &[u8],
    signature: &[u8],
) -> der::Result<Vec<u8>> {
    let certs = chain
        .iter()
        .map(|c| Certificate::from_der(c))
        .collect::<der::Result<Vec<_>>>()?;
    let leaf = certs.first().ok_or(der::ErrorKind::Failed)?;
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: leaf.tbs_certificate().issuer().clone(),
            serial_number: leaf.tbs_certificate().serial_number().clone(),
        }),
        digest_alg: algorithm(SHA256, None),
        signed_attrs: Some(Attributes::from_der(signed_attrs)?),
        signature_algorithm: algorithm(RSA_ENCRYPTION, Some(Any::null())),
        signature: OctetString::new(signature.to_vec())?,
        unsigned_attrs: None,
    };
    let signed = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![algorithm(SHA256, None)])?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(
            certs
                .into_iter()
                .map(CertificateChoices::Certificate)
                .collect::<Vec<_>>(),
        )?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer])?),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed)?,
    }
    .to_der()
}

/// The common name (CN) of a certificate's subject: the signer's name a PDF shows.
pub fn common_name(cert: &[u8]) -> Option<String> {
    let cert = Certificate::from_der(cert).ok()?;
    cert.tbs_certificate()
        .subject()
        .iter()
        .find(|a| a.oid == COMMON_NAME)
        .and_then(|a| DirectoryString::try_from(&a.value).ok())
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_attributes_are_a_der_set_in_order() {
        let attrs = signed_attributes(&[7; 32], b"not a certificate but hashed").unwrap();
        assert_eq!(attrs[0], 0x31, "a SET OF");
        let back = Attributes::from_der(&attrs).unwrap();
        let oids: Vec<_> = back.iter().map(|a| a.oid).collect();
        // DER orders a SET OF by encoding: content-type (…9.3) before message-digest
        // (…9.4) before signing-certificate-v2 (…9.16.2.47).
        assert_eq!(
            oids,
            vec![CONTENT_TYPE, MESSAGE_DIGEST, SIGNING_CERTIFICATE_V2]
        );
        let digest = back.iter().find(|a| a.oid == MESSAGE_DIGEST).unwrap();
        let value: OctetString = digest.values.get(0).unwrap().decode_as().unwrap();
        assert_eq!(value.as_bytes(), &[7; 32]);
    }

    #[test]
    fn a_chain_that_is_no_certificate_is_an_error() {
        let attrs = signed_attributes(&[0; 32], b"x").unwrap();
        assert!(signed_data(&[b"garbage".to_vec()], &attrs, &[1, 2, 3]).is_err());
        assert!(signed_data(&[], &attrs, &[1, 2, 3]).is_err());
        assert!(common_name(b"garbage").is_none());
    }
}
