//! The status message a recipient's system sends back about a package (QCVN 102:2016):
//! which document (ResponseFor: the sender's organ id, the số/ký hiệu, date, document
//! id), who answers (From), the status code and its description, and when.

use super::{EdxmlError, Node, Organ, tree};
use chrono::{DateTime, FixedOffset, NaiveDate};

/// The status codes and how the register says them.
pub const CODES: &[(&str, &str)] = &[
    ("01", "Đã đến"),
    ("02", "Từ chối tiếp nhận"),
    ("03", "Đã tiếp nhận"),
    ("04", "Phân công"),
    ("05", "Đang xử lý"),
    ("06", "Hoàn thành"),
    ("13", "Lấy lại"),
    ("15", "Đồng ý lấy lại"),
    ("16", "Từ chối lấy lại"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The sender of the document the status is about.
    pub for_organ: String,
    /// "45/BC-UBND".
    pub for_code: String,
    pub for_date: Option<NaiveDate>,
    pub document_id: String,
    pub from: Organ,
    pub code: String,
    pub description: String,
    pub timestamp: Option<DateTime<FixedOffset>>,
}

impl Status {
    /// "Sở Tài chính: 03 Đã tiếp nhận (06/03/2019 10:30)".
    pub fn line(&self) -> String {
        let meaning = CODES
            .iter()
            .find(|(c, _)| *c == self.code)
            .map(|(_, m)| *m)
            .unwrap_or(self.description.as_str());
        let when = self
            .timestamp
            .map(|t| format!(" ({})", t.format("%d/%m/%Y %H:%M")))
            .unwrap_or_default();
        let who = if self.from.name.is_empty() {
            &self.from.id
        } else {
            &self.from.name
        };
        format!("{who}: {} {meaning}{when}", self.code)
    }
}

fn find<'a>(n: &'a Node, name: &str) -> Option<&'a Node> {
    if n.name == name {
        return Some(n);
    }
    n.children.iter().find_map(|c| find(c, name))
}

/// Reads a status message.
pub fn read(xml: &[u8]) -> Result<Status, EdxmlError> {
    let root = tree(xml)?;
    let code = find(&root, "StatusCode")
        .map(|n| n.text.trim().to_string())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| EdxmlError("thông điệp trạng thái không có StatusCode".into()))?;
    let response = find(&root, "ResponseFor");
    let r = |k: &str| response.map(|n| n.text_of(&[k])).unwrap_or_default();
    Ok(Status {
        for_organ: r("OrganId"),
        for_code: r("Code"),
        for_date: super::parse_date(&r("PromulgationDate")),
        document_id: r("DocumentId"),
        from: find(&root, "From").map(super::organ).unwrap_or_default(),
        code,
        description: find(&root, "Description")
            .map(|n| n.text.trim().to_string())
            .unwrap_or_default(),
        timestamp: find(&root, "Timestamp").and_then(|n| super::parse_timestamp(&n.text)),
    })
}
