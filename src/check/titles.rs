//! Matching a row's title against the catalogue: to suggest the task a row without a
//! valid code meant, and to notice rows shifted against their codes.

use crate::model::catalogue::{Catalogue, Task};
use crate::model::finding::Diagnostic;
use crate::text::{fold, shorten};

/// Similarity of two titles on their folded words (0…1).
pub(super) fn title_similarity(a: &str, b: &str) -> f64 {
    strsim::sorensen_dice(&fold(a), &fold(b))
}

/// The catalogue task whose title best matches a text, if it matches well.
pub(super) fn best_title_match<'c>(cat: &'c Catalogue, title: &str) -> Option<(&'c Task, f64)> {
    if title.chars().count() < 8 {
        return None;
    }
    cat.tasks
        .iter()
        .map(|t| {
            let s = title_similarity(title, &t.title).max(title_similarity(title, &t.full_title()));
            (t, s)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, s)| *s >= 0.6)
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
