//! The envelope of an issued document, from its record: header fields from the document
//! model as issued, recipients from Kính gửi and Nơi nhận resolved to organ ids.

use super::{Attachment, Envelope, Organ, SignerInfo, Trace};
use crate::issue::record::Record;
use chrono::{DateTime, FixedOffset};

/// What the sending office supplies besides the record.
pub struct Sending<'a> {
    pub from: Organ,
    /// The organ id of a recipient named as printed ("Bộ Nội vụ"), if known.
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
    pub time: DateTime<FixedOffset>,
    pub due_date: Option<chrono::NaiveDate>,
    pub pages: u32,
    /// The signed PDF first, then attachments: (file name, bytes, description).
    pub files: Vec<(String, Vec<u8>, String)>,
}

/// The envelope, and the recipients that have no organ id (they are listed in ToPlaces
/// but must be sent another way).
pub fn envelope(record: &Record, s: Sending) -> (Envelope, Vec<String>) {
    let doc = &record.document;
    let (number, notation) = record
        .reference
        .split_once('/')
        .map(|(n, k)| (n.to_string(), k.to_string()))
        .unwrap_or_else(|| (record.reference.clone(), String::new()));
    let mut to = Vec::new();
    let mut unresolved = Vec::new();
    for name in crate::issue::register::recipients(doc) {
        match (s.resolve)(&name) {
            Some(id) if !to.iter().any(|o: &Organ| o.id == id) => to.push(Organ {
                id,
                name: name.clone(),
                ..Organ::default()
            }),
            Some(_) => {}
            None => unresolved.push(name),
        }
    }
    let lines = &doc.signature.lines;
    let (competence, position) = match lines.split_last() {
        Some((last, rest)) => (rest.join(" "), last.clone()),
        None => (String::new(), String::new()),
    };
    let kind = crate::text::fold(&doc.kind);
    // Reports and submissions go up; decisions and letters ask for action.
    let steering_type = if kind == "bao cao" || kind == "to trinh" {
        1
    } else {
        0
    };
    let attachments = s
        .files
        .into_iter()
        .enumerate()
        .map(|(i, (name, data, description))| Attachment {
            content_id: format!("{:03}", i + 1),
            content_type: content_type(&name).into(),
            description,
            name,
            data,
        })
        .collect();
    let envelope = Envelope {
        document_id: format!(
            "{},{},{}",
            s.from.id,
            record.issued.format("%Y/%m/%d"),
            record.reference
        ),
        traces: vec![Trace {
            organ_id: s.from.id.clone(),
            timestamp: s.time,
        }],
        from: s.from,
        to,
        code_number: number,
        code_notation: notation,
        place: doc.issuer.place.clone(),
        promulgation_date: record.issued,
        // Administrative documents (văn bản hành chính); vanban drafts no legal
        // normative ones.
        type_code: 2,
        type_name: doc.kind.clone(),
        subject: doc.title.split_whitespace().collect::<Vec<_>>().join(" "),
        signer: SignerInfo {
            competence,
            position,
            full_name: doc.signature.name.clone(),
        },
        due_date: s.due_date,
        to_places: doc
            .noi_nhan
            .iter()
            .map(|n| {
                n.trim()
                    .trim_start_matches(['-', '+'])
                    .trim()
                    .trim_end_matches([';', '.'])
                    .to_string()
            })
            .filter(|n| !n.is_empty())
            .collect(),
        priority: 0,
        page_amount: s.pages,
        appendixes: doc
            .appendices
            .iter()
            .map(|a| match &a.label {
                Some(l) => format!(
                    "{l}: {}",
                    a.title.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
                None => a.title.split_whitespace().collect::<Vec<_>>().join(" "),
            })
            .collect(),
        steering_type,
        attachments,
    };
    (envelope, unresolved)
}

fn content_type(name: &str) -> &'static str {
    let lower = name.to_lowercase();
    if lower.ends_with(".pdf") {
        "application/pdf"
    } else if lower.ends_with(".docx") {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    } else if lower.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "application/octet-stream"
    }
}
