//! The documents of a period, as one typed list: what each is, where it is written,
//! who issues and signs it, and the composer that makes it. The run pipeline and the
//! `report` and `remind` commands read this list rather than spelling file stems
//! themselves; a new kind of period document is one entry here and one composer.

use crate::compose::reminder::{Letter, LetterKind};
use crate::doc::Document;
use crate::model::period::Period;

/// What a period document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The UBND's report to the Bộ Nội vụ ([`crate::compose::report`]).
    Report,
    /// The Sở's Tờ trình presenting the draft report ([`crate::compose::to_trinh`]).
    ToTrinh,
    /// The Sở's letters to agencies ([`crate::compose::reminder`]).
    Letter,
}

/// Who issues a period document, as the `[documents]` table of vanban.toml names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issuer {
    /// `documents.city` (the People's Committee), signed by `report_signature`.
    Committee,
    /// `documents.department` (the Sở Nội vụ), signed by `reminder_signature`.
    Department,
}

/// One entry of the list.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub kind: Kind,
    /// The file stem before the period ("bao-cao-cchc" → `bao-cao-cchc-q1-2019`); a
    /// letter's stem is its own ([`Letter::stem`]).
    pub stem: &'static str,
    /// The folder under the period's output ("" for its root).
    pub folder: &'static str,
    pub issuer: Issuer,
}

/// Every kind of period document, in the order they are made and listed.
pub const DOCUMENTS: &[Entry] = &[
    Entry {
        kind: Kind::Report,
        stem: "bao-cao-cchc",
        folder: "",
        issuer: Issuer::Committee,
    },
    Entry {
        kind: Kind::ToTrinh,
        stem: "to-trinh-cchc",
        folder: "",
        issuer: Issuer::Department,
    },
    Entry {
        kind: Kind::Letter,
        stem: "",
        folder: "cong-van-don-doc",
        issuer: Issuer::Department,
    },
];

impl Kind {
    /// The list's entry of the kind.
    pub fn entry(self) -> &'static Entry {
        DOCUMENTS
            .iter()
            .find(|e| e.kind == self)
            .expect("every kind has an entry")
    }

    /// The file stem of a document of this kind: the entry's stem and the period
    /// (`bao-cao-cchc-q1-2019`), or the document's own stem (a letter's).
    pub fn stem(self, period: Period, own_stem: Option<&str>) -> String {
        match own_stem {
            Some(s) => s.to_string(),
            None => format!("{}-{}", self.entry().stem, period.id()),
        }
    }

    /// The path of a document of this kind under the period's folder, without
    /// extension: `bao-cao-cchc-q1-2019`, `cong-van-don-doc/don-doc-chua-gui-q1-2019`.
    pub fn path(self, period: Period, own_stem: Option<&str>) -> String {
        let folder = self.entry().folder;
        let stem = self.stem(period, own_stem);
        if folder.is_empty() {
            stem
        } else {
            format!("{folder}/{stem}")
        }
    }
}

/// A document of the period, made.
#[derive(Debug, Clone)]
pub struct PeriodDocument {
    pub kind: Kind,
    /// Its file stem ([`Kind::stem`]), written in its kind's folder.
    pub stem: String,
    /// Its path under the period's folder, without extension ([`Kind::path`]).
    pub path: String,
    pub document: Document,
    /// For a letter: what it is about and to whom.
    pub letter: Option<(LetterKind, Vec<String>)>,
}

impl PeriodDocument {
    pub(crate) fn of_letter(period: Period, l: Letter) -> PeriodDocument {
        PeriodDocument {
            kind: Kind::Letter,
            path: Kind::Letter.path(period, Some(&l.stem)),
            stem: l.stem,
            document: l.document,
            letter: Some((l.kind, l.recipients)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_come_from_the_list() {
        let p = Period::parse_id("q1-2019").unwrap();
        assert_eq!(Kind::Report.path(p, None), "bao-cao-cchc-q1-2019");
        assert_eq!(Kind::ToTrinh.path(p, None), "to-trinh-cchc-q1-2019");
        assert_eq!(
            Kind::Letter.path(p, Some("don-doc-chua-gui-q1-2019")),
            "cong-van-don-doc/don-doc-chua-gui-q1-2019"
        );
    }
}
