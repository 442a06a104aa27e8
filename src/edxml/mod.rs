//! The edXML package an issued, signed document travels in between e-office systems
//! (QCVN 102:2016/BTTTT): an envelope whose header names the sender and recipients
//! (organ ids, mã định danh), the document's number and notation, promulgation place
//! and date, type, subject, signer, due date, places, and the trace of the systems it
//! passed; its files follow as base64 attachments. [`write`] builds it, [`read`] parses
//! it back (the round trip the tests hold to), [`status`] reads the status messages the
//! recipients' systems send back (đã đến, đã tiếp nhận…).
//!
//! Limits e-office validators apply are checked before anything is written
//! ([`Envelope::problems`]).

pub mod envelope;
pub mod status;

use chrono::{DateTime, FixedOffset, NaiveDate};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::{Deserialize, Serialize};

/// The namespace of QCVN 102:2016's elements.
pub const NAMESPACE: &str = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
const P: &str = "edXML:";

/// Validators' limits.
pub const MAX_SUBJECT: usize = 500;
pub const MAX_ATTACHMENT_NAME: usize = 200;

/// An organisation: its identifier (mã định danh) and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Organ {
    pub id: String,
    pub name: String,
    /// The body above it (OrganInCharge), if any.
    #[serde(default)]
    pub in_charge: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub telephone: String,
}

/// The person who signed: quyền hạn ("TM. ỦY BAN NHÂN DÂN"), chức vụ, họ tên.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SignerInfo {
    pub competence: String,
    pub position: String,
    pub full_name: String,
}

/// A system the package passed through, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub organ_id: String,
    pub timestamp: DateTime<FixedOffset>,
}

/// A file of the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub content_id: String,
    pub content_type: String,
    pub description: String,
    pub name: String,
    #[serde(skip)]
    pub data: Vec<u8>,
}

/// The envelope of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub from: Organ,
    pub to: Vec<Organ>,
    /// The sender's identifier of the document: "<organ id>,<yyyy/MM/dd>,<số/ký hiệu>".
    pub document_id: String,
    /// Số ("45") and ký hiệu ("BC-UBND").
    pub code_number: String,
    pub code_notation: String,
    pub place: String,
    pub promulgation_date: NaiveDate,
    /// The kind's code (1 for a legal normative document, 2 for an administrative one)
    /// and name ("Báo cáo").
    pub type_code: u8,
    pub type_name: String,
    pub subject: String,
    pub signer: SignerInfo,
    pub due_date: Option<NaiveDate>,
    /// Nơi nhận as printed.
    pub to_places: Vec<String>,
    /// Độ khẩn (0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc…).
    pub priority: u8,
    pub page_amount: u32,
    pub appendixes: Vec<String>,
    /// 0: a document to act on; 1: to report; 2: to know (chỉ đạo, báo cáo, để biết).
    pub steering_type: u8,
    pub traces: Vec<Trace>,
    pub attachments: Vec<Attachment>,
}

/// Why a package could not be read.
#[derive(Debug, thiserror::Error)]
#[error("gói edXML: {0}")]
pub struct EdxmlError(pub String);

fn date(d: NaiveDate) -> String {
    d.format("%Y/%m/%d").to_string()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y/%m/%d")
        .or_else(|_| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d"))
        .ok()
}

fn timestamp(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y/%m/%d %H:%M:%S%:z").to_string()
}

fn parse_timestamp(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    DateTime::parse_from_str(s, "%Y/%m/%d %H:%M:%S%:z")
        .or_else(|_| DateTime::parse_from_rfc3339(s))
        .ok()
}

impl Envelope {
    /// What a validator would refuse, in Vietnamese; empty when the package may go.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let n = self.subject.chars().count();
        if n > MAX_SUBJECT {
            out.push(format!("trích yếu dài {n} ký tự, quá {MAX_SUBJECT}"));
        }
        if self.subject.trim().is_empty() {
            out.push("thiếu trích yếu (Subject)".into());
        }
        if self.from.id.trim().is_empty() {
            out.push("thiếu mã định danh của cơ quan gửi ([issuing] organ_id)".into());
        }
        if self.to.is_empty() {
            out.push("không có nơi nhận nào có mã định danh".into());
        }
        let mut seen = std::collections::HashSet::new();
        for o in &self.to {
            if !seen.insert(o.id.as_str()) {
                out.push(format!("mã định danh nơi nhận {} trùng", o.id));
            }
        }
        for a in &self.attachments {
            let n = a.name.chars().count();
            if n > MAX_ATTACHMENT_NAME {
                out.push(format!(
                    "tên tệp đính kèm “{}” dài {n} ký tự, quá {MAX_ATTACHMENT_NAME}",
                    a.name
                ));
            }
        }
        if self.attachments.is_empty() {
            out.push("gói không có tệp văn bản".into());
        }
        out
    }
}

/// Writes the package.
pub fn write(e: &Envelope) -> Vec<u8> {
    let mut w = Xml::new();
    w.open_with("edXMLEnvelope", &[("xmlns:edXML", NAMESPACE)]);
    w.open("edXMLHeader");
    w.open("MessageHeader");
    w.organ("From", &e.from);
    for to in &e.to {
        w.organ("To", to);
    }
    w.leaf("DocumentId", &e.document_id);
    w.open("Code");
    w.leaf("CodeNumber", &e.code_number);
    w.leaf("CodeNotation", &e.code_notation);
    w.close("Code");
    w.open("PromulgationInfo");
    w.leaf("Place", &e.place);
    w.leaf("PromulgationDate", &date(e.promulgation_date));
    w.close("PromulgationInfo");
    w.open("DocumentType");
    w.leaf("Type", &e.type_code.to_string());
    w.leaf("TypeName", &e.type_name);
    w.close("DocumentType");
    w.leaf("Subject", &e.subject);
    w.leaf("Content", "");
    w.open("SignerInfo");
    w.leaf("Competence", &e.signer.competence);
    w.leaf("Position", &e.signer.position);
    w.leaf("FullName", &e.signer.full_name);
    w.close("SignerInfo");
    w.leaf("DueDate", &e.due_date.map(date).unwrap_or_default());
    w.list("ToPlaces", "Place", &e.to_places);
    w.open("OtherInfo");
    w.leaf("Priority", &e.priority.to_string());
    w.leaf("SphereOfPromulgation", "");
    w.leaf("TyperNotation", "");
    w.leaf("PromulgationAmount", "1");
    w.leaf("PageAmount", &e.page_amount.to_string());
    w.list("Appendixes", "Appendix", &e.appendixes);
    w.close("OtherInfo");
    w.leaf("SteeringType", &e.steering_type.to_string());
    w.close("MessageHeader");
    w.open("TraceHeaderList");
    for t in &e.traces {
        w.open("TraceHeader");
        w.leaf("OrganId", &t.organ_id);
        w.leaf("Timestamp", &timestamp(&t.timestamp));
        w.close("TraceHeader");
    }
    w.close("TraceHeaderList");
    w.close("edXMLHeader");
    w.open("edXMLBody");
    w.open_with("edXMLManifest", &[("version", "1.0")]);
    for a in &e.attachments {
        w.open("Reference");
        w.file(a);
        w.close("Reference");
    }
    w.close("edXMLManifest");
    w.close("edXMLBody");
    w.open("AttachmentEncoded");
    for a in &e.attachments {
        use base64::Engine;
        w.open("Attachment");
        w.file(a);
        w.leaf(
            "ContentTransferEncoded",
            &base64::engine::general_purpose::STANDARD.encode(&a.data),
        );
        w.close("Attachment");
    }
    w.close("AttachmentEncoded");
    w.close("edXMLEnvelope");
    w.finish()
}

/// A small indenting writer over quick-xml (which escapes the text).
struct Xml {
    w: quick_xml::Writer<Vec<u8>>,
}

impl Xml {
    fn new() -> Xml {
        let mut w = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2);
        let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        Xml { w }
    }
    fn open_with(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let name = format!("{P}{name}");
        let mut start = BytesStart::new(name.as_str());
        for a in attrs {
            start.push_attribute(*a);
        }
        let _ = self.w.write_event(Event::Start(start));
    }
    fn open(&mut self, name: &str) {
        self.open_with(name, &[]);
    }
    fn close(&mut self, name: &str) {
        let name = format!("{P}{name}");
        let _ = self.w.write_event(Event::End(BytesEnd::new(name.as_str())));
    }
    fn leaf(&mut self, name: &str, text: &str) {
        self.open(name);
        let _ = self.w.write_event(Event::Text(BytesText::new(text)));
        self.close(name);
    }
    /// `<name><item>…</item>…</name>`, one item per value.
    fn list(&mut self, name: &str, item: &str, values: &[String]) {
        self.open(name);
        for v in values {
            self.leaf(item, v);
        }
        self.close(name);
    }
    /// What the manifest's Reference and the encoded Attachment both say of a file.
    fn file(&mut self, a: &Attachment) {
        self.leaf("ContentId", &a.content_id);
        self.leaf("ContentType", &a.content_type);
        self.leaf("Description", &a.description);
        self.leaf("AttachmentName", &a.name);
    }
    fn organ(&mut self, name: &str, o: &Organ) {
        self.open(name);
        self.leaf("OrganId", &o.id);
        self.leaf("OrganName", &o.name);
        self.leaf("OrganInCharge", &o.in_charge);
        self.leaf("OrganAdd", &o.address);
        self.leaf("Email", &o.email);
        self.leaf("Telephone", &o.telephone);
        self.leaf("Fax", "");
        self.leaf("Website", "");
        self.close(name);
    }
    fn finish(self) -> Vec<u8> {
        let mut out = self.w.into_inner();
        out.push(b'\n');
        out
    }
}

/// A parsed element tree (name without prefix, text, children): enough to read the
/// envelope back whatever prefix the producer chose.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub name: String,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    pub fn text_of(&self, path: &[&str]) -> String {
        let mut n = self;
        for p in path {
            match n.child(p) {
                Some(c) => n = c,
                None => return String::new(),
            }
        }
        n.text.trim().to_string()
    }
}

pub(crate) fn tree(xml: &[u8]) -> Result<Node, EdxmlError> {
    let text = std::str::from_utf8(xml).map_err(|e| EdxmlError(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        match reader.read_event().map_err(|e| EdxmlError(e.to_string()))? {
            Event::Start(s) => stack.push(Node {
                name: crate::read::hidden::local(s.name().as_ref()).to_string(),
                ..Node::default()
            }),
            Event::Empty(s) => {
                let node = Node {
                    name: crate::read::hidden::local(s.name().as_ref()).to_string(),
                    ..Node::default()
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text
                        .push_str(&crate::read::hidden::unescape(t.as_ref()));
                }
            }
            // quick-xml reports "&lt;", "&#7853;"… apart from the text around them.
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let name: &str = r.as_ref();
                    let entity = format!("&{name};");
                    let text = quick_xml::escape::unescape(&entity)
                        .map(|s| s.into_owned())
                        .unwrap_or(entity);
                    top.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(t.as_ref());
                }
            }
            Event::End(_) => {
                let node = stack
                    .pop()
                    .ok_or_else(|| EdxmlError("thẻ đóng thừa".into()))?;
                match stack.last_mut() {
                    Some(top) => top.children.push(node),
                    None => return Err(EdxmlError("thẻ đóng thừa".into())),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().unwrap_or_default();
    root.children
        .pop()
        .ok_or_else(|| EdxmlError("tệp rỗng".into()))
}

fn organ(n: &Node) -> Organ {
    Organ {
        id: n.text_of(&["OrganId"]),
        name: n.text_of(&["OrganName"]),
        in_charge: n.text_of(&["OrganInCharge"]),
        address: n.text_of(&["OrganAdd"]),
        email: n.text_of(&["Email"]),
        telephone: n.text_of(&["Telephone"]),
    }
}

/// Reads a package back.
pub fn read(xml: &[u8]) -> Result<Envelope, EdxmlError> {
    use base64::Engine;
    let root = tree(xml)?;
    if root.name != "edXMLEnvelope" {
        return Err(EdxmlError(format!(
            "phần tử gốc là {}, không phải edXMLEnvelope",
            root.name
        )));
    }
    let head = root
        .child("edXMLHeader")
        .and_then(|h| h.child("MessageHeader"))
        .ok_or_else(|| EdxmlError("thiếu MessageHeader".into()))?;
    let number = |s: String| s.parse().unwrap_or(0);
    let mut attachments = Vec::new();
    if let Some(enc) = root.child("AttachmentEncoded") {
        for a in enc.all("Attachment") {
            let data: String = a
                .text_of(&["ContentTransferEncoded"])
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            attachments.push(Attachment {
                content_id: a.text_of(&["ContentId"]),
                content_type: a.text_of(&["ContentType"]),
                description: a.text_of(&["Description"]),
                name: a.text_of(&["AttachmentName"]),
                data: base64::engine::general_purpose::STANDARD
                    .decode(data)
                    .map_err(|e| EdxmlError(format!("tệp đính kèm không giải mã được: {e}")))?,
            });
        }
    }
    Ok(Envelope {
        from: head.child("From").map(organ).unwrap_or_default(),
        to: head.all("To").map(organ).collect(),
        document_id: head.text_of(&["DocumentId"]),
        code_number: head.text_of(&["Code", "CodeNumber"]),
        code_notation: head.text_of(&["Code", "CodeNotation"]),
        place: head.text_of(&["PromulgationInfo", "Place"]),
        promulgation_date: parse_date(&head.text_of(&["PromulgationInfo", "PromulgationDate"]))
            .ok_or_else(|| EdxmlError("PromulgationDate không đọc được".into()))?,
        type_code: number(head.text_of(&["DocumentType", "Type"])) as u8,
        type_name: head.text_of(&["DocumentType", "TypeName"]),
        subject: head.text_of(&["Subject"]),
        signer: SignerInfo {
            competence: head.text_of(&["SignerInfo", "Competence"]),
            position: head.text_of(&["SignerInfo", "Position"]),
            full_name: head.text_of(&["SignerInfo", "FullName"]),
        },
        due_date: parse_date(&head.text_of(&["DueDate"])),
        to_places: head
            .child("ToPlaces")
            .map(|p| p.all("Place").map(|n| n.text.trim().to_string()).collect())
            .unwrap_or_default(),
        priority: number(head.text_of(&["OtherInfo", "Priority"])) as u8,
        page_amount: number(head.text_of(&["OtherInfo", "PageAmount"])),
        appendixes: head
            .child("OtherInfo")
            .and_then(|o| o.child("Appendixes"))
            .map(|p| {
                p.all("Appendix")
                    .map(|n| n.text.trim().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        steering_type: number(head.text_of(&["SteeringType"])) as u8,
        traces: root
            .child("edXMLHeader")
            .and_then(|h| h.child("TraceHeaderList"))
            .map(|l| {
                l.all("TraceHeader")
                    .filter_map(|t| {
                        Some(Trace {
                            organ_id: t.text_of(&["OrganId"]),
                            timestamp: parse_timestamp(&t.text_of(&["Timestamp"]))?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default(),
        attachments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Envelope {
        let organ = |id: &str, name: &str| Organ {
            id: id.into(),
            name: name.into(),
            ..Organ::default()
        };
        Envelope {
            from: organ("000.00.00.H26", "Ủy ban nhân dân thành phố Hải Phòng"),
            to: vec![
                organ("000.00.00.G09", "Bộ Nội vụ"),
                organ("000.00.31.H26", "Sở Nội vụ"),
            ],
            document_id: "000.00.00.H26,2019/03/06,01/BC-UBND".into(),
            code_number: "01".into(),
            code_notation: "BC-UBND".into(),
            place: "Hải Phòng".into(),
            promulgation_date: NaiveDate::from_ymd_opt(2019, 3, 6).unwrap(),
            type_code: 2,
            type_name: "Báo cáo".into(),
            // Markup-like text travels as text.
            subject: "Kết quả <CCHC> & \"quý I\" #read(\"/etc/passwd\")".into(),
            signer: SignerInfo {
                competence: "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH".into(),
                position: "PHÓ CHỦ TỊCH".into(),
                full_name: "Nguyễn Văn Tùng".into(),
            },
            due_date: NaiveDate::from_ymd_opt(2019, 3, 20),
            to_places: vec!["Như trên".into(), "Lưu: VT".into()],
            priority: 0,
            page_amount: 12,
            appendixes: vec!["Phụ lục I: KẾT QUẢ".into()],
            steering_type: 1,
            traces: vec![Trace {
                organ_id: "000.00.00.H26".into(),
                timestamp: DateTime::parse_from_rfc3339("2019-03-06T10:30:00+07:00").unwrap(),
            }],
            attachments: vec![Attachment {
                content_id: "001".into(),
                content_type: "application/pdf".into(),
                description: "Văn bản điện tử đã ký số".into(),
                name: "01-BC-UBND.pdf".into(),
                data: b"%PDF-1.7 \x00\xff binary".to_vec(),
            }],
        }
    }

    #[test]
    fn a_package_reads_back_as_written() {
        let e = sample();
        assert!(e.problems().is_empty(), "{:?}", e.problems());
        let back = read(&write(&e)).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.attachments[0].data, e.attachments[0].data);
    }

    #[test]
    fn what_validators_refuse_is_named() {
        let mut e = sample();
        e.subject = "a".repeat(MAX_SUBJECT);
        assert!(e.problems().is_empty(), "500 characters are allowed");
        e.subject = "ă".repeat(MAX_SUBJECT + 1);
        e.attachments[0].name = format!("{}.pdf", "t".repeat(MAX_ATTACHMENT_NAME));
        e.to.push(e.to[0].clone());
        let p = e.problems();
        assert!(
            p.iter().any(|m| m.contains("trích yếu dài 501 ký tự")),
            "{p:?}"
        );
        assert!(
            p.iter().any(|m| m.contains("dài 204 ký tự, quá 200")),
            "{p:?}"
        );
        assert!(p.iter().any(|m| m.contains("000.00.00.G09 trùng")), "{p:?}");
        e.to.clear();
        e.from.id.clear();
        let p = e.problems();
        assert!(p.iter().any(|m| m.contains("không có nơi nhận")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("organ_id")), "{p:?}");
    }

    #[test]
    fn a_broken_package_is_an_error_not_a_panic() {
        for bad in [
            &b""[..],
            b"<edXML:edXMLEnvelope",
            b"<a></b>",
            b"\xff\xfe\x00",
        ] {
            assert!(read(bad).is_err(), "{bad:?}");
        }
    }
}
