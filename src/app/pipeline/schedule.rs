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
/// Documents are taken by lanes ([`RenderQueue::lane`]): a task that renders one document
/// after the other until none is waiting, at most one lane per core. With one task per
/// document instead, a core that waited inside Typst (which lays pages out and finishes
/// deferred work in parallel) ran the next document's task within that wait, and that
/// one the next: every document then finished, was written and was flushed only when
/// the last one was, all files reached the disk in the run's last milliseconds, and the
/// heaviest document's PDF was exported last, on one core. A lane only ever waits on
/// its own document's work (or helps the other lane's), so documents finish heaviest
/// first, each is written as soon as it is made, and its memory is reused by the next.
///
/// A document that cannot be rendered is reported and the others are still written; an
/// interruption or an output that cannot be written stops the run, and the documents
/// not yet started are dropped.
pub(super) struct RenderQueue<'a> {
    /// Made beside the first stages (see `build`); each document waits for them.
    writers: &'a OnceLock<Result<Writers, AppError>>,
    sink: &'a Sink,
    pending: Mutex<Pending>,
    /// How many documents have been queued (the order of equal weights).
    queued: std::sync::atomic::AtomicUsize,
    /// The first error that stops the run.
    error: Mutex<Option<AppError>>,
    /// When the decisions began to be composed, and when the last of them was written.
    decisions: Mutex<(Option<Instant>, Option<Instant>)>,
    /// The period's progress bar, cleared when the run has rendered everything.
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

/// The documents waiting, and how many lanes are taking them.
#[derive(Default)]
struct Pending {
    heap: std::collections::BinaryHeap<Queued>,
    lanes: usize,
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
            pending: Mutex::new(Pending::default()),
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

    /// Queues documents; `bar` counts them (the period's documents), or none does (the
    /// decisions). The caller then works a lane of its own ([`RenderQueue::lane`]);
    /// the answer is how many more lanes to start beside it, so that at most `lanes`
    /// work at once.
    pub(super) fn add(
        &self,
        docs: Vec<(String, Document)>,
        bar: Option<indicatif::ProgressBar>,
        lanes: usize,
    ) -> usize {
        use std::sync::atomic::Ordering;
        if let Some(pb) = &bar {
            *self.bar.lock().expect("queue lock") = Some(pb.clone());
        }
        let mut pending = self.pending.lock().expect("queue lock");
        for (stem, doc) in docs {
            pending.heap.push(Queued {
                weight: layout_weight(&doc),
                order: std::cmp::Reverse(self.queued.fetch_add(1, Ordering::Relaxed)),
                stem,
                doc,
                bar: bar.clone(),
            });
        }
        pending.lanes += 1;
        let more = lanes
            .saturating_sub(pending.lanes)
            .min(pending.heap.len().saturating_sub(1));
        pending.lanes += more;
        more
    }

    /// A lane: renders and writes the heaviest document waiting, then the next, until
    /// none is left (or, once the run has stopped, drops them).
    pub(super) fn lane(&self) {
        loop {
            let q = {
                let mut pending = self.pending.lock().expect("queue lock");
                match pending.heap.pop() {
                    Some(q) => q,
                    None => {
                        // Under the lock: a producer that queues after this sees one
                        // lane fewer and starts another.
                        pending.lanes -= 1;
                        return;
                    }
                }
            };
            if self.error.lock().expect("queue lock").is_some() {
                continue;
            }
            // Writers that could not be made are the run's own error (returned by
            // `build`); here they only stop the queue.
            let written = check_interrupt().and_then(|()| match self.writers.wait() {
                Ok(writers) => render_one(writers, &q.stem, &q.doc, self.sink),
                Err(_) => Err(AppError::Interrupted),
            });
            match (written, &q.bar) {
                (Err(e), _) => {
                    self.error.lock().expect("queue lock").get_or_insert(e);
                }
                (Ok(()), Some(pb)) => pb.inc(1),
                (Ok(()), None) => {
                    self.decisions.lock().expect("queue lock").1 = Some(Instant::now())
                }
            }
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

    /// Lanes: the caller's own counts, more are asked for only while documents wait for
    /// them, and a lane that finds the queue empty leaves (so the next producer starts
    /// one again). Nothing is rendered here: a lane with no document never waits for
    /// the writers.
    #[test]
    fn lanes_are_started_up_to_the_limit_and_leave_when_the_queue_is_empty() {
        let dir = std::env::temp_dir().join(format!("vanban-lanes-{}", std::process::id()));
        let sink = Sink::new(&dir);
        let writers = OnceLock::new();
        let queue = RenderQueue::new(&writers, &sink);
        let docs = |n: usize| -> Vec<(String, Document)> {
            (0..n)
                .map(|i| (format!("d{i}"), doc(10 * (i + 1))))
                .collect()
        };
        // Nothing queued: the caller's lane is all there is, and it leaves at once.
        assert_eq!(queue.add(docs(0), None, 2), 0);
        queue.lane();
        assert_eq!(queue.pending.lock().unwrap().lanes, 0);
        // Three documents, a limit of two: one lane more beside the caller's.
        assert_eq!(queue.add(docs(3), None, 2), 1);
        // Two lanes busy: a producer's own lane makes three, none more is asked for.
        assert_eq!(queue.add(docs(2), None, 2), 0);
        // One document, limit of four, no lane left: none more (the caller's suffices).
        let fresh = RenderQueue::new(&writers, &sink);
        assert_eq!(fresh.add(docs(1), None, 4), 0);
        // The heaviest first, whoever takes it.
        assert_eq!(
            queue.pending.lock().unwrap().heap.peek().unwrap().weight,
            30
        );
        let _ = std::fs::remove_dir_all(dir);
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
