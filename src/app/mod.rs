//! The command layer: arguments ([`args`]), vanban.toml merged with them in one place
//! ([`config`]), one module per command ([`commands`]), the `run` pipeline with its
//! progress, run-folder swap and manifest. Nothing in the library imports this room;
//! `main.rs` calls [`dispatch`] and turns the result into an exit code.
//!
//! Exit codes, the same for the same failure in every command: 0 done; 1 an input
//! (a submission, the catalogue, a decision spec or document file) has errors or some
//! document could not be produced; 2 usage, configuration (vanban.toml, the registry,
//! the indicator list, the calendar) or the environment (a folder that cannot be read,
//! an output that cannot be written, an interrupted run).

pub mod args;
mod commands;
pub mod config;
pub mod manifest;
mod pipeline;
mod progress;
mod serve;
mod swap;

use crate::doc::RenderError;
use crate::read::files::FilesError;
use crate::read::spec::SpecError;
use crate::workspace::LoadError;
use std::path::{Path, PathBuf};

pub use config::{ConfigError, Settings};

/// How a command ended when it could run.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done, no error in the input.
    Clean,
    /// Done, but the input has errors or some document could not be produced (exit 1).
    InputErrors,
}

/// Why a command stopped. Each variant keeps its source; [`AppError::exit_code`] is the
/// one place failures become exit codes.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A usage error the argument parser cannot see ("cần --period").
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Files(#[from] FilesError),
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// An input file (document model) that cannot be used.
    #[error("{0}")]
    Input(String),
    #[error("không ghi được {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{what}: {source}")]
    Document {
        what: String,
        #[source]
        source: RenderError,
    },
    #[error("không tạo được {what}: {source}")]
    Workbook {
        what: String,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    /// The extra fonts folder cannot be read.
    #[error(transparent)]
    Fonts(crate::doc::pdf::PdfError),
    #[error("bị dừng (Ctrl-C): thư mục kết quả cũ được giữ nguyên")]
    Interrupted,
    #[error(transparent)]
    Issue(#[from] crate::issue::IssueError),
}

impl AppError {
    /// 1 for inputs with errors and documents not produced, 2 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Spec(SpecError::Io { .. }) => 2,
            AppError::Load(LoadError::Catalogue(_) | LoadError::CatalogueErrors { .. })
            | AppError::Spec(_)
            | AppError::Input(_)
            | AppError::Issue(_)
            | AppError::Document { .. } => 1,
            AppError::Usage(_)
            | AppError::Config(_)
            | AppError::Load(_)
            | AppError::Files(_)
            | AppError::Write { .. }
            | AppError::Workbook { .. }
            | AppError::Fonts(_)
            | AppError::Interrupted => 2,
        }
    }

    /// The writers of a batch as the settings ask, or the font folder that stopped them.
    pub(crate) fn writers(s: &Settings) -> Result<crate::doc::Writers, AppError> {
        Ok(crate::doc::Writers::new(s.formats, s.font_dir.as_deref())
            .map_err(AppError::Fonts)?
            .pdfa(s.pdfa)
            .draft_mark(s.issuing.draft_mark.clone()))
    }

    pub(crate) fn write(path: &Path, source: std::io::Error) -> AppError {
        AppError::Write {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Runs a parsed command line.
pub fn dispatch(cli: args::Cli) -> Result<Outcome, AppError> {
    commands::dispatch(cli)
}

/// Writes `bytes` atomically to `path`.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    crate::output::write_atomic(path, bytes).map_err(|e| AppError::write(path, e))
}

/// Prints to stdout, or writes to `output` when given. A closed pipe (`| head`) is not
/// an error.
pub(crate) fn emit(text: &str, output: Option<&Path>) -> Result<(), AppError> {
    match output {
        Some(path) => write_file(path, text.as_bytes()),
        None => {
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// Pretty JSON with a final line break, streamed to stdout or (atomically) to `output`:
/// a check with hundreds of thousands of findings is never held as one string.
pub(crate) fn emit_json<T: serde::Serialize>(
    value: &T,
    output: Option<&Path>,
) -> Result<(), AppError> {
    use std::io::Write;
    let stream = |w: &mut dyn Write| -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
        w.write_all(b"\n")?;
        w.flush()
    };
    match output {
        Some(path) => {
            crate::output::write_atomic_with(path, stream).map_err(|e| AppError::write(path, e))
        }
        None => {
            let out = std::io::stdout();
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, out.lock());
            // A closed pipe (`| head`) is not an error.
            let _ = stream(&mut w);
            Ok(())
        }
    }
}

/// Pretty JSON with a final line break.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Prints "đã ghi <path>" for each file written.
pub(crate) fn print_written(paths: &[PathBuf]) {
    for p in paths {
        println!("đã ghi {}", p.display());
    }
}
