//! The Bộ Nội vụ's outline (đề cương) of the periodic CCHC report, as data
//! (`inputs/de-cuong/bao-cao-quy.toml`, `bao-cao-6-thang.toml`, `bao-cao-nam.toml`).
//!
//! The outline says which sections the report has and in which order, which of the
//! plan's task groups each section speaks of (matched by the words of their titles —
//! their role — wherever they sit in the annex), which sentences it may use (templates
//! filled with the period's figures) and which of the Sở's own notes it prints. The
//! composer in `compose::report` only assembles them, so a province whose Bộ or whose
//! own practice asks for another outline edits this file, not the program.

use crate::model::ListError;
use crate::model::period::PeriodKind;
use serde::Deserialize;
use std::path::Path;

/// One report kind's outline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    /// The paragraph after "Kính gửi" (a template; see [`Section::text`]).
    pub opening: String,
    /// The last paragraph before the signature.
    pub closing: String,
    #[serde(rename = "section", default)]
    pub sections: Vec<Section>,
}

/// What a section is about: the composer words each kind its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// I. Direction and management: the plan, its direction group's tasks by topic.
    Direction,
    /// II. Results per reform area: one item per area, its groups' tasks as prose.
    Results,
    /// III. Assessment: strengths, shortcomings, causes.
    Assessment,
    /// IV. Directions for the next period: the tasks due then, those overdue.
    Directions,
    /// V. Proposals to central bodies.
    Proposals,
}

/// The parts of the assessment the composer can fill from data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Strengths,
    Shortcomings,
    Causes,
}

/// A section (I, II, …), numbered in the order the outline gives, once the sections
/// with nothing to say are left out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// As printed, without its numeral ("Công tác chỉ đạo, điều hành cải cách hành
    /// chính"; printed in capitals). May hold `{next_period}`.
    pub heading: String,
    pub kind: SectionKind,
    /// Words of the titles of the catalogue groups this section speaks of, for items
    /// that name none of their own ("chỉ đạo", "điều hành").
    #[serde(default)]
    pub groups: Vec<String>,
    /// Sentence templates said at the start of the section. `{name}` is a value of the
    /// period (`{committee}`, `{plan}`, `{period}`, `{districts}`, an indicator code for
    /// its total, a target code for its rate, `{a/b}` for a share, `{a+b/c}`…); a
    /// sentence whose values are not all known is left out. `[…]` encloses a part left
    /// out when a value in it is unknown or zero.
    #[serde(default)]
    pub text: Vec<String>,
    /// Keys of the Sở's notes printed after the text, as written.
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(rename = "item", default)]
    pub items: Vec<Item>,
    /// For the proposals: words of a task's title or deadline that say it waits on a
    /// central body ("Nghị định mới")…
    #[serde(default)]
    pub waits_on: Vec<String>,
    /// …and the request made for such a task: `{awaited}` (what it waits on, from its
    /// title) and `{task}` (its short title) besides the period's values.
    #[serde(default)]
    pub request: Option<String>,
}

/// A numbered item of a section ("1. Cải cách thể chế").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub heading: String,
    /// Words of the titles of the groups whose tasks this item tells; empty: the
    /// section's.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Words of task titles: the item takes only the tasks of its groups whose titles
    /// hold one of them ("tuyên truyền"). An item without topics takes the tasks of its
    /// groups that no item with topics took.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Sentence templates (see [`Section::text`]).
    #[serde(default)]
    pub text: Vec<String>,
    /// Keys of the Sở's notes printed in the item, as written.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Takes the tasks of its groups that no item with topics took (without such an
    /// item, the first item without topics takes them).
    #[serde(default)]
    pub rest: bool,
    /// For the assessment: which part the composer fills from data.
    #[serde(default)]
    pub part: Option<Part>,
}

impl Item {
    /// The group words that apply: the item's own, else the section's.
    pub fn group_words<'a>(&'a self, section: &'a Section) -> &'a [String] {
        if self.groups.is_empty() {
            &section.groups
        } else {
            &self.groups
        }
    }
}

/// The shipped outlines, used when the outline folder has no file for a kind.
const QUARTERLY: &str = include_str!("../../inputs/de-cuong/bao-cao-quy.toml");
const HALF_YEAR: &str = include_str!("../../inputs/de-cuong/bao-cao-6-thang.toml");
const YEAR: &str = include_str!("../../inputs/de-cuong/bao-cao-nam.toml");

/// The file name of a period kind's outline.
fn file_name(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Q1 | PeriodKind::Q3 => "bao-cao-quy.toml",
        PeriodKind::H1 => "bao-cao-6-thang.toml",
        PeriodKind::Y => "bao-cao-nam.toml",
    }
}

impl Outline {
    /// The outline of a period kind: `<dir>/bao-cao-quy.toml` (quarters),
    /// `bao-cao-6-thang.toml` or `bao-cao-nam.toml`; the shipped one when the folder
    /// has no such file. A file that is there but wrong is an error, never ignored.
    pub fn load(dir: &Path, kind: PeriodKind) -> Result<Outline, ListError> {
        const WHAT: &str = "đề cương báo cáo";
        let path = dir.join(file_name(kind));
        if path.exists() {
            let text = ListError::read(WHAT, &path)?;
            return Self::from_toml(&text).map_err(|m| ListError::invalid(WHAT, &path, m));
        }
        let shipped = match kind {
            PeriodKind::Q1 | PeriodKind::Q3 => QUARTERLY,
            PeriodKind::H1 => HALF_YEAR,
            PeriodKind::Y => YEAR,
        };
        Self::from_toml(shipped).map_err(|m| ListError::invalid(WHAT, &path, m))
    }

    /// Parses and checks an outline.
    pub fn from_toml(text: &str) -> Result<Outline, String> {
        let mut o: Outline = toml::from_str(text).map_err(|e| e.to_string())?;
        if o.sections.is_empty() {
            return Err("đề cương không có mục nào ([[section]])".into());
        }
        let clean = |s: &mut String| *s = crate::text::clean(s);
        clean(&mut o.opening);
        clean(&mut o.closing);
        for s in &mut o.sections {
            clean(&mut s.heading);
            s.text.iter_mut().for_each(clean);
            for i in &mut s.items {
                clean(&mut i.heading);
                i.text.iter_mut().for_each(clean);
            }
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_outlines_parse_and_follow_the_ministrys_order() {
        for kind in PeriodKind::ALL {
            let o = Outline::load(Path::new("/nonexistent"), kind).unwrap();
            let kinds: Vec<SectionKind> = o.sections.iter().map(|s| s.kind).collect();
            assert_eq!(
                kinds,
                [
                    SectionKind::Direction,
                    SectionKind::Results,
                    SectionKind::Assessment,
                    SectionKind::Directions,
                    SectionKind::Proposals
                ],
                "{kind:?}"
            );
        }
    }

    #[test]
    fn an_outline_without_sections_is_refused() {
        assert!(Outline::from_toml("opening = \"a\"\nclosing = \"b\"\n").is_err());
    }
}
