//! vanban.toml, read once by one reader and merged with the command line in one place.
//!
//! Every command honours the whole file: `[inputs]` (the reference data and the
//! submissions folder), `[limits]`, `[options]`, `[documents]`, and the period, as-of
//! date and output folder at the top. A flag on the command line wins over the file;
//! the file wins over the built-in defaults (the shipped `inputs/`). Without the file,
//! the defaults alone apply — except `[documents]`, which names the issuing bodies and
//! has no default (see [`crate::compose::config`]).

use super::args::{DataArgs, LimitArgs};
use crate::compose::config::ReportConfig;
use crate::doc::Formats;
use crate::model::period::Period;
use crate::read::submission::Limits;
use crate::workspace::Paths;
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The default configuration file, in the working folder.
pub const DEFAULT_CONFIG: &str = "vanban.toml";

/// Why the configuration cannot be used. Messages are Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("không đọc được {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} sai cấu hình: {message}")]
    Syntax { path: String, message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error(
        "thiếu mục [documents] (cơ quan ban hành, người ký, nơi nhận) trong {0}: xem vanban.toml mẫu trong README"
    )]
    NoDocuments(String),
    #[error("cần --period (hoặc period trong vanban.toml)")]
    NoPeriod,
}

/// `vanban.toml`, field by field (documented in the shipped file and the README).
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
    /// Issuing, signing and sending (`[issuing]`).
    #[serde(default)]
    pub issuing: IssuingConfig,
}

/// `[issuing]`: the văn thư's register and how numbers are given.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct IssuingConfig {
    /// The register of outgoing documents (sổ văn bản đi), .csv or .xlsx.
    pub register: Option<PathBuf>,
    /// Where issued documents are written (`<folder>/<year>/45-BC-UBND.pdf`).
    pub output: Option<PathBuf>,
    /// Numbers run per kind of document ("theo-loai") rather than one series for all
    /// of an issuer's documents ("chung", the default).
    pub numbering: Option<String>,
    /// The mark a draft carries until it is issued ("DỰ THẢO"); none when absent.
    pub draft_mark: Option<String>,
    /// Identifiers (mã định danh) of organisations outside the registry, for edXML:
    /// name → id ("Bộ Nội vụ" = "000.00.00.G13").
    #[serde(default)]
    pub organ_ids: std::collections::BTreeMap<String, String>,
    /// The issuing body's own identifier.
    pub organ_id: Option<String>,
}

/// `[inputs]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct InputsConfig {
    pub catalogue: Option<PathBuf>,
    pub registry: Option<PathBuf>,
    pub indicators: Option<PathBuf>,
    pub calendar: Option<PathBuf>,
    /// Typos of the annex corrected in the documents (hieu-dinh.toml).
    pub corrections: Option<PathBuf>,
    /// Short titles of the plan's tasks (ten-ngan-2019.toml).
    pub short_titles: Option<PathBuf>,
    /// Folder of the report outlines (de-cuong/).
    pub outlines: Option<PathBuf>,
    /// Folder of the Sở's notes per period (ghi-chu/).
    pub notes: Option<PathBuf>,
    /// Folder of submissions; the period's subfolder (`q1-2019/`) is read.
    pub submissions: Option<PathBuf>,
    /// Decision specs drafted on every run.
    #[serde(default)]
    pub decisions: Vec<PathBuf>,
}

/// `[options]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OptionsConfig {
    /// "docx", "pdf".
    pub formats: Option<Vec<String>>,
    /// Extra fonts for the PDF writer.
    pub font_dir: Option<PathBuf>,
    /// The report's number, once the văn thư has given one.
    pub report_number: Option<u32>,
    /// Write PDFs as PDF/A-2b (default true).
    pub pdfa: Option<bool>,
}

/// `[limits]`; absent values keep the defaults (20 MB, 200 MB, 2,000,000).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    pub max_file_mb: Option<u64>,
    pub max_unzipped_mb: Option<u64>,
    pub max_cells: Option<u64>,
}

impl Config {
    /// The file named on the command line (which must exist), else `vanban.toml` when
    /// present, else the defaults. Returns the configuration and the file it came from.
    pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_CONFIG).exists() => PathBuf::from(DEFAULT_CONFIG),
            None => return Ok((Config::default(), None)),
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let config = toml::from_str(&text).map_err(|e| ConfigError::Syntax {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Ok((config, Some(path)))
    }
}

/// What the command line may override, for every command alike.
#[derive(Default)]
pub struct Overrides<'a> {
    pub data: Option<&'a DataArgs>,
    pub limits: Option<&'a LimitArgs>,
    pub period: Option<Period>,
    pub as_of: Option<NaiveDate>,
    pub output: Option<PathBuf>,
    pub formats: Option<Formats>,
    pub font_dir: Option<PathBuf>,
    pub report_number: Option<u32>,
}

/// The settings of one command: the configuration merged with the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Paths,
    /// Root of the submissions folders (`<root>/<period>/`).
    pub submissions: PathBuf,
    pub decisions: Vec<PathBuf>,
    pub period: Option<Period>,
    pub as_of: NaiveDate,
    /// Output root (`<root>/<period>/`).
    pub output: PathBuf,
    pub formats: Formats,
    pub font_dir: Option<PathBuf>,
    pub report_number: Option<u32>,
    /// PDF/A-2b (true unless `[options] pdfa = false`).
    pub pdfa: bool,
    pub limits: Limits,
    documents: Option<ReportConfig>,
    /// `[issuing]`.
    pub issuing: IssuingConfig,
    /// The configuration file read, if any (for messages).
    source: Option<PathBuf>,
}

impl Settings {
    /// Reads the configuration (once) and merges the command line into it.
    pub fn resolve(config: Option<&Path>, o: &Overrides) -> Result<Settings, ConfigError> {
        let (c, source) = Config::load(config)?;
        let invalid = |message: String| ConfigError::Invalid {
            path: source
                .as_deref()
                .unwrap_or(Path::new(DEFAULT_CONFIG))
                .display()
                .to_string(),
            message,
        };
        let period = match (o.period, &c.period) {
            (Some(p), _) => Some(p),
            (None, Some(s)) => Some(
                Period::parse_id(s)
                    .ok_or_else(|| invalid(format!("kỳ báo cáo \"{s}\" không hợp lệ")))?,
            ),
            (None, None) => None,
        };
        let formats = match (o.formats, &c.options.formats) {
            (Some(f), _) => f,
            (None, Some(list)) => Formats::parse(&list.join(",")).map_err(invalid)?,
            (None, None) => Formats::default(),
        };
        Ok(Settings {
            paths: paths(&c.inputs, o.data),
            submissions: c
                .inputs
                .submissions
                .clone()
                .unwrap_or_else(|| PathBuf::from("inputs/bao-cao")),
            decisions: c.inputs.decisions.clone(),
            period,
            as_of: o
                .as_of
                .or(c.as_of)
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            output: o
                .output
                .clone()
                .or(c.output.clone())
                .unwrap_or_else(|| PathBuf::from("output")),
            formats,
            font_dir: o.font_dir.clone().or(c.options.font_dir.clone()),
            report_number: o.report_number.or(c.options.report_number),
            pdfa: c.options.pdfa.unwrap_or(true),
            limits: limits(&c.limits, o.limits),
            documents: c.documents,
            issuing: c.issuing,
            source,
        })
    }

    /// The period, which the command needs.
    pub fn period(&self) -> Result<Period, ConfigError> {
        self.period.ok_or(ConfigError::NoPeriod)
    }

    /// The issuers, signers and recipients (`[documents]`), which the command needs.
    pub fn documents(&self) -> Result<&ReportConfig, ConfigError> {
        self.documents.as_ref().ok_or_else(|| {
            ConfigError::NoDocuments(
                self.source
                    .as_deref()
                    .unwrap_or(Path::new(DEFAULT_CONFIG))
                    .display()
                    .to_string(),
            )
        })
    }

    /// The folder of one period's output.
    pub fn period_dir(&self, period: Period) -> PathBuf {
        self.output.join(period.id())
    }
}

fn paths(i: &InputsConfig, cli: Option<&DataArgs>) -> Paths {
    let d = Paths::default();
    let pick = |flag: Option<&PathBuf>, file: &Option<PathBuf>, default: PathBuf| {
        flag.cloned().or(file.clone()).unwrap_or(default)
    };
    Paths {
        catalogue: pick(
            cli.and_then(|a| a.catalogue.as_ref()),
            &i.catalogue,
            d.catalogue,
        ),
        registry: pick(
            cli.and_then(|a| a.registry.as_ref()),
            &i.registry,
            d.registry,
        ),
        indicators: pick(
            cli.and_then(|a| a.indicators.as_ref()),
            &i.indicators,
            d.indicators,
        ),
        calendar: pick(
            cli.and_then(|a| a.calendar.as_ref()),
            &i.calendar,
            d.calendar,
        ),
        corrections: i.corrections.clone().unwrap_or(d.corrections),
        short_titles: i.short_titles.clone(),
        outlines: i.outlines.clone().unwrap_or(d.outlines),
        notes: i.notes.clone().unwrap_or(d.notes),
    }
}

fn limits(file: &LimitsConfig, cli: Option<&LimitArgs>) -> Limits {
    let d = Limits::default();
    let mb = |m: u64| m.saturating_mul(1024 * 1024);
    Limits {
        max_file_bytes: cli
            .and_then(|l| l.max_file_mb)
            .or(file.max_file_mb)
            .map_or(d.max_file_bytes, mb),
        max_unzipped_bytes: cli
            .and_then(|l| l.max_unzipped_mb)
            .or(file.max_unzipped_mb)
            .map_or(d.max_unzipped_bytes, mb),
        max_cells: cli
            .and_then(|l| l.max_cells)
            .or(file.max_cells)
            .unwrap_or(d.max_cells),
    }
}
