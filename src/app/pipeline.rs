//! `vanban run` as stages: load → check → feedback copies → aggregate (and the status
//! workbook) → compose → render → manifest, with the configured decisions (which need
//! no submission) composed and rendered beside the period's stages from the start.
//! Work is spread over the cores with rayon;
//! one set of writers (fonts and template parsed once) serves every document. Every
//! file goes through a [`Sink`] into the run's hidden folder, which [`super::swap`]
//! swaps in at the end.

use super::AppError;
use super::config::Settings;
use super::manifest::{AgencyCounts, InputRead, Manifest, Written, sha256};
use super::progress::bar;
use super::swap::{RunFolder, check_interrupt, watch_signals};
use crate::aggregate::Summary;
use crate::check::Checked;
use crate::compose::config::ReportConfig;
use crate::doc::{Document, Writers};
use crate::model::period::Period;
use crate::model::registry::Registry;
use crate::output::feedback_name;
use crate::read::files::{Skipped, collect_inputs};
use crate::read::spec::DecisionSpec;
use crate::read::submission::Submission;
use crate::workspace::{LoadError, Workspace};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

mod schedule;
use schedule::RenderQueue;
pub(crate) use schedule::heaviest_first;

/// Options of one run, after the configuration and the command line are merged.
pub struct RunOptions<'a> {
    pub settings: &'a Settings,
    pub period: Period,
    pub documents: &'a ReportConfig,
    /// Show progress bars.
    pub progress: bool,
}

/// Runs the whole pipeline; returns the manifest (also written to `manifest.json`).
pub fn run(opts: &RunOptions) -> Result<Manifest, AppError> {
    watch_signals();
    let folder = RunFolder::claim(&opts.settings.output, &opts.period.id())?;
    let result = build(opts, &folder.tmp());
    match result {
        Ok(manifest) => {
            folder.swap_in()?;
            Ok(manifest)
        }
        Err(e) => {
            folder.discard();
            Err(e)
        }
    }
}

/// Collects what a run writes, relative to the temporary period folder.
struct Sink {
    root: PathBuf,
    files: Mutex<Vec<Written>>,
    failures: Mutex<Vec<String>>,
    /// Flushes each file to disk off the worker threads; waited for before the folder is
    /// swapped in.
    syncer: crate::output::Syncer,
}

impl Sink {
    /// A sink writing under `root` (the run's temporary period folder).
    fn new(root: &Path) -> Sink {
        Sink {
            root: root.to_path_buf(),
            files: Mutex::new(Vec::new()),
            failures: Mutex::new(Vec::new()),
            syncer: crate::output::Syncer::new(),
        }
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), AppError> {
        check_interrupt()?;
        let path = self.root.join(rel);
        crate::output::write_atomic_deferred(&path, bytes, &self.syncer)
            .map_err(|e| AppError::write(&path, e))?;
        self.files.lock().expect("sink lock").push(Written {
            path: rel.to_string(),
            sha256: sha256(bytes),
            bytes: bytes.len() as u64,
        });
        Ok(())
    }

    /// A product that could not be made: reported, and the run goes on.
    fn fail(&self, what: String) {
        self.failures.lock().expect("sink lock").push(what);
    }
}

/// Milliseconds per stage.
struct Clock {
    start: Instant,
    timings: BTreeMap<String, u64>,
}

impl Clock {
    fn lap(&mut self, name: &str) {
        self.timings
            .insert(name.to_string(), self.start.elapsed().as_millis() as u64);
        self.start = Instant::now();
    }
}

/// The writers (fonts read, template parsed), made on a thread of their own while the
/// reference data is read and the decisions are composed: 1.5–6 ms at the start of a
/// run during which the second core otherwise waited. Documents wait for them
/// ([`OnceLock::wait`]); a font or template that cannot be used is the run's error.
fn build(opts: &RunOptions, tmp: &Path) -> Result<Manifest, AppError> {
    let writers = OnceLock::new();
    let built = std::thread::scope(|ts| {
        // The cell is filled whatever happens, or the documents would wait forever: a
        // panic stops the queue and is raised again when the scope ends, as it was
        // when the writers were made on this thread.
        let make = || {
            let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                AppError::writers(opts.settings)
            }));
            match made {
                Ok(made) => {
                    let _ = writers.set(made);
                }
                Err(panic) => {
                    let _ = writers.set(Err(AppError::Interrupted));
                    std::panic::resume_unwind(panic);
                }
            }
        };
        if std::thread::Builder::new()
            .name("vanban-writers".into())
            .spawn_scoped(ts, make)
            .is_err()
        {
            // No thread to be had: made here, before anything waits for them.
            make();
        }
        build_with(opts, tmp, &writers)
    });
    // Every document is missing when the writers could not be made: that is said first.
    if let Some(Err(e)) = writers.into_inner() {
        return Err(e);
    }
    built
}

fn build_with(
    opts: &RunOptions,
    tmp: &Path,
    writers: &OnceLock<Result<Writers, AppError>>,
) -> Result<Manifest, AppError> {
    let _ = std::fs::remove_dir_all(tmp);
    std::fs::create_dir_all(tmp).map_err(|e| AppError::write(tmp, e))?;
    let sink = Sink::new(tmp);
    let mut clock = Clock {
        start: Instant::now(),
        timings: BTreeMap::new(),
    };
    let registry = Registry::load(&opts.settings.paths.registry).map_err(LoadError::from)?;
    let queue = RenderQueue::new(writers, &sink);
    // The decisions depend on nothing the agencies send and, of the reference data, on
    // the agencies only: they are composed and queued while the rest is read and the
    // submissions are checked, so the second core has work through the stages that
    // cannot be spread (reading the catalogue, the summary, composing the period's
    // documents) instead of waiting for the period's render.
    let period = rayon::scope(|s| {
        let (queue, sink, registry) = (&queue, &sink, &registry);
        s.spawn(move |_| {
            queue.decisions_started();
            // One lane while the period's stages run beside it: a second one, queued in
            // the scope, could be taken up by the stages' own thread whenever it waits
            // in a parallel loop, and hold the stages up until every decision is done.
            // The other cores still help this lane's documents from within.
            queue.add(decision_documents(opts, registry, sink), None, 1);
            queue.lane();
        });
        let loaded = load(opts, registry.clone());
        // Nothing more is rendered for a run that cannot go on.
        let (ws, files, skipped) = loaded.inspect_err(|_| queue.stop())?;
        // Writers that could not be made stop the run before the submissions are checked
        // (`build` says why); they are ready by now in a normal run.
        if writers.wait().is_err() {
            queue.stop();
            return Err(AppError::Interrupted);
        }
        clock.lap("tai-du-lieu");
        let (summary, checked, inputs, docs) =
            period_documents(opts, &ws, &files, sink, &mut clock).inspect_err(|_| queue.stop())?;
        let pb = bar(opts.progress, docs.len(), "Dựng văn bản DOCX, PDF");
        // As many lanes as cores now, this thread's among them.
        for _ in 0..queue.add(docs, Some(pb), rayon::current_num_threads()) {
            s.spawn(move |_| queue.lane());
        }
        queue.lane();
        Ok::<_, AppError>((summary, checked, inputs, skipped))
    });
    // The run's own error first: a run that could not load its reference data stopped
    // the queue, which would otherwise say "interrupted".
    let (summary, checked, inputs, skipped) = period?;
    let decided = queue.finish()?;
    clock.lap("dung-van-ban");
    clock
        .timings
        .insert("quyet-dinh".into(), decided.as_millis() as u64);
    clock.start = Instant::now();
    let manifest = manifest(opts, &sink, &summary, &checked, inputs, skipped, clock)?;
    // Every file on disk before the folder takes the period's name.
    sink.syncer
        .finish()
        .map_err(|(path, e)| AppError::write(&path, e))?;
    Ok(manifest)
}

/// What the period's part of a run gives: the summary, the checked submissions, the
/// inputs as the manifest lists them, and the period's documents to render.
type PeriodParts = (
    Summary,
    Vec<Checked>,
    Vec<InputRead>,
    Vec<(String, Document)>,
);

/// The period's part of a run: every submission checked (with its feedback copy), the
/// status workbook, and the period's report, Tờ trình and letters composed (for the
/// [`RenderQueue`]).
fn period_documents(
    opts: &RunOptions,
    ws: &Workspace,
    files: &[PathBuf],
    sink: &Sink,
    clock: &mut Clock,
) -> Result<PeriodParts, AppError> {
    let checked = check_with_feedback(opts, ws, files, sink)?;
    clock.lap("kiem-tra");
    let mut inputs: Vec<InputRead> = checked
        .iter()
        .map(|c| InputRead {
            path: c.file.clone(),
            sha256: c.sha256.clone(),
            agency: c.agency.clone(),
            status: format!("{:?}", c.status).to_lowercase(),
        })
        .collect();
    // The review the documents were built from, by its hash: the same inputs and the
    // same review give the same documents.
    let review_path = opts
        .settings
        .submissions
        .join(opts.period.id())
        .join(crate::read::review::FILE_NAME);
    if let Ok(bytes) = std::fs::read(&review_path) {
        inputs.push(InputRead {
            path: review_path.display().to_string(),
            sha256: Some(crate::app::manifest::sha256(&bytes)),
            agency: None,
            status: "review".into(),
        });
    }
    let summary = ws.summarise(opts.period, opts.settings.as_of, &checked);
    // Where the draft stands: made before the corrections are due, errors still open.
    for w in crate::compose::to_trinh::draft_warnings(&summary, &ws.calendar, opts.documents) {
        eprintln!("vanban: cảnh báo: {w}");
    }
    let wb = ws
        .status_workbook(&summary)
        .map_err(|source| AppError::Workbook {
            what: "bảng tổng hợp".into(),
            source,
        })?;
    sink.write(&format!("kiem-tra/tong-hop-{}.xlsx", opts.period.id()), &wb)?;
    clock.lap("tong-hop");
    let docs = compose(opts, ws, &summary, &checked, sink);
    clock.lap("soan-van-ban");
    Ok((summary, checked, inputs, docs))
}

/// The reference data (besides the agencies, read already) and the period's files.
fn load(
    opts: &RunOptions,
    registry: Registry,
) -> Result<(Workspace, Vec<PathBuf>, Vec<Skipped>), AppError> {
    let s = opts.settings;
    // The same year's earlier folders (q1 for h1…) are what `period.inconsistent`
    // compares against.
    let ws = Workspace::load_with(&s.paths, registry, Some(opts.period.year))?
        .with_limits(s.limits)
        .with_history(&s.submissions, opts.period, s.as_of);
    let dir = s.submissions.join(opts.period.id());
    if !dir.is_dir() {
        return Err(AppError::Usage(format!(
            "không có thư mục báo cáo {} (kỳ {}): kiểm tra mục inputs.submissions của vanban.toml",
            dir.display(),
            opts.period.label()
        )));
    }
    let (files, skipped) = collect_inputs(&[dir])?;
    Ok((ws, files, skipped))
}

/// Every submission read (once), checked and given its feedback copy, in parallel, in
/// file order; a feedback copy that cannot be made never stops the run.
fn check_with_feedback(
    opts: &RunOptions,
    ws: &Workspace,
    files: &[PathBuf],
    sink: &Sink,
) -> Result<Vec<Checked>, AppError> {
    let mut used = std::collections::HashSet::new();
    let names: Vec<String> = files
        .iter()
        .map(|f| feedback_name(&f.display().to_string(), &mut used))
        .collect();
    let pb = bar(opts.progress, files.len(), "Kiểm tra báo cáo");
    let written = Mutex::new(Ok(()));
    // One facade call: check, the checks across files, the register's dates and the
    // Sở's review, each file's copy written in between.
    let each = |i: usize, sub: &Submission, checked: &Checked| {
        // A document sent in place of the form gets no copy: there are no cells
        // to mark, and its agency gets a letter asking for the form.
        if sub.document.is_some() {
            pb.inc(1);
            return;
        }
        let name = &names[i];
        let r = match ws.feedback(sub, checked) {
            Ok(bytes) => sink.write(&format!("kiem-tra/{name}"), &bytes),
            Err(e) => {
                sink.fail(format!("kiem-tra/{name}: {e}"));
                Ok(())
            }
        };
        if let Err(e) = r {
            *written.lock().expect("lock") = Err(e);
        }
        pb.inc(1);
    };
    let folder = opts.settings.submissions.join(opts.period.id());
    let pc = ws.check_collected(
        &folder,
        files,
        opts.period,
        opts.settings.as_of,
        true,
        Some(&each),
    );
    for w in &pc.warnings {
        eprintln!("vanban: cảnh báo: {w}");
    }
    pb.finish_and_clear();
    check_interrupt()?;
    written.into_inner().expect("lock")?;
    Ok(pc.checked)
}

/// The Sở's review of a period (`<folder>/hieu-chinh.xlsx`), when there is one; what
/// cannot be used of it is said on stderr, and the run goes on without it.
pub(crate) fn review(folder: &Path) -> crate::model::review::Review {
    let mut warnings = Vec::new();
    let review = crate::read::review::load_review(folder, &mut warnings);
    for w in warnings {
        eprintln!("vanban: cảnh báo: {w}");
    }
    review
}

/// The register of incoming documents of a submissions folder; what cannot be used of it
/// is said on stderr, and the run goes on.
pub(crate) fn receipts(folder: &Path, ws: &Workspace) -> crate::read::receipts::Register {
    let register = crate::read::receipts::Register::find(folder, &ws.registry);
    for w in &register.warnings {
        eprintln!("vanban: cảnh báo: {w}");
    }
    register
}

/// Each checked file with the day it arrived, when the register says it.
pub(crate) fn with_receipts(
    mut files: Vec<Checked>,
    register: &crate::read::receipts::Register,
) -> Vec<Checked> {
    for c in &mut files {
        if let Some(r) = register.receipt_of(&c.file, c.agency.as_deref()) {
            c.received = Some(r.clone());
        }
    }
    files
}

/// The report, the reminders and the decision drafts, as (path stem, document).
fn compose(
    opts: &RunOptions,
    ws: &Workspace,
    summary: &Summary,
    checked: &[Checked],
    sink: &Sink,
) -> Vec<(String, Document)> {
    use crate::compose::period::{DOCUMENTS, Kind};
    let kinds: Vec<Kind> = DOCUMENTS.iter().map(|e| e.kind).collect();
    let mut docs = Vec::new();
    match ws.period_documents(
        summary,
        checked,
        opts.documents,
        opts.settings.report_number,
        &kinds,
    ) {
        Ok((made, unused)) => {
            warn_unused_notes(&unused);
            docs.extend(made.into_iter().map(|d| (d.path, d.document)));
        }
        Err(e) => {
            // The report could not be composed (nor the Tờ trình, which says what it
            // left out); the letters do not depend on it and still go out.
            sink.fail(format!("báo cáo: {e}"));
            if let Ok((letters, _)) =
                ws.period_documents(summary, checked, opts.documents, None, &[Kind::Letter])
            {
                docs.extend(letters.into_iter().map(|d| (d.path, d.document)));
            }
        }
    }
    docs
}

/// The decisions of the configuration (`[[decisions]]`), each with the analysis report
/// a Chỉ số decision is sent with, composed; a decision that cannot be made is reported
/// and the run goes on.
fn decision_documents(
    opts: &RunOptions,
    registry: &Registry,
    sink: &Sink,
) -> Vec<(String, Document)> {
    let mut docs = Vec::new();
    for spec in &opts.settings.decisions {
        let stem = spec
            .file_stem()
            .map(|s| crate::output::safe_file_stem(&s.to_string_lossy()))
            .unwrap_or_else(|| "quyet-dinh".into());
        let base = spec.parent().unwrap_or(Path::new("."));
        let loaded = match DecisionSpec::load(spec) {
            Ok(l) => l,
            Err(e) => {
                sink.fail(format!("{}: {e}", spec.display()));
                continue;
            }
        };
        let indexes = crate::compose::decision::Indexes::default();
        match loaded.compose_with(base, registry, &indexes) {
            Ok(d) => docs.push((format!("quyet-dinh/{stem}"), d)),
            Err(e) => sink.fail(format!("{}: {e}", spec.display())),
        }
        // The analysis report a Chỉ số decision is sent with, beside it.
        match loaded.compose_analysis(base, registry, &stem, &indexes) {
            Some(Ok((s, d))) => docs.push((format!("quyet-dinh/{s}"), d)),
            Some(Err(e)) => sink.fail(format!("{} (báo cáo phân tích): {e}", spec.display())),
            None => {}
        }
    }
    docs
}

/// The Sở's notes no section of the outline prints: said, since they were written to be
/// read.
pub(crate) fn warn_unused_notes(keys: &[String]) {
    for k in keys {
        eprintln!(
            "vanban: cảnh báo: ghi chú \"{k}\" của Sở không thuộc mục nào của đề cương báo cáo, không được đưa vào báo cáo"
        );
    }
}

fn render_one(writers: &Writers, stem: &str, doc: &Document, sink: &Sink) -> Result<(), AppError> {
    for (ext, bytes) in writers.render(doc) {
        match bytes {
            Ok(b) => sink.write(&format!("{stem}.{ext}"), &b)?,
            Err(e) => sink.fail(format!("{stem}.{ext}: {e}")),
        }
    }
    Ok(())
}

fn manifest(
    opts: &RunOptions,
    sink: &Sink,
    summary: &Summary,
    checked: &[Checked],
    inputs: Vec<InputRead>,
    skipped: Vec<Skipped>,
    mut clock: Clock,
) -> Result<Manifest, AppError> {
    let mut findings: BTreeMap<String, usize> = BTreeMap::new();
    for d in checked.iter().flat_map(|c| &c.diagnostics) {
        *findings.entry(d.code.as_str().to_string()).or_default() += 1;
    }
    let mut files = sink.files.lock().expect("lock").clone();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let documents = files
        .iter()
        .filter(|f| f.path.ends_with(".docx") || f.path.ends_with(".pdf"))
        .count();
    clock.lap("ghi-manifest");
    let manifest = Manifest {
        period: opts.period.id(),
        as_of: opts.settings.as_of.format("%Y-%m-%d").to_string(),
        files,
        inputs,
        skipped,
        findings,
        agencies: AgencyCounts::of(summary),
        documents,
        // Sorted: the documents are rendered in parallel, in no fixed order.
        failures: {
            let mut f = sink.failures.lock().expect("lock").clone();
            f.sort();
            f
        },
        timings_ms: clock.timings,
    };
    let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    sink.write("manifest.json", &json)?;
    Ok(manifest)
}
