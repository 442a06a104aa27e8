//! `vanban run`: one command over a whole period — check every submission, write the
//! feedback copies and the status workbook, the UBND report, one reminder per agency
//! that needs one, the configured decision drafts, and a manifest.
//!
//! The new output is built in a hidden sibling folder and swapped in with a rename at the
//! end, so an interrupted run (Ctrl-C, SIGTERM, a crash) leaves the previous
//! `output/<period>/` untouched; on a signal the partial folder is removed. Work is
//! spread over the cores with rayon; one PDF writer (fonts and template parsed once) is
//! shared by every document.

use crate::cli::{DataPaths, DocFormats, Failure, Reference, check_files, collect_inputs};
use crate::doc::Document;
use crate::doc::pdf::PdfWriter;
use crate::period::Period;
use crate::report::ReportConfig;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// `vanban.toml`, field by field (see README).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The period to run: "q1-2019".
    pub period: Option<String>,
    /// The as-of date ("2019-03-04"); today when absent.
    pub as_of: Option<NaiveDate>,
    /// Output root; the run writes `<output>/<period>/`.
    pub output: Option<PathBuf>,
    #[serde(default)]
    pub inputs: InputsConfig,
    #[serde(default)]
    pub options: OptionsConfig,
    /// Issuers, signers and recipients of the documents.
    pub documents: Option<ReportConfig>,
    /// Limits on submissions.
    #[serde(default)]
    pub limits: LimitsConfig,
}

/// `[limits]` of vanban.toml; absent values keep the defaults (20 MB, 200 MB, 2,000,000).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    pub max_file_mb: Option<u64>,
    pub max_unzipped_mb: Option<u64>,
    pub max_cells: Option<u64>,
}

impl LimitsConfig {
    pub fn to_limits(&self) -> crate::submission::Limits {
        let d = crate::submission::Limits::default();
        crate::submission::Limits {
            max_file_bytes: self
                .max_file_mb
                .map_or(d.max_file_bytes, |m| m.saturating_mul(1024 * 1024)),
            max_unzipped_bytes: self
                .max_unzipped_mb
                .map_or(d.max_unzipped_bytes, |m| m.saturating_mul(1024 * 1024)),
            max_cells: self.max_cells.unwrap_or(d.max_cells),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct InputsConfig {
    pub catalogue: Option<PathBuf>,
    pub registry: Option<PathBuf>,
    pub indicators: Option<PathBuf>,
    pub calendar: Option<PathBuf>,
    /// Folder of submissions; the period's subfolder (`q1-2019/`) is read.
    pub submissions: Option<PathBuf>,
    /// Decision specs drafted on every run.
    #[serde(default)]
    pub decisions: Vec<PathBuf>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OptionsConfig {
    /// "docx", "pdf".
    pub formats: Option<Vec<String>>,
    /// Extra fonts for the PDF writer.
    pub font_dir: Option<PathBuf>,
    /// The report's number, once the văn thư has given one.
    pub report_number: Option<u32>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, Failure> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Run(format!("không đọc được {}: {e}", path.display())))?;
        toml::from_str(&text)
            .map_err(|e| Failure::Run(format!("{} sai cấu hình: {e}", path.display())))
    }
}

/// Options of one run, after config and command line are merged.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub data: DataPaths,
    pub submissions: PathBuf,
    pub decisions: Vec<PathBuf>,
    pub period: Period,
    pub as_of: NaiveDate,
    pub output_root: PathBuf,
    pub formats: DocFormats,
    pub font_dir: Option<PathBuf>,
    pub report_number: Option<u32>,
    pub documents: ReportConfig,
    pub limits: crate::submission::Limits,
    /// Show progress bars.
    pub progress: bool,
}

/// One file written.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Path relative to the period folder.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// One input read.
#[derive(Debug, Clone, Serialize)]
pub struct InputRead {
    pub path: String,
    pub sha256: String,
    pub agency: Option<String>,
    pub status: String,
}

/// The manifest written as `manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub period: String,
    pub as_of: String,
    pub files: Vec<Written>,
    pub inputs: Vec<InputRead>,
    pub skipped: Vec<crate::cli::Skipped>,
    pub findings: BTreeMap<String, usize>,
    pub agencies: AgencyCounts,
    pub documents: usize,
    pub failures: Vec<String>,
    /// Milliseconds per stage.
    pub timings_ms: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct AgencyCounts {
    pub expected: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub with_errors: usize,
}

fn sha256(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Set by SIGINT/SIGTERM: the run stops between work items and removes its partial
/// output.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn install_signal_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    });
}

fn check_interrupt() -> Result<(), Failure> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        Err(Failure::Run(
            "bị dừng (Ctrl-C): thư mục kết quả cũ được giữ nguyên".into(),
        ))
    } else {
        Ok(())
    }
}

/// Collects what a run writes, relative to the temporary period folder.
struct Sink {
    root: PathBuf,
    files: Mutex<Vec<Written>>,
}

impl Sink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
        check_interrupt()?;
        let path = self.root.join(rel);
        crate::output::write_atomic(&path, bytes)
            .map_err(|e| Failure::Run(format!("không ghi được {}: {e}", path.display())))?;
        self.files.lock().expect("sink lock").push(Written {
            path: rel.to_string(),
            sha256: sha256(bytes),
            bytes: bytes.len() as u64,
        });
        Ok(())
    }
}

fn bar(progress: bool, len: usize, msg: &str) -> indicatif::ProgressBar {
    if !progress {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len as u64);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{msg:28} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(msg.to_string());
    pb
}

/// Runs the whole pipeline; returns the manifest (also written to `manifest.json`).
pub fn run(opts: &RunOptions) -> Result<Manifest, Failure> {
    install_signal_handler();
    INTERRUPTED.store(false, Ordering::SeqCst);
    let period_dir = opts.output_root.join(opts.period.id());
    let tmp = opts
        .output_root
        .join(format!(".{}.tmp-{}", opts.period.id(), std::process::id()));
    std::fs::create_dir_all(&opts.output_root).map_err(|e| {
        Failure::Run(format!(
            "không tạo được {}: {e}",
            opts.output_root.display()
        ))
    })?;
    remove_stale(&opts.output_root, &opts.period.id());
    let result = build(opts, &tmp);
    match result {
        Ok(manifest) => {
            swap_in(&tmp, &period_dir)?;
            Ok(manifest)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// Removes hidden folders left by runs that were killed without a chance to clean up —
/// only those whose process is gone, so two runs never destroy each other's work. A
/// previous output left hidden by a crash between the two renames is put back.
fn remove_stale(root: &Path, id: &str) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let alive = |pid: &str| {
        pid.parse::<u32>()
            .is_ok_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists())
    };
    let dest = root.join(id);
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !e.path().is_dir() {
            continue;
        }
        if let Some(pid) = name.strip_prefix(&format!(".{id}.tmp-")) {
            if !alive(pid) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        } else if let Some(pid) = name.strip_prefix(&format!(".{id}.old-"))
            && !alive(pid)
        {
            if dest.exists() {
                let _ = std::fs::remove_dir_all(e.path());
            } else {
                let _ = std::fs::rename(e.path(), &dest);
            }
        }
    }
}

/// Replaces the period folder by the new one: old → hidden, new → visible, old removed.
fn swap_in(tmp: &Path, dest: &Path) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::Run(format!("không thay được {}: {e}", dest.display()));
    let old = dest.with_file_name(format!(
        ".{}.old-{}",
        dest.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    if dest.exists() {
        std::fs::rename(dest, &old).map_err(fail)?;
    }
    if let Err(e) = std::fs::rename(tmp, dest) {
        // Put the previous output back.
        let _ = std::fs::rename(&old, dest);
        return Err(fail(e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn build(opts: &RunOptions, tmp: &Path) -> Result<Manifest, Failure> {
    let _ = std::fs::remove_dir_all(tmp);
    std::fs::create_dir_all(tmp)
        .map_err(|e| Failure::Run(format!("không tạo được {}: {e}", tmp.display())))?;
    let sink = Sink {
        root: tmp.to_path_buf(),
        files: Mutex::new(Vec::new()),
    };
    let mut timings = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &str, timings: &mut BTreeMap<String, u64>| {
        timings.insert(name.to_string(), clock.elapsed().as_millis() as u64);
        clock = Instant::now();
    };

    // 1. Reference data and submissions.
    let mut reference = Reference::load(&opts.data, Some(opts.period.year))?;
    reference.limits = opts.limits;
    let dir = opts.submissions.join(opts.period.id());
    if !dir.is_dir() {
        return Err(Failure::Run(format!(
            "không có thư mục báo cáo {} (kỳ {}): kiểm tra mục inputs.submissions của vanban.toml",
            dir.display(),
            opts.period.label()
        )));
    }
    let (files, skipped) = collect_inputs(&[dir])?;
    lap("tai-du-lieu", &mut timings);
    let pb = bar(opts.progress, files.len(), "Kiểm tra báo cáo");
    let results: Vec<_> = files
        .par_iter()
        .map(|f| {
            let r = check_files(
                std::slice::from_ref(f),
                &reference,
                Some(opts.period),
                opts.as_of,
                None,
            );
            pb.inc(1);
            r.into_iter().next().expect("one result per file")
        })
        .collect();
    pb.finish_and_clear();
    check_interrupt()?;
    lap("kiem-tra", &mut timings);

    // 2. Feedback copies.
    let mut used = std::collections::HashSet::new();
    let names: Vec<String> = results
        .iter()
        .map(|(s, _)| crate::cli::feedback_name(&s.file, &mut used))
        .collect();
    let pb = bar(opts.progress, results.len(), "Bản sao kết quả kiểm tra");
    let feedback_failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    results.par_iter().zip(&names).try_for_each(
        |((sub, checked), name)| -> Result<(), Failure> {
            pb.inc(1);
            // One file that cannot be copied never stops the run.
            match crate::feedback::feedback_for(sub, checked, &reference.registry) {
                Ok(bytes) => sink.write(&format!("kiem-tra/{name}"), &bytes),
                Err(e) => {
                    feedback_failures
                        .lock()
                        .expect("lock")
                        .push(format!("kiem-tra/{name}: {e}"));
                    Ok(())
                }
            }
        },
    )?;
    pb.finish_and_clear();
    failures.extend(feedback_failures.into_inner().expect("lock"));
    lap("ban-sao-kiem-tra", &mut timings);

    // 3. Aggregation and the status workbook.
    let checked: Vec<crate::validate::Checked> = results.iter().map(|(_, c)| c.clone()).collect();
    let summary = crate::aggregate::summarise(
        &reference.catalogue,
        &reference.registry,
        &reference.indicators,
        &reference.calendar,
        opts.period,
        opts.as_of,
        &checked,
    );
    let wb = crate::report::status_workbook(&summary, &reference.catalogue, &reference.indicators)
        .map_err(|e| Failure::Run(format!("bảng tổng hợp: {e}")))?;
    sink.write(&format!("kiem-tra/tong-hop-{}.xlsx", opts.period.id()), &wb)?;
    lap("tong-hop", &mut timings);

    // 4. Documents: the report, the reminders, the decision drafts.
    let mut docs: Vec<(String, Document)> = Vec::new();
    docs.push((
        format!("bao-cao-cchc-{}", opts.period.id()),
        crate::report::report_document(
            &summary,
            &reference.catalogue,
            &reference.registry,
            &reference.indicators,
            &checked,
            &opts.documents,
            opts.report_number,
        ),
    ));
    for a in summary.agencies.iter().filter(|a| a.needs_reminder()) {
        let c = a.checked.map(|i| &checked[i]);
        docs.push((
            format!(
                "cong-van-don-doc/don-doc-{}-{}",
                crate::output::safe_file_stem(&a.code),
                opts.period.id()
            ),
            crate::report::reminder_document(
                &summary,
                a,
                c,
                &reference.catalogue,
                &reference.calendar,
                &opts.documents,
            ),
        ));
    }
    for spec in &opts.decisions {
        let stem = spec
            .file_stem()
            .map(|s| crate::output::safe_file_stem(&s.to_string_lossy()))
            .unwrap_or_else(|| "quyet-dinh".into());
        match crate::decision::DecisionSpec::load(spec)
            .and_then(|s| s.compose(spec.parent().unwrap_or(Path::new(".")), &reference.registry))
        {
            Ok(d) => docs.push((format!("quyet-dinh/{stem}"), d)),
            Err(e) => failures.push(format!("{}: {e}", spec.display())),
        }
    }
    lap("soan-van-ban", &mut timings);
    let writer = if opts.formats.pdf {
        Some(
            PdfWriter::with_font_dir(opts.font_dir.as_deref())
                .map_err(|e| Failure::Run(e.to_string()))?,
        )
    } else {
        None
    };
    let pb = bar(opts.progress, docs.len(), "Dựng văn bản DOCX, PDF");
    let doc_failures: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    docs.par_iter()
        .try_for_each(|(stem, doc)| -> Result<(), Failure> {
            check_interrupt()?;
            if opts.formats.docx {
                match crate::doc::docx::render(doc) {
                    Ok(b) => sink.write(&format!("{stem}.docx"), &b)?,
                    Err(e) => doc_failures
                        .lock()
                        .expect("lock")
                        .push(format!("{stem}.docx: {e}")),
                }
            }
            if let Some(w) = &writer {
                match w.render(doc, false) {
                    Ok(b) => sink.write(&format!("{stem}.pdf"), &b)?,
                    Err(e) => doc_failures
                        .lock()
                        .expect("lock")
                        .push(format!("{stem}.pdf: {e}")),
                }
            }
            pb.inc(1);
            Ok(())
        })?;
    pb.finish_and_clear();
    failures.extend(doc_failures.lock().expect("lock").drain(..));
    lap("dung-van-ban", &mut timings);

    // 5. The manifest.
    let mut findings: BTreeMap<String, usize> = BTreeMap::new();
    for c in &checked {
        for d in &c.diagnostics {
            *findings.entry(d.code.to_string()).or_default() += 1;
        }
    }
    let inputs: Vec<InputRead> = files
        .iter()
        .zip(&checked)
        .map(|(f, c)| InputRead {
            path: f.display().to_string(),
            sha256: std::fs::read(f).map(|b| sha256(&b)).unwrap_or_default(),
            agency: c.agency.clone(),
            status: format!("{:?}", c.status).to_lowercase(),
        })
        .collect();
    use crate::aggregate::Submitted;
    let agencies = AgencyCounts {
        expected: summary.agencies.len(),
        on_time: summary
            .agencies
            .iter()
            .filter(|a| a.submitted == Submitted::OnTime)
            .count(),
        late: summary
            .agencies
            .iter()
            .filter(|a| a.submitted == Submitted::Late)
            .count(),
        missing: summary
            .agencies
            .iter()
            .filter(|a| a.submitted == Submitted::Missing)
            .count(),
        with_errors: summary
            .agencies
            .iter()
            .filter(|a| {
                matches!(
                    a.status,
                    Some(
                        crate::validate::FileStatus::Errors
                            | crate::validate::FileStatus::Unreadable
                    )
                )
            })
            .count(),
    };
    let mut files_written = sink.files.lock().expect("lock").clone();
    files_written.sort_by(|a, b| a.path.cmp(&b.path));
    let documents = files_written
        .iter()
        .filter(|f| f.path.ends_with(".docx") || f.path.ends_with(".pdf"))
        .count();
    lap("ghi-manifest", &mut timings);
    let manifest = Manifest {
        period: opts.period.id(),
        as_of: opts.as_of.format("%Y-%m-%d").to_string(),
        files: files_written,
        inputs,
        skipped,
        findings,
        agencies,
        documents,
        failures,
        timings_ms: timings,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| Failure::Run(e.to_string()))?;
    sink.write("manifest.json", &json)?;
    Ok(manifest)
}

/// The summary printed at the end of a run.
pub fn summary_text(m: &Manifest, period: Period, dir: &Path, elapsed_ms: u128) -> String {
    let a = &m.agencies;
    let mut s = String::new();
    let as_of = NaiveDate::parse_from_str(&m.as_of, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| m.as_of.clone());
    s.push_str(&format!(
        "Kỳ báo cáo: {} (tính đến ngày {as_of})\n",
        period.label()
    ));
    s.push_str(&format!(
        "Cơ quan: {} phải báo cáo | đã nộp đúng hạn: {} | nộp muộn: {} | chưa nộp: {} | có lỗi: {}\n",
        a.expected, a.on_time, a.late, a.missing, a.with_errors
    ));
    s.push_str(&format!(
        "Báo cáo đã kiểm tra: {} tệp (bỏ qua {}); văn bản đã ghi: {} (DOCX, PDF) vào {}\n",
        m.inputs.len(),
        m.skipped.len(),
        m.documents,
        dir.display()
    ));
    for f in &m.failures {
        s.push_str(&format!("Không tạo được: {f}\n"));
    }
    s.push_str(&format!(
        "Thời gian: {:.2} giây\n",
        elapsed_ms as f64 / 1000.0
    ));
    s
}
