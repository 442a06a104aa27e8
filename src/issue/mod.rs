//! Issuing a drafted document (ban hành): the văn thư gives it its number and date, the
//! issue is recorded in the register of outgoing documents (sổ văn bản đi), and the
//! document is rendered again from its model, identical to the draft but for those
//! fields (and the draft's mark, which issuing removes).
//!
//! This room sits after the writers: it reads a draft's model back ([`draft`]), keeps
//! the register ([`register`]) and writes the issued record that signing and sending
//! read ([`record`]).

pub mod draft;
pub mod record;
pub mod register;

use crate::doc::Document;
use chrono::{Datelike, NaiveDate};

/// Why a document could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error("{path}: {message}")]
    Draft { path: String, message: String },
    #[error("sổ văn bản đi {path}: {message}")]
    Register { path: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

/// What the văn thư fills in.
#[derive(Debug, Clone)]
pub struct Issue {
    pub number: u32,
    pub date: NaiveDate,
    /// The signer's name, when the draft left it blank.
    pub signer: Option<String>,
}

/// The draft with its number, date and signer: the issued document. A draft already
/// numbered, a date in another year than the draft's, or no signer's name are refused
/// with the reason (the decree numbers documents from 01 each year and an issued
/// document names its signer).
pub fn issue(draft: &Document, issue: &Issue) -> Result<Document, IssueError> {
    if draft.number.is_some() {
        return Err(IssueError::Invalid(format!(
            "văn bản đã có số ({}); chỉ ban hành dự thảo chưa có số",
            reference(draft)
        )));
    }
    if issue.number == 0 {
        return Err(IssueError::Invalid("số văn bản phải từ 01 trở lên".into()));
    }
    if let Some(y) = draft.year
        && y != issue.date.year()
    {
        return Err(IssueError::Invalid(format!(
            "dự thảo ghi năm {y}, ngày ban hành {} thuộc năm {}",
            issue.date.format("%d/%m/%Y"),
            issue.date.year()
        )));
    }
    let mut doc = draft.clone();
    doc.number = Some(issue.number);
    doc.date = Some(issue.date);
    doc.year = Some(issue.date.year());
    doc.mark = None;
    if let Some(name) = issue
        .signer
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        doc.signature.name = crate::text::clean(name);
    }
    if doc.signature.name.trim().is_empty() {
        return Err(IssueError::Invalid(
            "văn bản chưa có họ tên người ký: ghi họ tên bằng --nguoi-ky".into(),
        ));
    }
    Ok(doc)
}

/// "45/BC-UBND": the số và ký hiệu as the register and edXML write it.
pub fn reference(doc: &Document) -> String {
    doc.number_line()
        .trim_start_matches("Số:")
        .trim()
        .to_string()
}

/// The ký hiệu after the number ("BC-UBND", "SNV-CCHC").
pub fn notation(doc: &Document) -> String {
    let r = reference(doc);
    r.split_once('/').map(|(_, k)| k.to_string()).unwrap_or(r)
}

/// The file stem of an issued document: "45-BC-UBND".
pub fn file_stem(doc: &Document) -> String {
    crate::output::safe_file_stem(&reference(doc).replace('/', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Issuer, Signature};

    fn draft() -> Document {
        Document {
            kind: "Báo cáo".into(),
            issuer: Issuer {
                parent: None,
                name: "Ủy ban nhân dân thành phố Hải Phòng".into(),
                symbol: "UBND".into(),
                unit: None,
                place: "Hải Phòng".into(),
            },
            number: None,
            date: None,
            year: Some(2019),
            title: "Kết quả".into(),
            authority: None,
            recipients: vec![],
            body: vec![],
            signature: Signature {
                lines: vec!["TM. ỦY BAN NHÂN DÂN".into(), "CHỦ TỊCH".into()],
                name: String::new(),
            },
            noi_nhan: vec![],
            appendices: vec![],
            mark: Some("DỰ THẢO".into()),
        }
    }

    #[test]
    fn issuing_fills_number_date_and_signer_and_drops_the_mark() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 6).unwrap();
        let doc = issue(
            &draft(),
            &Issue {
                number: 5,
                date: d,
                signer: Some("Nguyễn Văn Tùng".into()),
            },
        )
        .unwrap();
        assert_eq!(doc.number_line(), "Số: 05/BC-UBND");
        assert_eq!(doc.date_line(), "Hải Phòng, ngày 06 tháng 3 năm 2019");
        assert_eq!(doc.mark, None);
        assert_eq!(reference(&doc), "05/BC-UBND");
        assert_eq!(notation(&doc), "BC-UBND");
        assert_eq!(file_stem(&doc), "05-BC-UBND");
    }

    #[test]
    fn refusals_say_why() {
        let d = NaiveDate::from_ymd_opt(2020, 1, 2).unwrap();
        let no_signer = Issue {
            number: 1,
            date: NaiveDate::from_ymd_opt(2019, 3, 6).unwrap(),
            signer: None,
        };
        assert!(
            issue(&draft(), &no_signer)
                .unwrap_err()
                .to_string()
                .contains("--nguoi-ky")
        );
        let other_year = Issue {
            number: 1,
            date: d,
            signer: Some("A".into()),
        };
        assert!(
            issue(&draft(), &other_year)
                .unwrap_err()
                .to_string()
                .contains("năm 2019")
        );
        let mut numbered = draft();
        numbered.number = Some(3);
        let ok = Issue {
            number: 4,
            date: NaiveDate::from_ymd_opt(2019, 3, 6).unwrap(),
            signer: Some("A".into()),
        };
        assert!(
            issue(&numbered, &ok)
                .unwrap_err()
                .to_string()
                .contains("03/BC-UBND")
        );
    }
}
