//! The agency registry (`inputs/co-quan.toml`): every body the plan names, with its
//! kind, administrative order and the other names people use for it. Resolving a cell
//! that names agencies is the job of the `read` room.
//!
//! Cells of the plan name agencies the way people write them: one name, a list
//! ("Sở Tài chính; Cục Thuế thành phố"), a collective ("Các sở, ban, ngành; UBND các
//! quận, huyện"), an enumerated collective ("Các sở: KH&ĐT, Tài chính, Xây dựng") or
//! a phrase naming nobody in the registry ("các cơ quan, đơn vị có liên quan"). A
//! [`Registry`] turns such a cell into an [`AgencyRef`]: the registry codes it names,
//! plus the phrases it could not attach to any agency, kept verbatim.

use crate::text::compact_key;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// What kind of body an agency is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgencyKind {
    /// A city department or department-level body (sở, ban, ngành).
    Department,
    /// The People's Committee of a quận.
    UrbanDistrict,
    /// The People's Committee of a huyện.
    RuralDistrict,
    /// The People's Committee of a thị xã (a district-level town of a province).
    Town,
    /// The People's Committee of a thành phố thuộc tỉnh (a district-level city of a
    /// province).
    ProvincialCity,
    /// A body named in the plan that is not a city department (Cục Thuế, Bưu điện…).
    Other,
}

impl AgencyKind {
    pub fn is_district(self) -> bool {
        matches!(
            self,
            AgencyKind::UrbanDistrict
                | AgencyKind::RuralDistrict
                | AgencyKind::Town
                | AgencyKind::ProvincialCity
        )
    }

    /// The word for one unit of a district-level kind, as in "UBND các quận, huyện"
    /// ("quận", "huyện", "thị xã", "thành phố"); `None` for the other kinds.
    pub fn district_word(self) -> Option<&'static str> {
        match self {
            AgencyKind::UrbanDistrict => Some("quận"),
            AgencyKind::RuralDistrict => Some("huyện"),
            AgencyKind::Town => Some("thị xã"),
            AgencyKind::ProvincialCity => Some("thành phố"),
            _ => None,
        }
    }

    /// The registry file's word for the kind (`kind = "rural-district"`).
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Department => "department",
            AgencyKind::UrbanDistrict => "urban-district",
            AgencyKind::RuralDistrict => "rural-district",
            AgencyKind::Town => "town",
            AgencyKind::ProvincialCity => "provincial-city",
            AgencyKind::Other => "other",
        }
    }
}

/// One agency of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
    /// Fixed administrative order used in official lists.
    #[serde(default, skip_serializing)]
    pub order: u32,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Problems with the registry file itself. Messages are Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("không đọc được danh sách cơ quan {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("danh sách cơ quan {path} sai cú pháp TOML: {message}")]
    Syntax { path: String, message: String },
    #[error("danh sách cơ quan {path}: {message}")]
    Invalid { path: String, message: String },
}

#[derive(Deserialize)]
struct RegistryFile {
    #[serde(default)]
    agency: Vec<Agency>,
}

/// The agencies, sorted by their administrative order, with a name index.
#[derive(Debug, Clone)]
pub struct Registry {
    pub(crate) agencies: Vec<Agency>,
    /// compact key of every code, name and alias → index into `agencies`.
    pub(crate) index: HashMap<String, usize>,
    /// Largest number of words in any name or alias (bounds the phrase scan).
    pub(crate) max_words: usize,
}

/// The agencies named by one cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AgencyRef {
    /// The cell as written (clean NFC).
    pub text: String,
    /// Registry codes, in administrative order.
    pub agencies: Vec<String>,
    /// Phrases that name no registry agency, verbatim.
    pub unresolved: Vec<String>,
    /// Collective phrases of a kind the registry has no agency of ("UBND các quận" in a
    /// province without quận), verbatim: a plan copied from elsewhere, worth a warning.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub empty_collectives: Vec<String>,
}

impl AgencyRef {
    pub fn is_empty(&self) -> bool {
        self.agencies.is_empty()
    }

    pub fn contains(&self, code: &str) -> bool {
        self.agencies.iter().any(|a| a == code)
    }
}

impl Registry {
    /// Loads and checks a registry file.
    pub fn load(path: &Path) -> Result<Registry, RegistryError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RegistryError::Io {
            path: display.clone(),
            source,
        })?;
        Self::from_toml(&text).map_err(|e| match e {
            RegistryError::Syntax { message, .. } => RegistryError::Syntax {
                path: display.clone(),
                message,
            },
            RegistryError::Invalid { message, .. } => RegistryError::Invalid {
                path: display.clone(),
                message,
            },
            other => other,
        })
    }

    /// Parses a registry from TOML text.
    pub fn from_toml(text: &str) -> Result<Registry, RegistryError> {
        let file: RegistryFile = toml::from_str(text).map_err(|e| RegistryError::Syntax {
            path: String::new(),
            message: e.to_string(),
        })?;
        Self::new(file.agency)
    }

    /// Builds a registry, checking that codes are unique and that no name or alias
    /// designates two agencies.
    pub fn new(mut agencies: Vec<Agency>) -> Result<Registry, RegistryError> {
        let invalid = |message: String| RegistryError::Invalid {
            path: String::new(),
            message,
        };
        if agencies.is_empty() {
            return Err(invalid("không có cơ quan nào ([[agency]])".into()));
        }
        for a in &mut agencies {
            a.code = a.code.trim().to_string();
            a.name = crate::text::clean(&a.name);
            a.aliases = a.aliases.iter().map(|s| crate::text::clean(s)).collect();
        }
        agencies.sort_by_key(|a| a.order);
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut max_words = 1;
        let mut codes = BTreeSet::new();
        for (i, a) in agencies.iter().enumerate() {
            if a.code.is_empty() || a.name.is_empty() {
                return Err(invalid(format!(
                    "cơ quan thứ {} thiếu mã (code) hoặc tên (name)",
                    i + 1
                )));
            }
            if !codes.insert(a.code.to_uppercase()) {
                return Err(invalid(format!("mã cơ quan {} bị trùng", a.code)));
            }
            for s in std::iter::once(&a.code)
                .chain(std::iter::once(&a.name))
                .chain(&a.aliases)
            {
                let key = compact_key(s);
                if key.is_empty() {
                    continue;
                }
                max_words = max_words.max(word_count(s));
                match index.get(&key) {
                    Some(&j) if j != i => {
                        let other: &Agency = &agencies[j];
                        let other = &other.name;
                        return Err(invalid(format!(
                            "tên gọi \"{s}\" của {} trùng với {}",
                            a.name, other
                        )));
                    }
                    _ => {
                        index.insert(key, i);
                    }
                }
            }
        }
        Ok(Registry {
            agencies,
            index,
            max_words,
        })
    }

    /// All agencies in administrative order.
    pub fn agencies(&self) -> &[Agency] {
        &self.agencies
    }

    /// The district-level kinds the registry holds, as words in the order official
    /// text names them: "quận, huyện" for Hải Phòng, "huyện, thị xã, thành phố" for a
    /// province. Every phrase naming the districts ("UBND các …") is built from it, so
    /// a province's documents never say "quận". Empty when there are no districts.
    pub fn district_words(&self) -> String {
        [
            AgencyKind::UrbanDistrict,
            AgencyKind::RuralDistrict,
            AgencyKind::Town,
            AgencyKind::ProvincialCity,
        ]
        .into_iter()
        .filter(|k| self.agencies.iter().any(|a| a.kind == *k))
        .filter_map(AgencyKind::district_word)
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// The agency with this code (case-insensitive).
    pub fn get(&self, code: &str) -> Option<&Agency> {
        self.agencies
            .iter()
            .find(|a| a.code.eq_ignore_ascii_case(code))
    }

    /// The agency a whole text designates (code, official name or alias; case,
    /// diacritics, spacing and "Ủy ban nhân dân"/"UBND" ignored).
    pub fn lookup(&self, text: &str) -> Option<&Agency> {
        let key = compact_key(text);
        self.index.get(&key).map(|&i| &self.agencies[i])
    }

    /// The agencies a file name names: runs of its words that are a code, a name or an
    /// alias, compared as [`Registry::lookup`] does — so typed without diacritics and
    /// with abbreviations ("SGTVT-q1-2019.xlsx", "Bao cao quy 1 - So GD&DT.xlsx", "so y
    /// te", "UBND Q. Hai An"). Longer runs are tried first and a run inside a longer one
    /// that matched is not tried again. One agency: the file names it; several: it is
    /// ambiguous (the caller says which). The last resort for a file that does not say
    /// who sent it.
    pub fn in_file_name(&self, file: &str) -> Vec<&Agency> {
        let Some(stem) = Path::new(file).file_stem() else {
            return Vec::new();
        };
        let stem = stem.to_string_lossy();
        // "&" belongs to names ("GD&ĐT"); other punctuation separates words.
        let words: Vec<&str> = stem
            .split(|c: char| !(c.is_alphanumeric() || c == '&'))
            .filter(|w| !w.is_empty())
            .collect();
        let longest = (self.max_words + 1).min(words.len());
        let mut used = vec![false; words.len()];
        let mut found: Vec<&Agency> = Vec::new();
        for len in (1..=longest).rev() {
            for start in 0..=words.len() - len {
                if used[start..start + len].iter().any(|u| *u) {
                    continue;
                }
                let run = words[start..start + len].join(" ");
                if len == 1 && run.chars().count() < 2 {
                    continue;
                }
                let hit = if len == 1 {
                    self.get(&run).or_else(|| self.lookup(&run))
                } else {
                    self.lookup(&run)
                };
                if let Some(a) = hit {
                    used[start..start + len].iter_mut().for_each(|u| *u = true);
                    if !found.iter().any(|f| f.code == a.code) {
                        found.push(a);
                    }
                }
            }
        }
        found
    }

    /// Agencies whose name is closest to a text, best first (for "Có phải là …?").
    pub fn closest(&self, text: &str, n: usize) -> Vec<&Agency> {
        let key = compact_key(text);
        if key.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, usize)> = self
            .index
            .iter()
            .map(|(k, &i)| (strsim::normalized_levenshtein(k, &key), i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<&Agency> = Vec::new();
        for (score, i) in scored {
            if score < 0.5 || out.len() >= n {
                break;
            }
            if !out.iter().any(|a| a.code == self.agencies[i].code) {
                out.push(&self.agencies[i]);
            }
        }
        out
    }

    pub(crate) fn codes_where(&self, pred: impl Fn(&Agency) -> bool) -> Vec<usize> {
        self.agencies
            .iter()
            .enumerate()
            .filter(|(_, a)| pred(a))
            .map(|(i, _)| i)
            .collect()
    }
}

fn word_count(s: &str) -> usize {
    crate::text::name_tokens(s)
        .iter()
        .filter(|t| t.sep.is_none())
        .count()
}
