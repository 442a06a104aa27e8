//! The library's front door: the reference data loaded once, and the pipeline's stages
//! as methods — check submissions, summarise them, compose the period's documents.
//!
//! Tests, benchmarks, fuzz targets, the examples and the command layer all go through
//! this facade, so none of them depends on the command line. Writing files, progress and
//! configuration are the app's business, not this module's.

use crate::aggregate::{Summary, summarise};
use crate::check::history::{History, PriorPeriod};
use crate::check::{Checked, Context, validate};
use crate::compose::config::ReportConfig;
use crate::doc::Document;
use crate::model::ListError;
use crate::model::catalogue::Catalogue;
use crate::model::corrections::Corrections;
use crate::model::indicators::Indicators;
use crate::model::notes::Notes;
use crate::model::outline::Outline;
use crate::model::period::{Calendar, Period};
use crate::model::registry::{Registry, RegistryError};
use crate::model::short_titles::ShortTitles;
use crate::read::catalogue::CatalogueError;
use crate::read::submission::{Limits, ReadOptions, Submission};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Where the reference data is.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The plan's task catalogue (Danh mục nhiệm vụ), a workbook.
    pub catalogue: PathBuf,
    /// The agencies (`co-quan.toml`).
    pub registry: PathBuf,
    /// The figures, their checks and the plan's targets (`chi-tieu.toml`).
    pub indicators: PathBuf,
    /// The reporting calendar (`ky-bao-cao.toml`).
    pub calendar: PathBuf,
    /// The corrections table (`hieu-dinh.toml`); optional: without the file nothing is
    /// corrected.
    pub corrections: PathBuf,
    /// The short titles of the plan's tasks, written by a person for running text;
    /// `None`: the table beside the annex (`danh-muc-2019-ten-ngan.toml`), if there is
    /// one. Without a table a task is named by its annex's short-title column, else its
    /// full title.
    pub short_titles: Option<PathBuf>,
    /// The folder of the report outlines (`de-cuong/`); a kind without a file there
    /// uses the shipped outline.
    pub outlines: PathBuf,
    /// The folder of the Sở's notes per period (`ghi-chu/q1-2019.toml`); optional.
    pub notes: PathBuf,
}

impl Default for Paths {
    /// The shipped inputs, relative to the working folder.
    fn default() -> Self {
        Paths {
            catalogue: PathBuf::from("inputs/danh-muc-2019.xlsx"),
            registry: PathBuf::from("inputs/co-quan.toml"),
            indicators: PathBuf::from("inputs/chi-tieu.toml"),
            calendar: PathBuf::from("inputs/ky-bao-cao.toml"),
            corrections: PathBuf::from("inputs/hieu-dinh.toml"),
            short_titles: None,
            outlines: PathBuf::from("inputs/de-cuong"),
            notes: PathBuf::from("inputs/ghi-chu"),
        }
    }
}

impl Paths {
    /// The default paths under another folder (tests, benchmarks, fuzzing run from
    /// elsewhere than the project's root).
    pub fn under(root: &Path) -> Paths {
        let d = Paths::default();
        Paths {
            catalogue: root.join(d.catalogue),
            registry: root.join(d.registry),
            indicators: root.join(d.indicators),
            calendar: root.join(d.calendar),
            corrections: root.join(d.corrections),
            short_titles: None,
            outlines: root.join(d.outlines),
            notes: root.join(d.notes),
        }
    }
}

/// Why the reference data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error("danh mục nhiệm vụ: {0}")]
    Catalogue(#[from] CatalogueError),
    /// The catalogue was read but has errors: documents built on it would be wrong.
    #[error("danh mục nhiệm vụ {file} có lỗi: {errors}")]
    CatalogueErrors { file: String, errors: String },
    #[error(transparent)]
    List(#[from] ListError),
}

/// The reference data every stage works against.
pub struct Workspace {
    /// The plan's annex as written: submissions are checked and forms are made from it.
    pub catalogue: Catalogue,
    /// The same annex with the corrections table applied: what documents print.
    pub printed: Catalogue,
    pub registry: Registry,
    pub indicators: Indicators,
    pub calendar: Calendar,
    /// Limits applied to every submission read.
    pub limits: Limits,
    /// The same year's earlier reports a submission must not contradict
    /// (`period.inconsistent`); none unless [`Workspace::with_history`] sets them.
    pub history: Option<History>,
    /// The folder of the report outlines ([`Outline::load`]).
    pub outlines: PathBuf,
    /// The folder of the Sở's notes per period ([`Notes::load`]).
    pub notes: PathBuf,
}

impl Workspace {
    /// Loads the registry, the catalogue (its year from its title, else `year`), the
    /// indicators and the calendar. A catalogue with errors is refused.
    pub fn load(paths: &Paths, year: Option<i32>) -> Result<Workspace, LoadError> {
        Self::load_with(paths, Registry::load(&paths.registry)?, year)
    }

    /// [`Workspace::load`] with the agencies already read from `paths.registry` (the
    /// batch run reads them first: its decisions need only them, and are composed while
    /// the rest is read).
    pub fn load_with(
        paths: &Paths,
        registry: Registry,
        year: Option<i32>,
    ) -> Result<Workspace, LoadError> {
        let mut catalogue = Catalogue::read(&paths.catalogue, &registry, year)?;
        let mut printed = catalogue.clone();
        if paths.corrections.exists() {
            let notes = Corrections::load(&paths.corrections)?.correct(&mut printed);
            catalogue.diagnostics.extend(notes);
        }
        let short_titles = paths
            .short_titles
            .clone()
            .unwrap_or_else(|| crate::model::short_titles::beside(&paths.catalogue));
        if short_titles.exists() {
            let notes = ShortTitles::load(&short_titles)?.apply(&mut printed);
            catalogue.diagnostics.extend(notes);
        }
        if catalogue.has_errors() {
            let errors: Vec<String> = catalogue
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string())
                .collect();
            return Err(LoadError::CatalogueErrors {
                file: paths.catalogue.display().to_string(),
                errors: errors.join("; "),
            });
        }
        Ok(Workspace {
            catalogue,
            printed,
            registry,
            indicators: Indicators::load(&paths.indicators)?,
            calendar: Calendar::load(&paths.calendar)?,
            limits: Limits::default(),
            history: None,
            outlines: paths.outlines.clone(),
            notes: paths.notes.clone(),
        })
    }

    /// The same workspace checking against the earlier reports of `period`'s year found
    /// under `root` (`<root>/q1-2019/`, …): those folders are read and checked once here.
    pub fn with_history(mut self, root: &Path, period: Period, as_of: NaiveDate) -> Workspace {
        let start = |p: Period| self.calendar.data_window(p).map(|(from, _)| from);
        let mut history = History::default();
        for earlier in period.earlier_in_year() {
            let dir = root.join(earlier.id());
            let Ok((files, _)) = crate::read::files::collect_inputs(&[dir]) else {
                continue;
            };
            if files.is_empty() {
                continue;
            }
            let checked: Vec<Checked> = self
                .check_files(&files, Some(earlier), as_of, None)
                .into_iter()
                .map(|(_, c)| c)
                .collect();
            let same_start = start(earlier).is_some() && start(earlier) == start(period);
            history
                .periods
                .push(PriorPeriod::from_checked(earlier, same_start, &checked));
        }
        self.history = (!history.periods.is_empty()).then_some(history);
        self
    }

    /// The same workspace with other limits on submissions.
    pub fn with_limits(mut self, limits: Limits) -> Workspace {
        self.limits = limits;
        self
    }

    /// What a submission is checked against.
    pub fn context(&self, period: Option<Period>, as_of: NaiveDate) -> Context<'_> {
        Context {
            catalogue: &self.catalogue,
            registry: &self.registry,
            indicators: &self.indicators,
            period,
            as_of,
            history: self.history.as_ref(),
        }
    }

    fn read_options(&self, period: Option<Period>, agency: Option<&str>) -> ReadOptions {
        ReadOptions {
            agency: agency.map(str::to_string),
            period,
            limits: self.limits,
        }
    }

    /// Reads and checks one file (read from disk once).
    pub fn check_file(
        &self,
        file: &Path,
        period: Option<Period>,
        as_of: NaiveDate,
        agency: Option<&str>,
    ) -> (Submission, Checked) {
        let sub = Submission::read(file, &self.registry, &self.read_options(period, agency));
        let checked = validate(&sub, &self.context(period, as_of));
        (sub, checked)
    }

    /// Reads and checks a submission given as bytes; `name` names it in findings.
    pub fn check_bytes(
        &self,
        name: &str,
        bytes: Vec<u8>,
        period: Option<Period>,
        as_of: NaiveDate,
        agency: Option<&str>,
    ) -> (Submission, Checked) {
        let opts = self.read_options(period, agency);
        let sub = Submission::from_bytes(name, bytes, &self.registry, &opts);
        let checked = validate(&sub, &self.context(period, as_of));
        (sub, checked)
    }

    /// Reads and checks files in parallel; results in input order.
    pub fn check_files(
        &self,
        files: &[PathBuf],
        period: Option<Period>,
        as_of: NaiveDate,
        agency: Option<&str>,
    ) -> Vec<(Submission, Checked)> {
        use rayon::prelude::*;
        let mut results: Vec<(Submission, Checked)> = files
            .par_iter()
            .map(|f| self.check_file(f, period, as_of, agency))
            .collect();
        // Checks across the period's files: the same document cited for two tasks.
        let mut checked: Vec<&mut Checked> = results.iter_mut().map(|(_, c)| c).collect();
        crate::check::across_files(&mut checked, &self.registry);
        results
    }

    /// Aggregates the checked submissions of a period.
    pub fn summarise(&self, period: Period, as_of: NaiveDate, checked: &[Checked]) -> Summary {
        summarise(
            &self.catalogue,
            &self.registry,
            &self.indicators,
            &self.calendar,
            period,
            as_of,
            checked,
        )
    }

    /// The UBND's periodic report in the outline of its period's kind, with the Sở's
    /// notes for the period; also what it had to leave out and the notes it did not use.
    pub fn report(
        &self,
        summary: &Summary,
        checked: &[Checked],
        config: &ReportConfig,
        number: Option<u32>,
    ) -> Result<crate::compose::report::Composed, ListError> {
        let outline = Outline::load(&self.outlines, summary.period.kind)?;
        let notes = Notes::load(&self.notes, summary.period)?;
        Ok(crate::compose::report::report_document(
            summary,
            &crate::compose::report::ReportInputs {
                cat: &self.printed,
                registry: &self.registry,
                indicators: &self.indicators,
                outline: &outline,
                notes: &notes,
                config,
            },
            checked,
            number,
        ))
    }

    /// The Sở Nội vụ's Tờ trình presenting the report for signature; `gaps` are the
    /// parts the report had to leave out ([`crate::compose::report::Composed::gaps`]).
    pub fn to_trinh(
        &self,
        summary: &Summary,
        checked: &[Checked],
        config: &ReportConfig,
        gaps: &[String],
    ) -> Document {
        let (_, proposals) = crate::compose::report::difficulties_and_proposals(summary, checked);
        crate::compose::to_trinh::to_trinh_document(
            summary,
            checked,
            &self.catalogue,
            &self.registry,
            &self.calendar,
            config,
            &proposals,
            gaps,
        )
    }

    /// The period's documents of the kinds asked for, in the order of
    /// [`crate::compose::period::DOCUMENTS`], each with the path it is written to; also
    /// the Sở's notes the report did not use.
    pub fn period_documents(
        &self,
        summary: &Summary,
        checked: &[Checked],
        config: &ReportConfig,
        number: Option<u32>,
        kinds: &[crate::compose::period::Kind],
    ) -> Result<(Vec<crate::compose::period::PeriodDocument>, Vec<String>), ListError> {
        use crate::compose::period::{DOCUMENTS, Kind, PeriodDocument};
        let period = summary.period;
        let wanted = |k: Kind| kinds.contains(&k);
        let mut out = Vec::new();
        let mut unused = Vec::new();
        // The Tờ trình says what the report had to leave out: the report is composed
        // whenever either is asked for.
        let mut gaps = Vec::new();
        for e in DOCUMENTS.iter().filter(|e| wanted(e.kind)) {
            match e.kind {
                Kind::Report => {
                    let c = self.report(summary, checked, config, number)?;
                    unused = c.unused_notes;
                    gaps = c.gaps;
                    out.push(PeriodDocument {
                        kind: Kind::Report,
                        stem: Kind::Report.stem(period, None),
                        path: Kind::Report.path(period, None),
                        document: c.document,
                        letter: None,
                    });
                }
                Kind::ToTrinh => {
                    if !wanted(Kind::Report) {
                        let c = self.report(summary, checked, config, number)?;
                        gaps = c.gaps;
                    }
                    out.push(PeriodDocument {
                        kind: Kind::ToTrinh,
                        stem: Kind::ToTrinh.stem(period, None),
                        path: Kind::ToTrinh.path(period, None),
                        document: self.to_trinh(summary, checked, config, &gaps),
                        letter: None,
                    });
                }
                Kind::Letter => out.extend(
                    self.reminders(summary, checked, config)
                        .into_iter()
                        .map(|l| PeriodDocument::of_letter(period, l)),
                ),
            }
        }
        Ok((out, unused))
    }

    /// The Sở's letters of the period: one to all agencies that have not reported, one
    /// per agency whose report needs corrections, late notes where the plan asks.
    pub fn reminders(
        &self,
        summary: &Summary,
        checked: &[Checked],
        config: &ReportConfig,
    ) -> Vec<crate::compose::reminder::Letter> {
        crate::compose::reminder::letters(&crate::compose::reminder::LetterCtx {
            s: summary,
            checked,
            cat: &self.printed,
            calendar: &self.calendar,
            config,
        })
    }

    /// The status workbook of the period.
    pub fn status_workbook(
        &self,
        summary: &Summary,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        crate::xlsx::status::status_workbook(summary, &self.printed, &self.indicators)
    }

    /// The feedback copy of a checked submission.
    pub fn feedback(
        &self,
        sub: &Submission,
        checked: &Checked,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        crate::xlsx::feedback::feedback_for(sub, checked, &self.registry)
    }
}

/// What a period's folder gives once checked: every file's findings (with the day it
/// arrived, from the register of incoming documents, and the Sở's review applied), the
/// files skipped, and what could not be used of the register or the review.
pub struct PeriodChecks {
    pub checked: Vec<Checked>,
    pub skipped: Vec<crate::read::files::Skipped>,
    pub review: crate::model::review::Review,
    /// Said to the user by the caller (the register's or the review's problems).
    pub warnings: Vec<String>,
}

/// Called for each file while its grids are still held (to write its feedback copy):
/// its index in the files given, the submission as read, and its findings.
pub type EachFile<'a> = &'a (dyn Fn(usize, &Submission, &Checked) + Sync);

impl Workspace {
    /// A period's submissions folder checked and reviewed — the one way every command
    /// that compiles a period starts: collect, then [`Workspace::check_collected`].
    /// `reviewed = false` leaves the findings as checked (what the review file lists).
    pub fn check_period(
        &self,
        folder: &Path,
        period: Period,
        as_of: NaiveDate,
        reviewed: bool,
    ) -> Result<PeriodChecks, crate::read::files::FilesError> {
        let (files, skipped) = if folder.is_dir() {
            crate::read::files::collect_inputs(&[folder.to_path_buf()])?
        } else {
            (Vec::new(), Vec::new())
        };
        let mut pc = self.check_collected(folder, &files, period, as_of, reviewed, None);
        pc.skipped = skipped;
        Ok(pc)
    }

    /// The files of a period's folder checked (in parallel, large ones one at a time),
    /// the checks across files, the register's dates and the Sở's review applied; with
    /// `each`, every file's feedback copy is written in between, its settled findings
    /// marked (`run`).
    pub fn check_collected(
        &self,
        folder: &Path,
        files: &[PathBuf],
        period: Period,
        as_of: NaiveDate,
        reviewed: bool,
        each: Option<EachFile>,
    ) -> PeriodChecks {
        let register = crate::read::receipts::Register::find(folder, &self.registry);
        let mut warnings = register.warnings.clone();
        let review = match reviewed {
            true => crate::read::review::load_review(folder, &mut warnings),
            false => Default::default(),
        };
        let mut checked = self.check_files_each(files, Some(period), as_of, None, &review, each);
        for c in &mut checked {
            if let Some(r) = register.receipt_of(&c.file, c.agency.as_deref()) {
                c.received = Some(r.clone());
            }
        }
        PeriodChecks {
            checked,
            skipped: Vec::new(),
            review,
            warnings,
        }
    }

    /// Files checked in parallel (in file order in the result), then the checks across
    /// files and `review`. Without `each`, every file's grids are freed as soon as it is
    /// checked. With `each`, it is called while the grids are still held: the checks
    /// across files need every file checked first, so the grids of the ordinary files —
    /// about 20 KB of form each — are held until then; a large file gets its call as soon
    /// as it is checked, so that at most one large file's grids are in memory (its copy
    /// then lacks the findings across files; the check's output has them).
    pub fn check_files_each(
        &self,
        files: &[PathBuf],
        period: Option<Period>,
        as_of: NaiveDate,
        agency: Option<&str>,
        review: &crate::model::review::Review,
        each: Option<EachFile>,
    ) -> Vec<Checked> {
        use rayon::prelude::*;
        let gate = Gate::new(LARGE_AT_ONCE);
        let mut read: Vec<(Option<Submission>, Checked)> = files
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let large = is_large(f);
                let _permit = large.then(|| gate.enter());
                let (mut sub, checked) = self.check_file(f, period, as_of, agency);
                // The rows read are in `checked` now; only the grids may still be needed.
                sub.rows = Vec::new();
                match each {
                    Some(_) if !large => return (Some(sub), checked),
                    Some(each_large) => each_large(i, &sub, &checked),
                    None => {}
                }
                (None, checked)
            })
            .collect();
        let mut all: Vec<&mut Checked> = read.iter_mut().map(|(_, c)| c).collect();
        crate::check::across_files(&mut all, &self.registry);
        // The Sở's decisions, before the copies are written: a settled finding is marked
        // so in the agency's copy.
        for (_, c) in &mut read {
            crate::check::review::apply(review, std::slice::from_mut(c));
        }
        read.into_par_iter()
            .enumerate()
            .map(|(i, (sub, checked))| {
                if let (Some(each), Some(sub)) = (each, sub) {
                    each(i, &sub, &checked);
                }
                checked
            })
            .collect()
    }
}

/// True when a file counts as large (see [`LARGE_FILE_BYTES`]).
pub(crate) fn is_large(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > LARGE_FILE_BYTES)
}

/// A file larger than this (on disk) counts as large: at most [`LARGE_AT_ONCE`] of
/// them are read at a time, whatever the number of threads. The form filled in by an
/// agency is about 20 KB; a file of several megabytes holds hundreds of thousands of
/// cells, and its grids and findings take a few hundred megabytes while it is read.
pub(crate) const LARGE_FILE_BYTES: u64 = 1024 * 1024;
/// Large files read at the same time.
pub(crate) const LARGE_AT_ONCE: usize = 1;

/// A counting semaphore: at most `n` holders at once. (The work inside never waits on
/// other rayon tasks, so a thread blocked here cannot deadlock the pool.)
pub(crate) struct Gate {
    free: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

pub(crate) struct Permit<'a>(&'a Gate);

impl Gate {
    pub(crate) fn new(n: usize) -> Gate {
        Gate {
            free: std::sync::Mutex::new(n.max(1)),
            freed: std::sync::Condvar::new(),
        }
    }

    pub(crate) fn enter(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Permit(self)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_gate_lets_one_large_file_in_at_a_time() {
        let gate = Gate::new(LARGE_AT_ONCE);
        let inside = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| {
                (0..32).into_par_iter().for_each(|_| {
                    let _permit = gate.enter();
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(2));
                    inside.fetch_sub(1, Ordering::SeqCst);
                });
            });
        assert_eq!(most.load(Ordering::SeqCst), LARGE_AT_ONCE);
        assert_eq!(*gate.free.lock().unwrap(), LARGE_AT_ONCE);
    }
}
