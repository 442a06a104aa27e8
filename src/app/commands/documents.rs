//! `vanban decision` (a Quyết định draft from its TOML spec) and `vanban render` (any
//! document straight from the document model, TOML or JSON).

use super::super::args::{Command, DocArgs};
use super::super::config::{Overrides, Settings};
use super::super::{AppError, Outcome, print_written, write_file};
use crate::doc::{Document, Writers};
use crate::model::registry::Registry;
use crate::read::spec::DecisionSpec;
use crate::workspace::LoadError;
use std::path::{Path, PathBuf};

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    match command {
        Command::Decision {
            spec,
            registry,
            doc,
        } => {
            let data = super::super::args::DataArgs {
                registry: registry.clone(),
                ..Default::default()
            };
            let s = settings(config, Some(&data), doc)?;
            let registry = Registry::load(&s.paths.registry).map_err(LoadError::from)?;
            let base = spec.parent().unwrap_or(Path::new("."));
            let loaded = DecisionSpec::load(spec)?;
            let indexes = crate::compose::decision::Indexes::default();
            let document = loaded.compose_with(base, &registry, &indexes)?;
            let dir = doc
                .output
                .clone()
                .unwrap_or_else(|| s.output.join("quyet-dinh"));
            let decision_stem = stem(spec, "quyet-dinh");
            // The analysis report a Chỉ số decision is sent with.
            let analysis = loaded
                .compose_analysis(base, &registry, &decision_stem, &indexes)
                .transpose()?;
            let outcome = write(&document, &decision_stem, &dir, &s)?;
            if let Some((stem, report)) = analysis {
                write(&report, &stem, &dir, &s)?;
            }
            Ok(outcome)
        }
        Command::Render { file, doc } => {
            let s = settings(config, None, doc)?;
            let document = load_document(file)?;
            let dir = doc
                .output
                .clone()
                .unwrap_or_else(|| s.output.join("van-ban"));
            write(&document, &stem(file, "van-ban"), &dir, &s)
        }
        _ => unreachable!("dispatched by command"),
    }
}

fn settings(
    config: Option<&Path>,
    data: Option<&super::super::args::DataArgs>,
    doc: &DocArgs,
) -> Result<Settings, AppError> {
    Ok(Settings::resolve(
        config,
        &Overrides {
            data,
            formats: doc.format,
            font_dir: doc.font_dir.clone(),
            ..Overrides::default()
        },
    )?)
}

fn stem(path: &Path, default: &str) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| default.into())
}

/// A document model file: JSON by its extension, TOML otherwise.
fn load_document(file: &Path) -> Result<Document, AppError> {
    let text = std::fs::read_to_string(file).map_err(|source| {
        AppError::Files(crate::read::files::FilesError::Open {
            path: file.display().to_string(),
            source,
        })
    })?;
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if is_json {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        toml::from_str(&text).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| AppError::Input(format!("{}: {e}", file.display())))
}

/// Writes the document as `<dir>/<stem>.docx|pdf`.
fn write(document: &Document, stem: &str, dir: &Path, s: &Settings) -> Result<Outcome, AppError> {
    let writers = AppError::writers(s)?;
    let written = write_document(document, stem, dir, &writers, None)?;
    print_written(&written);
    Ok(Outcome::Clean)
}

/// Renders and writes one document in every format of `writers`.
pub(super) fn write_document(
    document: &Document,
    stem: &str,
    dir: &Path,
    writers: &Writers,
    syncer: Option<&crate::output::Syncer>,
) -> Result<Vec<PathBuf>, AppError> {
    write_rendered(writers.render(document), stem, dir, syncer)
}

/// Renders and writes several documents, each as `write_document` does, spread over the
/// cores as the batch run does (heaviest first, one per core), so a report with its
/// appendices does not leave the other core idle while the letters wait behind it. The
/// written paths come back in the order given; the first document (in that order) that
/// could not be rendered or written is the error.
pub(super) fn write_documents(
    items: &[(&Document, &str, PathBuf)],
    writers: &Writers,
) -> Result<Vec<Vec<PathBuf>>, AppError> {
    // Flushed to disk off the cores that render (see `write_atomic_deferred`).
    let syncer = crate::output::Syncer::new();
    let written: Result<Vec<_>, _> = crate::app::pipeline::heaviest_first(
        items,
        |(document, _, _)| document,
        |(document, stem, dir)| write_document(document, stem, dir, writers, Some(&syncer)),
    )
    .into_iter()
    .collect();
    syncer
        .finish()
        .map_err(|(path, e)| AppError::write(&path, e))?;
    written
}

/// Writes a rendered document as `<dir>/<stem>.<ext>`.
pub(super) fn write_rendered(
    rendered: Vec<(&'static str, Result<Vec<u8>, crate::doc::RenderError>)>,
    stem: &str,
    dir: &Path,
    syncer: Option<&crate::output::Syncer>,
) -> Result<Vec<PathBuf>, AppError> {
    let stem = crate::output::safe_file_stem(stem);
    let mut written = Vec::new();
    for (ext, bytes) in rendered {
        let bytes = bytes.map_err(|source| AppError::Document {
            what: format!("{stem}.{ext}"),
            source,
        })?;
        let path = dir.join(format!("{stem}.{ext}"));
        match syncer {
            Some(syncer) => crate::output::write_atomic_deferred(&path, &bytes, syncer)
                .map_err(|e| AppError::write(&path, e))?,
            None => write_file(&path, &bytes)?,
        }
        written.push(path);
    }
    Ok(written)
}
