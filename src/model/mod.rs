//! The domain's data: what the rest of vanban reads into, checks, aggregates and words.
//! Nothing here reads files other than the small TOML reference lists, and nothing here
//! imports a room above it.

pub mod catalogue;
pub mod corrections;
pub mod deadline;
pub mod finding;
pub mod indicators;
pub mod notes;
pub mod outline;
pub mod period;
pub mod receipt;
pub mod registry;
pub mod review;
pub mod scores;
pub mod short_titles;
pub mod status;

/// A reference list (indicators, reporting calendar) that cannot be used. Messages are
/// Vietnamese and name the file; the I/O error is kept as the source.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error("không đọc được {what} {path}: {source}")]
    Io {
        what: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{what} {path}: {message}")]
    Invalid {
        what: &'static str,
        path: String,
        message: String,
    },
}

impl ListError {
    /// Reads a list file, or says which list could not be read.
    pub(crate) fn read(what: &'static str, path: &std::path::Path) -> Result<String, ListError> {
        std::fs::read_to_string(path).map_err(|source| ListError::Io {
            what,
            path: path.display().to_string(),
            source,
        })
    }

    pub(crate) fn invalid(what: &'static str, path: &std::path::Path, message: String) -> Self {
        ListError::Invalid {
            what,
            path: path.display().to_string(),
            message,
        }
    }
}
