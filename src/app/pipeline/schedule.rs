//! Which document is rendered when: the batch run's [`RenderQueue`] and the
//! [`heaviest_first`] loop of the commands that render a few documents. The heaviest
//! documents go first so that the last ones, rendered while the other core may already
//! be idle, are the lightest.

use super::{AppError, Sink, check_interrupt, render_one};
use crate::doc::{Document, Writers};
use rayon::prelude::*;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// The run's documents waiting to be rendered, taken heaviest first by whichever core is
/// free. The decisions are queued as soon as they are composed, at the start; the
/// period's documents once the submissions are checked and summarised. One queue for
/// both: with a queue each (a parallel loop per group), a core kept to its own group,
/// and the run ended with one core laying out the Chỉ số analysis report, 25 ms after
/// the other had written the last letter. Now the lightest documents, whichever their
/// group, are rendered last.
///
/// Each document queued spawns one task in the run's scope, and each task renders the
/// heaviest document queued when it starts (there is always one: a task is spawned
/// only after its document is queued). A document that cannot be rendered is reported
/// and the others are still written; an interruption or an output that cannot be
/// written stops the run, and the documents not yet started are left.
pub(super) struct RenderQueue<'a> {
    /// Made beside the first stages (see `build`); each document waits for them.
    writers: &'a OnceLock<Result<Writers, AppError>>,
    sink: &'a Sink,
    pending: Mutex<std::collections::BinaryHeap<Queued>>,
    /// How many documents have been queued (the order of equal weights).
    queued: std::sync::atomic::AtomicUsize,
    /// The first error that stops the run.
    error: Mutex<Option<AppError>>,
    /// When the decisions began to be composed, and when the last of them was written.
    decisions: Mutex<(Option<Instant>, Option<Instant>)>,
    /// The period's progress bar, cleared when the run has rendered everything.
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

/// A document in the [`RenderQueue`].
struct Queued {
    weight: usize,
    /// Queued earlier first among equal weights.
    order: std::cmp::Reverse<usize>,
    stem: String,
    doc: Document,
    /// The period's progress bar; `None` for a decision, which has no bar of its own
    /// (two bars drawn at once would garble the terminal).
    bar: Option<indicatif::ProgressBar>,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        (self.weight, self.order) == (other.weight, other.order)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.weight, self.order).cmp(&(other.weight, other.order))
    }
}

impl<'a> RenderQueue<'a> {
    pub(super) fn new(writers: &'a OnceLock<Result<Writers, AppError>>, sink: &'a Sink) -> Self {
        RenderQueue {
            writers,
            sink,
            pending: Mutex::new(std::collections::BinaryHeap::new()),
            queued: std::sync::atomic::AtomicUsize::new(0),
            error: Mutex::new(None),
            decisions: Mutex::new((None, None)),
            bar: Mutex::new(None),
        }
    }

    /// Leaves the documents not yet started: the run has failed.
    pub(super) fn stop(&self) {
        self.error
            .lock()
            .expect("queue lock")
            .get_or_insert(AppError::Interrupted);
    }

    pub(super) fn decisions_started(&self) {
        self.decisions.lock().expect("queue lock").0 = Some(Instant::now());
    }

    /// Queues documents and spawns a task for each in `scope`; `bar` counts them (the
    /// period's documents), or none does (the decisions).
    pub(super) fn add<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        docs: Vec<(String, Document)>,
        bar: Option<indicatif::ProgressBar>,
    ) {
        use std::sync::atomic::Ordering;
        let n = docs.len();
        if let Some(pb) = &bar {
            *self.bar.lock().expect("queue lock") = Some(pb.clone());
        }
        {
            let mut pending = self.pending.lock().expect("queue lock");
            for (stem, doc) in docs {
                pending.push(Queued {
                    weight: layout_weight(&doc),
                    order: std::cmp::Reverse(self.queued.fetch_add(1, Ordering::Relaxed)),
                    stem,
                    doc,
                    bar: bar.clone(),
                });
            }
        }
        for _ in 0..n {
            scope.spawn(move |_| self.render_next());
        }
    }

    /// Renders and writes the heaviest document waiting, unless the run has stopped.
    fn render_next(&self) {
        let Some(q) = self.pending.lock().expect("queue lock").pop() else {
            return;
        };
        if self.error.lock().expect("queue lock").is_some() {
            return;
        }
        // Writers that could not be made are the run's own error (returned by `build`);
        // here they only stop the queue.
        let written = check_interrupt().and_then(|()| match self.writers.wait() {
            Ok(writers) => render_one(writers, &q.stem, &q.doc, self.sink),
            Err(_) => Err(AppError::Interrupted),
        });
        match (written, &q.bar) {
            (Err(e), _) => {
                self.error.lock().expect("queue lock").get_or_insert(e);
            }
            (Ok(()), Some(pb)) => pb.inc(1),
            (Ok(()), None) => self.decisions.lock().expect("queue lock").1 = Some(Instant::now()),
        }
    }

    /// Once every task has run: the first error, or how long the decisions took from
    /// their composing to the last one written.
    pub(super) fn finish(self) -> Result<std::time::Duration, AppError> {
        if let Some(pb) = self.bar.into_inner().expect("queue lock") {
            pb.finish_and_clear();
        }
        if let Some(e) = self.error.into_inner().expect("queue lock") {
            return Err(e);
        }
        Ok(match self.decisions.into_inner().expect("queue lock") {
            (Some(start), Some(end)) => end.saturating_duration_since(start),
            _ => std::time::Duration::ZERO,
        })
    }
}

/// `f` applied to every item, spread over the cores: heaviest document first, one at a
/// time per core. The report and the decisions with their annexes take many times a
/// letter's time, and a long one started last would leave the other core idle at the
/// end. The results come back in the order of `items`.
pub(crate) fn heaviest_first<T: Sync, R: Send>(
    items: &[T],
    document: impl Fn(&T) -> &Document + Sync,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(layout_weight(document(&items[i]))));
    let mut done: Vec<(usize, R)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&i| (i, f(&items[i])))
        .collect();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// A rough measure of a document's layout work, to schedule the heaviest first: its
/// text, each table cell counting as a block of its own.
fn layout_weight(doc: &Document) -> usize {
    use crate::doc::{Block, Row};
    let blocks = doc
        .body
        .iter()
        .chain(doc.appendices.iter().flat_map(|a| a.body.iter()));
    blocks
        .map(|b| match b {
            Block::Table(t) => t
                .rows
                .iter()
                .map(|r| match r {
                    Row::Cells { cells } => cells.iter().map(|c| c.len() + 64).sum(),
                    Row::Group { text } | Row::Subgroup { text } => text.len() + 64,
                })
                .sum(),
            Block::Chart(c) => 64 * c.bars.len(),
            Block::CanCu { text }
            | Block::Center { text, .. }
            | Block::Heading { text, .. }
            | Block::Paragraph { text }
            | Block::Bullet { text }
            | Block::Note { text } => text.len(),
            Block::Article { label, text } => label.len() + text.len(),
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Block;

    /// A document whose only text is a paragraph of `chars` letters.
    fn doc(chars: usize) -> Document {
        let mut d = crate::doc::test_document("Công văn");
        d.body = vec![Block::Paragraph {
            text: "a".repeat(chars),
        }];
        d
    }

    #[test]
    fn heaviest_first_works_heaviest_first_and_answers_in_order() {
        let items = [doc(10), doc(300), doc(20), doc(300), doc(5)];
        let seen = Mutex::new(Vec::new());
        // One worker: the order of work is the schedule itself.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        let answers = pool.install(|| {
            heaviest_first(
                &items,
                |d| d,
                |d| {
                    let n = layout_weight(d);
                    seen.lock().expect("lock").push(n);
                    n
                },
            )
        });
        assert_eq!(answers, vec![10, 300, 20, 300, 5]);
        assert_eq!(seen.into_inner().expect("lock"), vec![300, 300, 20, 10, 5]);
    }

    #[test]
    fn the_queue_gives_the_heaviest_then_the_first_queued() {
        let mut heap = std::collections::BinaryHeap::new();
        for (order, (stem, chars)) in [("a", 10), ("b", 300), ("c", 300), ("d", 40)]
            .into_iter()
            .enumerate()
        {
            let doc = doc(chars);
            heap.push(Queued {
                weight: layout_weight(&doc),
                order: std::cmp::Reverse(order),
                stem: stem.into(),
                doc,
                bar: None,
            });
        }
        let popped: Vec<String> = std::iter::from_fn(|| heap.pop().map(|q| q.stem)).collect();
        assert_eq!(popped, ["b", "c", "d", "a"]);
    }
}
