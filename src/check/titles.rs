//! Matching a row's title against the catalogue: to suggest the task a row without a
//! valid code meant, and to notice rows shifted against their codes.

use crate::model::catalogue::{Catalogue, Task};
use crate::model::finding::Diagnostic;
use crate::text::{fold, shorten};

/// Words of a title that carry its meaning: folded, punctuation as spaces, the field's
/// abbreviations written out (CCHC, TTHC, UBND…), function words dropped. Sorted and
/// unique.
fn title_words(s: &str) -> Vec<String> {
    const FILLER: &[&str] = &[
        "va", "cac", "cua", "nam", "theo", "cho", "voi", "tai", "trong", "nhung", "mot", "so",
        "de", "ve", "la", "thuc", "hien", "to", "chuc",
    ];
    crate::text::word_set(&crate::text::plain_words(s), FILLER)
}

/// How much of a row's title a task's title holds: the share of the row's meaningful
/// words found among the task's (0…1). Asymmetric on purpose: agencies shorten titles
/// ("Đối thoại doanh nghiệp" for "Tổ chức định kỳ Hội nghị đối thoại doanh nghiệp"), and
/// a short title never scores high against a long one on the whole strings. Fewer than
/// three meaningful words ("(phối hợp)") say too little: 0.
fn containment(words: &[String], task: &Task) -> f64 {
    if words.len() < 3 {
        return 0.0;
    }
    let own = title_words(&task.full_title());
    let held = words
        .iter()
        .filter(|w| own.binary_search(w).is_ok())
        .count();
    held as f64 / words.len() as f64
}

/// True when a row's title is a task's title in full (its words and the task's the
/// same, give or take one in ten): "shortened" does not apply, so a row carrying another
/// task's full title is that task's row, whatever letters it shares with its own.
pub(super) fn is_full_title(row: &str, task: &Task) -> bool {
    let words = title_words(row);
    let own = title_words(&task.full_title());
    if words.len() < 3 || own.is_empty() {
        return false;
    }
    let shared = words
        .iter()
        .filter(|w| own.binary_search(w).is_ok())
        .count();
    shared * 10 >= words.len() * 9 && shared * 10 >= own.len() * 9
}

/// How well a row's title names a task: the better of the whole-string similarity and
/// the share of the row's words the task's title holds.
pub(super) fn title_score(row: &str, task: &Task) -> f64 {
    RowTitle::of(row).score(task)
}

/// A row's title folded and split once, to be scored against every task of a catalogue
/// (folding it again for each of them was most of the cost of looking for a row's task).
struct RowTitle {
    folded: String,
    words: Vec<String>,
}

impl RowTitle {
    fn of(row: &str) -> RowTitle {
        RowTitle {
            folded: fold(row),
            words: title_words(row),
        }
    }

    /// [`title_score`] of this row against a task: the similarity of the folded
    /// strings (0…1) to the task's title or full title, or the row's words the task
    /// holds, whichever is more.
    fn score(&self, task: &Task) -> f64 {
        let similarity = |t: &str| strsim::sorensen_dice(&self.folded, &fold(t));
        similarity(&task.title)
            .max(similarity(&task.full_title()))
            .max(containment(&self.words, task))
    }
}

/// The catalogue task whose title best matches a text, if it matches well and no other
/// task matches as well (a short title held by several tasks names none of them).
pub(super) fn best_title_match<'c>(cat: &'c Catalogue, title: &str) -> Option<(&'c Task, f64)> {
    if title.chars().count() < 8 {
        return None;
    }
    let row = RowTitle::of(title);
    let mut scored: Vec<(&Task, f64)> = cat.tasks.iter().map(|t| (t, row.score(t))).collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, score) = *scored.first()?;
    let second = scored.get(1).map_or(0.0, |s| s.1);
    (score >= 0.6 && score - second >= 0.15).then_some((best, score))
}

/// Adds "Có phải là nhiệm vụ …?" when the row's title matches a catalogue task.
pub(super) fn with_title_hint(d: Diagnostic, cat: &Catalogue, title: &str) -> Diagnostic {
    match best_title_match(cat, title) {
        Some((t, _)) => d.with_hint(format!(
            "Có phải là nhiệm vụ {}: {}?",
            t.code,
            shorten(&t.full_title(), 80)
        )),
        None => d,
    }
}
