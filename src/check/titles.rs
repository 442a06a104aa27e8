//! Matching a row's title against the catalogue: to suggest the task a row without a
//! valid code meant, and to notice rows shifted against their codes.

use crate::model::catalogue::{Catalogue, Task};
use crate::model::finding::Diagnostic;
use crate::text::{fold, shorten};

/// Words of a title that carry its meaning: folded, punctuation as spaces, the field's
/// abbreviations written out (CCHC, TTHC, UBND…), function words dropped. Sorted and
/// unique. Takes the title folded ([`fold`]).
fn title_words(folded: &str) -> Vec<String> {
    const FILLER: &[&str] = &[
        "va", "cac", "cua", "nam", "theo", "cho", "voi", "tai", "trong", "nhung", "mot", "so",
        "de", "ve", "la", "thuc", "hien", "to", "chuc",
    ];
    crate::text::word_set(&crate::text::plain_words_folded(folded), FILLER)
}

/// How many of `words` (sorted) `own` (sorted) holds.
fn held(words: &[String], own: &[String]) -> usize {
    words
        .iter()
        .filter(|w| own.binary_search(w).is_ok())
        .count()
}

/// A task's titles as the scores read them.
struct TaskTitle {
    /// The title, folded.
    folded: String,
    /// The full title (a sub-item's with its parent's), folded.
    folded_full: String,
    /// [`title_words`] of the full title.
    words: Vec<String>,
}

impl TaskTitle {
    fn of(task: &Task) -> TaskTitle {
        let folded_full = fold(&task.full_title());
        TaskTitle {
            folded: fold(&task.title),
            words: title_words(&folded_full),
            folded_full,
        }
    }
}

/// `f` of a task's [`TaskTitle`], folded once per worker thread for a whole batch: every
/// row of every submission is scored against its own task, and the 60 agencies of a
/// city send the same few dozen titles (folding them again for each row was most of
/// the cost of checking rows). Keyed by the titles themselves, so a catalogue read
/// later, or corrected, never meets a stale entry.
fn with_task_title<R>(task: &Task, f: impl FnOnce(&TaskTitle) -> R) -> R {
    use std::cell::RefCell;
    use std::collections::HashMap;
    /// Far more than one catalogue's tasks; past it the memo starts again.
    const KEEP: usize = 4096;
    thread_local! {
        static MEMO: RefCell<HashMap<(String, Option<String>), std::rc::Rc<TaskTitle>>> =
            RefCell::new(HashMap::new());
    }
    let key = (task.title.clone(), task.parent.clone());
    let title = MEMO.with(|m| m.borrow().get(&key).cloned());
    let title = title.unwrap_or_else(|| {
        let t = std::rc::Rc::new(TaskTitle::of(task));
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= KEEP {
                m.clear();
            }
            m.insert(key, t.clone());
        });
        t
    });
    f(&title)
}

/// A row's title folded and split once, to be scored against its task and, when it
/// does not name it, against every task of the catalogue.
pub(super) struct RowTitle {
    /// Characters of the title as written.
    len: usize,
    folded: String,
    words: Vec<String>,
}

impl RowTitle {
    pub(super) fn of(row: &str) -> RowTitle {
        let folded = fold(row);
        RowTitle {
            len: row.chars().count(),
            words: title_words(&folded),
            folded,
        }
    }

    /// How well this row's title names a task (0…1): the better of the similarity of
    /// the folded strings to the task's title or full title, and the share of the
    /// row's meaningful words the task's full title holds. The share is asymmetric on
    /// purpose: agencies shorten titles ("Đối thoại doanh nghiệp" for "Tổ chức định kỳ
    /// Hội nghị đối thoại doanh nghiệp"), and a short title never scores high against a
    /// long one on the whole strings. Fewer than three meaningful words ("(phối hợp)")
    /// say too little for a share.
    pub(super) fn score(&self, task: &Task) -> f64 {
        with_task_title(task, |t| {
            let similarity = |other: &str| strsim::sorensen_dice(&self.folded, other);
            let containment = if self.words.len() < 3 {
                0.0
            } else {
                held(&self.words, &t.words) as f64 / self.words.len() as f64
            };
            similarity(&t.folded)
                .max(similarity(&t.folded_full))
                .max(containment)
        })
    }

    /// True when this row's title is a task's title in full (its words and the task's
    /// the same, give or take one in ten): "shortened" does not apply, so a row carrying
    /// another task's full title is that task's row, whatever letters it shares with
    /// its own.
    pub(super) fn is_full_title(&self, task: &Task) -> bool {
        with_task_title(task, |t| {
            let (words, own) = (&self.words, &t.words);
            if words.len() < 3 || own.is_empty() {
                return false;
            }
            let shared = held(words, own);
            shared * 10 >= words.len() * 9 && shared * 10 >= own.len() * 9
        })
    }

    /// The catalogue task this title best matches, if it matches well and no other task
    /// matches as well (a short title held by several tasks names none of them).
    pub(super) fn best_match<'c>(&self, cat: &'c Catalogue) -> Option<(&'c Task, f64)> {
        if self.len < 8 {
            return None;
        }
        let mut scored: Vec<(&Task, f64)> = cat.tasks.iter().map(|t| (t, self.score(t))).collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (best, score) = *scored.first()?;
        let second = scored.get(1).map_or(0.0, |s| s.1);
        (score >= 0.6 && score - second >= 0.15).then_some((best, score))
    }
}

/// The catalogue task whose title best matches a text ([`RowTitle::best_match`]).
pub(super) fn best_title_match<'c>(cat: &'c Catalogue, title: &str) -> Option<(&'c Task, f64)> {
    RowTitle::of(title).best_match(cat)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn task(code: &str, parent: Option<&str>, title: &str) -> Task {
        Task::with_titles(code, parent, title, "")
    }

    #[test]
    fn a_corrected_title_is_scored_as_corrected() {
        // The memo is keyed by the titles, not the code: the same code with another
        // title (a corrected catalogue, another plan) is folded again.
        let row = RowTitle::of("Tổ chức Hội nghị đối thoại doanh nghiệp");
        let old = task("7", None, "Kiểm tra công tác cải cách hành chính");
        let new = task("7", None, "Tổ chức định kỳ Hội nghị đối thoại doanh nghiệp");
        let before = row.score(&old);
        assert!(before < 0.6, "{before}");
        assert!(row.score(&new) > 0.9);
        assert_eq!(row.score(&old), before);
        // Shortened, so not the title in full; the task's own title is.
        assert!(!row.is_full_title(&new));
        let full = RowTitle::of("Tổ chức định kỳ Hội nghị đối thoại doanh nghiệp.");
        assert!(full.is_full_title(&new));
        assert!(!full.is_full_title(&old));
    }

    #[test]
    fn a_sub_item_is_scored_with_its_parent() {
        // The same title under two parents: the full title differs, so the entries do.
        let row = RowTitle::of("Triển khai đánh giá xác định Chỉ số cải cách hành chính: cấp sở");
        let a = task(
            "3a",
            Some("Triển khai đánh giá xác định Chỉ số cải cách hành chính"),
            "cấp sở",
        );
        let b = task("9a", Some("Rà soát thủ tục hành chính"), "cấp sở");
        assert!(row.score(&a) > row.score(&b));
        assert!(row.is_full_title(&a));
        assert!(!row.is_full_title(&b));
    }
}
