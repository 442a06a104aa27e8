//! The few DER structures a CMS signature needs, written and read by hand: a tag, a
//! length, the content. (A signature's structures are small and fixed; the certificate
//! is only walked to find its issuer and serial number.)

/// A TLV with a definite length.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

pub fn sequence(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A SET OF in DER order (its elements sorted by their encodings).
pub fn set_of(mut parts: Vec<Vec<u8>>) -> Vec<u8> {
    parts.sort();
    tlv(0x31, &parts.concat())
}

pub fn octet_string(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

pub fn integer(n: u8) -> Vec<u8> {
    tlv(0x02, &[n])
}

pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

/// An OBJECT IDENTIFIER from its dotted form ("1.2.840.113549.1.7.2").
pub fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').filter_map(|a| a.parse().ok()).collect();
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut chunk = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            chunk.push(0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        chunk.reverse();
        body.extend(chunk);
    }
    tlv(0x06, &body)
}

/// One element read: its tag, the whole encoding and the content.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    pub tag: u8,
    pub whole: &'a [u8],
    pub content: &'a [u8],
}

/// Reads the element at the start of `b`; returns it and what follows.
pub fn read(b: &[u8]) -> Option<(Element<'_>, &[u8])> {
    let tag = *b.first()?;
    let first = *b.get(1)?;
    let (len, head) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *b.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let end = head.checked_add(len)?;
    let whole = b.get(..end)?;
    Some((
        Element {
            tag,
            whole,
            content: &whole[head..],
        },
        &b[end..],
    ))
}

/// The elements inside a constructed element's content.
pub fn children(content: &[u8]) -> Vec<Element<'_>> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some((e, r)) = read(rest) {
        out.push(e);
        rest = r;
    }
    out
}

/// A certificate's issuer Name and serialNumber INTEGER, as encoded (the CMS names its
/// signer by them), and its subject.
pub struct CertFields<'a> {
    pub serial: &'a [u8],
    pub issuer: &'a [u8],
    pub subject: &'a [u8],
    /// SubjectPublicKeyInfo (to verify what the certificate's key signed).
    pub public_key: &'a [u8],
}

pub fn cert_fields(cert: &[u8]) -> Option<CertFields<'_>> {
    let (c, _) = read(cert)?;
    let (tbs, _) = read(c.content)?;
    let mut fields = children(tbs.content).into_iter();
    let mut first = fields.next()?;
    if first.tag == 0xA0 {
        // [0] version
        first = fields.next()?;
    }
    let _signature_algorithm = fields.next()?;
    let issuer = fields.next()?;
    let _validity = fields.next()?;
    let subject = fields.next()?;
    let public_key = fields.next()?;
    Some(CertFields {
        serial: first.whole,
        issuer: issuer.whole,
        subject: subject.whole,
        public_key: public_key.whole,
    })
}

/// The text values of a Name (its CN, O… in order), for messages: "Nguyễn Văn Tùng".
pub fn common_name(name: &[u8]) -> Option<String> {
    let (n, _) = read(name)?;
    for rdn in children(n.content) {
        for atv in children(rdn.content) {
            let parts = children(atv.content);
            if parts.len() == 2 && parts[0].whole == oid("2.5.4.3").as_slice() {
                return String::from_utf8(parts[1].content.to_vec()).ok();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_and_lengths_encode_as_der() {
        assert_eq!(
            oid("1.2.840.113549.1.7.2"),
            [
                0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02
            ]
        );
        assert_eq!(oid("2.16.840.1.101.3.4.2.1")[..4], [0x06, 0x09, 0x60, 0x86]);
        let long = tlv(0x04, &[0u8; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2C]);
        let (e, rest) = read(&long).unwrap();
        assert_eq!((e.tag, e.content.len(), rest.len()), (0x04, 300, 0));
    }
}
