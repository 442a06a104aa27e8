//! Signing an issued PDF digitally as Nghị định 30/2020 (Phụ lục I, II.7.d, 8) and
//! PAdES (ETSI EN 319 142-1) require: each signature an incremental update, so the
//! leader signs first, the organisation second, and neither invalidates the other.
//!
//! The steps are split so that a key which never leaves its device can sign:
//! [`prepare`] writes the update with room for the signature and gives the digest of
//! the signed bytes; [`cms::signed_attributes`] are what the key signs (any
//! [`key::Signer`]); [`finalise`] puts the CMS signature in. [`sign`] does all three
//! with a key at hand.

pub mod appearance;
pub mod cms;
pub mod key;
pub mod pdf;

use crate::doc::SigningSpace;
use appearance::{BLUE, Ink, RED};
use chrono::{DateTime, FixedOffset};
use pdf::{Pdf, Update, entries, get, reference, references, set, text_string, write_dict};
use sha2::{Digest, Sha256};

/// Room kept for the CMS signature (bytes): a chain of three or four certificates with
/// room to spare (a later timestamp token would need it too).
const RESERVED: usize = 16 * 1024;

/// Why a document could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("khóa {path}: {message}")]
    Key { path: String, message: String },
    #[error("ảnh {path}: {message}")]
    Image { path: String, message: String },
    #[error("tệp PDF: {0}")]
    Pdf(String),
    #[error("ký: {0}")]
    Crypto(String),
    /// The decree's order: the leader signs once, first; the organisation once, after.
    #[error("thứ tự ký: {0}")]
    Order(String),
}

impl From<String> for SignError {
    fn from(s: String) -> SignError {
        SignError::Pdf(s)
    }
}

impl From<&str> for SignError {
    fn from(s: &str) -> SignError {
        SignError::Pdf(s.to_string())
    }
}

/// A form field of the PDF: its object number and its dictionary's entries.
type Field = (u32, Vec<(String, Vec<u8>)>);

/// Who signs, which decides where and how the signature shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The person with authority (người có thẩm quyền): the signature image, blue,
    /// centred in the signing space.
    Leader,
    /// The organisation (cơ quan, tổ chức): the seal image, red, at its true size,
    /// over the left third of the leader's signature.
    Organisation,
    /// The organisation on an attachment sent with the document (văn bản kèm theo):
    /// no image; số và ký hiệu and the signing time at the top right of the first page.
    Attachment,
}

impl Role {
    fn field_name(self) -> &'static str {
        match self {
            Role::Leader => "ChuKyNguoiCoThamQuyen",
            Role::Organisation => "ChuKyCoQuan",
            Role::Attachment => "ChuKyVanBanKemTheo",
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Role::Leader => "Người có thẩm quyền ký ban hành văn bản",
            Role::Organisation => "Cơ quan, tổ chức ký số văn bản",
            Role::Attachment => "Cơ quan, tổ chức ký số văn bản kèm theo",
        }
    }
}

/// What a signature shows and where.
pub struct Appearance<'a> {
    pub role: Role,
    /// The signature or seal image (leader, organisation).
    pub image: Option<&'a Ink>,
    /// The seal's true diameter in millimetres.
    pub seal_mm: f64,
    /// The signing space of the issued document (leader, organisation).
    pub space: Option<SigningSpace>,
    /// "45/BC-UBND" (attachment).
    pub reference: Option<String>,
    /// The place (/Location).
    pub place: Option<String>,
}

/// A PDF with its signature's room, ready for the signature.
pub struct Prepared {
    pub bytes: Vec<u8>,
    /// The hex string's bytes, "<" and ">" excluded.
    contents: std::ops::Range<usize>,
    /// SHA-256 of the signed byte ranges.
    pub digest: [u8; 32],
}

/// "D:20190306101500+07'00'".
fn pdf_date(t: &DateTime<FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    format!(
        "D:{}{sign}{:02}'{:02}'",
        t.format("%Y%m%d%H%M%S"),
        off / 3600,
        off % 3600 / 60
    )
}

/// The time as the decree prints it: ISO 8601 with the zone ("2019-03-06T10:15:00+07:00").
pub fn iso_time(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Rectangle [x0 y0 x1 y1] in PDF points (origin bottom left).
type Rect = [f64; 4];

/// Where the leader's image goes: the image's proportions fitted in the signing space
/// (at most 6 cm wide), centred in the signature column.
fn leader_rect(space: &SigningSpace, ink: Option<&Ink>) -> Rect {
    let margin = 2.0;
    let box_w = space.width_pt.min(170.0);
    let box_h = (space.bottom_pt - space.top_pt - 2.0 * margin).max(10.0);
    let (w, h) = match ink {
        Some(i) => {
            let ratio = i.width as f64 / i.height.max(1) as f64;
            if box_w / box_h > ratio {
                (box_h * ratio, box_h)
            } else {
                (box_w, box_w / ratio)
            }
        }
        None => (box_w * 0.6, box_h),
    };
    let cx = space.left_pt + space.width_pt / 2.0;
    let cy = space.page_height_pt - (space.top_pt + space.bottom_pt) / 2.0;
    [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
}

fn parse_rect(v: &[u8]) -> Option<Rect> {
    let n: Vec<f64> = String::from_utf8_lossy(v)
        .trim_matches(|c| c == '[' || c == ']')
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    (n.len() == 4).then(|| {
        [
            n[0].min(n[2]),
            n[1].min(n[3]),
            n[0].max(n[2]),
            n[1].max(n[3]),
        ]
    })
}

/// The fields of the form, and whether each is a signature field of `role`.
fn fields(pdf: &Pdf, acroform: &[(String, Vec<u8>)]) -> Vec<Field> {
    let list = match get(acroform, "Fields") {
        Some(v) if v.starts_with(b"[") => references(v),
        Some(v) => reference(v)
            .and_then(|n| pdf.value(n).ok())
            .map(|v| references(&v))
            .unwrap_or_default(),
        None => Vec::new(),
    };
    list.into_iter()
        .filter_map(|n| pdf.dict(n).ok().map(|d| (n, d)))
        .collect()
}

/// The roles that have signed `bytes` (signed fields only), in the order of the form.
pub fn signed_roles(bytes: &[u8]) -> Result<Vec<Role>, SignError> {
    let pdf = Pdf::parse(bytes)?;
    let catalog = pdf.dict(pdf.root)?;
    let acroform = match get(&catalog, "AcroForm") {
        Some(v) if reference(v).is_some() => pdf.dict(reference(v).unwrap_or(0))?,
        Some(v) => entries(v, 0).unwrap_or_default(),
        None => return Ok(Vec::new()),
    };
    let existing = fields(&pdf, &acroform);
    Ok(existing
        .iter()
        .filter(|(_, d)| get(d, "V").is_some())
        .filter_map(|(_, d)| {
            let t = String::from_utf8_lossy(get(d, "T")?).into_owned();
            [Role::Leader, Role::Organisation, Role::Attachment]
                .into_iter()
                .find(|r| t.contains(r.field_name()))
        })
        .collect())
}

/// Refuses a signature out of the decree's order (NĐ 30/2020, Phụ lục I, II.7.d and 8):
/// the person with authority signs first and once, the organisation after and once, an
/// attachment once. Only signed fields count (a blank field another tool left does not).
fn check_order(role: Role, existing: &[Field]) -> Result<(), SignError> {
    let signed = |r: Role| {
        existing.iter().any(|(_, d)| {
            get(d, "V").is_some()
                && get(d, "T").is_some_and(|t| String::from_utf8_lossy(t).contains(r.field_name()))
        })
    };
    let refuse = |m: &str| Err(SignError::Order(m.to_string()));
    match role {
        Role::Leader if signed(Role::Leader) => {
            refuse("văn bản đã có chữ ký của người có thẩm quyền")
        }
        Role::Leader if signed(Role::Organisation) => {
            refuse("cơ quan đã ký: người có thẩm quyền phải ký trước cơ quan")
        }
        Role::Organisation if signed(Role::Organisation) => {
            refuse("văn bản đã có chữ ký số của cơ quan, tổ chức")
        }
        Role::Organisation if !signed(Role::Leader) => refuse(
            "chưa có chữ ký của người có thẩm quyền: cơ quan, tổ chức ký sau (vanban ky --vai lanh-dao trước)",
        ),
        Role::Attachment if signed(Role::Attachment) => refuse("văn bản kèm theo đã được ký"),
        _ => Ok(()),
    }
}

/// The form XObject a signature shows: the role's image in its colour, or the
/// attachment's two lines of text.
fn appearance_form(
    update: &mut Update,
    appearance: &Appearance,
    time: &DateTime<FixedOffset>,
    w: f64,
    h: f64,
) -> u32 {
    match (appearance.role, appearance.image) {
        (Role::Attachment, _) => {
            let lines = vec![
                appearance.reference.clone().unwrap_or_default(),
                iso_time(time),
            ];
            let (content, _) = appearance::text_lines(&lines, 10.0, w, h);
            appearance::form(update, w, h, &[], &content)
        }
        (role, Some(ink)) => {
            let colour = if role == Role::Organisation {
                RED
            } else {
                BLUE
            };
            let image = ink.put(update, colour);
            let content = format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q");
            appearance::form(update, w, h, &[("Im0".into(), image)], &content)
        }
        (_, None) => appearance::form(update, w, h, &[], ""),
    }
}

/// The role's field name, numbered when a field of that name exists (a blank one
/// another tool left).
fn field_name(role: Role, existing: &[Field]) -> String {
    let taken: Vec<String> = existing
        .iter()
        .filter_map(|(_, d)| get(d, "T").map(|t| String::from_utf8_lossy(t).into_owned()))
        .collect();
    let mut name = role.field_name().to_string();
    let mut k = 2;
    while taken.iter().any(|t| t.contains(&name)) {
        name = format!("{}{k}", role.field_name());
        k += 1;
    }
    name
}

/// Writes the update that adds a signature field of `appearance.role`, with room for
/// the signature, signed at `time` by `signer_name`.
pub fn prepare(
    original: &[u8],
    appearance: &Appearance,
    signer_name: &str,
    time: &DateTime<FixedOffset>,
) -> Result<Prepared, SignError> {
    let pdf = Pdf::parse(original)?;
    let pages = pdf.pages()?;
    let mut catalog = pdf.dict(pdf.root)?;
    let mut update = Update::new(&pdf);
    // The form: indirect (a new version of it), direct in the catalog, or new.
    let (acroform_num, mut acroform) = match get(&catalog, "AcroForm") {
        Some(v) if reference(v).is_some() => {
            let n = reference(v).unwrap_or(0);
            (Some(n), pdf.dict(n)?)
        }
        Some(v) => (None, entries(v, 0).ok_or("AcroForm hỏng")?),
        None => (None, Vec::new()),
    };
    let existing = fields(&pdf, &acroform);
    check_order(appearance.role, &existing)?;
    let (page_index, rect) = placement(&pdf, &pages, appearance, &existing)?;
    let page = *pages
        .get(page_index)
        .ok_or_else(|| SignError::Pdf(format!("không có trang {}", page_index + 1)))?;
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    let ap = appearance_form(&mut update, appearance, time, w, h);
    // The signature dictionary, with placeholders.
    let sig = update.alloc();
    let mut sig_dict = vec![
        ("Type".to_string(), b"/Sig".to_vec()),
        ("Filter".to_string(), b"/Adobe.PPKLite".to_vec()),
        ("SubFilter".to_string(), b"/ETSI.CAdES.detached".to_vec()),
        ("ByteRange".to_string(), BYTE_RANGE_PLACEHOLDER.to_vec()),
        ("Contents".to_string(), contents_placeholder()),
        (
            "M".to_string(),
            format!("({})", pdf_date(time)).into_bytes(),
        ),
        ("Name".to_string(), text_string(signer_name)),
        ("Reason".to_string(), text_string(appearance.role.reason())),
    ];
    if let Some(place) = &appearance.place {
        sig_dict.push(("Location".to_string(), text_string(place)));
    }
    update.put(sig, write_dict(&sig_dict));
    // The field and its widget, one object.
    let field = update.alloc();
    let name = field_name(appearance.role, &existing);
    update.put(
        field,
        write_dict(&[
            ("Type".into(), b"/Annot".to_vec()),
            ("Subtype".into(), b"/Widget".to_vec()),
            ("FT".into(), b"/Sig".to_vec()),
            ("T".into(), format!("({name})").into_bytes()),
            ("V".into(), format!("{sig} 0 R").into_bytes()),
            // Print and Locked: PDF/A wants widgets printed.
            ("F".into(), b"132".to_vec()),
            ("P".into(), format!("{page} 0 R").into_bytes()),
            (
                "Rect".into(),
                format!(
                    "[{:.2} {:.2} {:.2} {:.2}]",
                    rect[0], rect[1], rect[2], rect[3]
                )
                .into_bytes(),
            ),
            ("AP".into(), format!("<</N {ap} 0 R>>").into_bytes()),
        ]),
    );
    // The form lists the field; a form with signatures says so (SigFlags 3).
    let mut list: Vec<u32> = existing.iter().map(|(n, _)| *n).collect();
    list.push(field);
    set(&mut acroform, "Fields", array(&list));
    set(&mut acroform, "SigFlags", b"3".to_vec());
    match acroform_num {
        Some(n) => update.put(n, write_dict(&acroform)),
        None => {
            let n = update.alloc();
            update.put(n, write_dict(&acroform));
            set(&mut catalog, "AcroForm", format!("{n} 0 R").into_bytes());
            update.put(pdf.root, write_dict(&catalog));
        }
    }
    // The page lists the widget.
    let mut page_dict = pdf.dict(page)?;
    match get(&page_dict, "Annots").map(<[u8]>::to_vec) {
        Some(v) if reference(&v).is_some() => {
            let n = reference(&v).unwrap_or(0);
            let mut annots = references(&pdf.value(n)?);
            annots.push(field);
            update.put(n, array(&annots));
        }
        Some(v) => {
            let mut annots = references(&v);
            annots.push(field);
            set(&mut page_dict, "Annots", array(&annots));
            update.put(page, write_dict(&page_dict));
        }
        None => {
            set(&mut page_dict, "Annots", array(&[field]));
            update.put(page, write_dict(&page_dict));
        }
    }
    let bytes = update.append_to(&pdf);
    ranges(bytes, original.len())
}

fn array(refs: &[u32]) -> Vec<u8> {
    let inner: Vec<String> = refs.iter().map(|n| format!("{n} 0 R")).collect();
    format!("[{}]", inner.join(" ")).into_bytes()
}

const BYTE_RANGE_PLACEHOLDER: &[u8] = b"[0 0000000000 0000000000 0000000000]";

fn contents_placeholder() -> Vec<u8> {
    let mut v = b"<".to_vec();
    v.extend(std::iter::repeat_n(b'0', RESERVED * 2));
    v.push(b'>');
    v
}

/// Fills the byte range in and takes the digest of what it covers.
fn ranges(mut bytes: Vec<u8>, from: usize) -> Result<Prepared, SignError> {
    let find = |b: &[u8], what: &[u8]| {
        b[from..]
            .windows(what.len())
            .position(|w| w == what)
            .map(|i| i + from)
    };
    let br = find(&bytes, BYTE_RANGE_PLACEHOLDER).ok_or("thiếu ByteRange")?;
    let marker = format!("<{}", "0".repeat(64));
    let start = find(&bytes, marker.as_bytes()).ok_or("thiếu Contents")?;
    let end = start + RESERVED * 2 + 2;
    let range = format!("[0 {start} {end} {}]", bytes.len() - end);
    let mut padded = range.into_bytes();
    padded.resize(BYTE_RANGE_PLACEHOLDER.len(), b' ');
    bytes[br..br + padded.len()].copy_from_slice(&padded);
    let mut h = Sha256::new();
    h.update(&bytes[..start]);
    h.update(&bytes[end..]);
    Ok(Prepared {
        digest: h.finalize().into(),
        contents: start + 1..end - 1,
        bytes,
    })
}

/// Puts the CMS signature into its room.
pub fn finalise(mut prepared: Prepared, cms: &[u8]) -> Result<Vec<u8>, SignError> {
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    if hex.len() > prepared.contents.len() {
        return Err(SignError::Crypto(format!(
            "chữ ký ({} byte) lớn hơn chỗ dành cho nó ({RESERVED} byte)",
            cms.len()
        )));
    }
    let at = prepared.contents.start;
    prepared.bytes[at..at + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(prepared.bytes)
}

/// Prepares, signs with `signer` and finalises.
pub fn sign(
    original: &[u8],
    appearance: &Appearance,
    signer: &dyn key::Signer,
    time: &DateTime<FixedOffset>,
) -> Result<Vec<u8>, SignError> {
    let chain = signer.chain();
    let leaf = chain
        .first()
        .ok_or_else(|| SignError::Crypto("không có chứng thư".into()))?;
    let unreadable = |e: ::der::Error| SignError::Crypto(format!("chứng thư không đọc được: {e}"));
    let name = cms::common_name(leaf).unwrap_or_default();
    let prepared = prepare(original, appearance, &name, time)?;
    let attrs = cms::signed_attributes(&prepared.digest, leaf).map_err(unreadable)?;
    let signature = signer.sign(&attrs)?;
    let cms = cms::signed_data(chain, &attrs, &signature).map_err(unreadable)?;
    finalise(prepared, &cms)
}

/// The page and rectangle of the signature.
fn placement(
    pdf: &Pdf,
    pages: &[u32],
    a: &Appearance,
    existing: &[Field],
) -> Result<(usize, Rect), SignError> {
    let style = crate::doc::style::standard();
    let mm = 72.0 / 25.4;
    match a.role {
        Role::Attachment => {
            let first = *pages.first().ok_or("tệp không có trang nào")?;
            let (pw, ph) = pdf.page_size(first)?;
            let lines = [
                a.reference.clone().unwrap_or_default(),
                "0000-00-00T00:00:00+00:00".to_string(),
            ];
            let (_, width) = appearance::text_lines(&lines, 10.0, 0.0, 0.0);
            let right = pw - style.margin_right_mm * mm;
            let top = ph - 8.0 * mm;
            let height = 10.0 * 1.2 * 2.0 + 3.0;
            Ok((0, [right - width - 1.0, top - height, right, top]))
        }
        Role::Leader | Role::Organisation => {
            let space = a.space.ok_or_else(|| {
                SignError::Pdf(
                    "không biết vị trí chữ ký: cần hồ sơ ban hành (.json) bên cạnh tệp PDF".into(),
                )
            })?;
            let page = space.page.saturating_sub(1);
            let leader = leader_rect(&space, a.image.filter(|_| a.role == Role::Leader));
            if a.role == Role::Leader {
                return Ok((page, leader));
            }
            // The leader's widget, where the leader has signed.
            let signed = existing
                .iter()
                .find(|(_, d)| {
                    get(d, "T").is_some_and(|t| {
                        String::from_utf8_lossy(t).contains(Role::Leader.field_name())
                    })
                })
                .and_then(|(_, d)| get(d, "Rect").and_then(parse_rect))
                .unwrap_or(leader);
            let d = a.seal_mm * mm;
            let x1 = signed[0] + (signed[2] - signed[0]) / 3.0;
            let cy = (signed[1] + signed[3]) / 2.0;
            Ok((page, [x1 - d, cy - d / 2.0, x1, cy + d / 2.0]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, signed: bool) -> Field {
        let mut d = vec![("T".to_string(), format!("({name})").into_bytes())];
        if signed {
            d.push(("V".to_string(), b"9 0 R".to_vec()));
        }
        (7, d)
    }

    #[test]
    fn the_decree_order_is_kept() {
        let leader = field("ChuKyNguoiCoThamQuyen", true);
        let org = field("ChuKyCoQuan", true);
        let ok = |r, f: &[Field]| check_order(r, f).is_ok();
        assert!(ok(Role::Leader, &[]));
        assert!(!ok(Role::Organisation, &[]), "the organisation signs after");
        assert!(ok(Role::Organisation, std::slice::from_ref(&leader)));
        assert!(!ok(Role::Leader, std::slice::from_ref(&leader)), "once");
        assert!(
            !ok(Role::Organisation, &[leader.clone(), org.clone()]),
            "once"
        );
        assert!(!ok(Role::Leader, std::slice::from_ref(&org)));
        // A blank field another tool left is not a signature.
        assert!(ok(Role::Leader, &[field("ChuKyNguoiCoThamQuyen", false)]));
        assert_eq!(
            field_name(Role::Leader, &[field("ChuKyNguoiCoThamQuyen", false)]),
            "ChuKyNguoiCoThamQuyen2"
        );
        assert!(ok(Role::Attachment, &[]));
        assert!(!ok(Role::Attachment, &[field("ChuKyVanBanKemTheo", true)]));
    }
}
