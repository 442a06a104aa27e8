//! The agency registry (`inputs/co-quan.toml`) and the resolution of agency phrases.
//!
//! Cells of the plan name agencies the way people write them: one name, a list
//! ("Sở Tài chính; Cục Thuế thành phố"), a collective ("Các sở, ban, ngành; UBND các
//! quận, huyện"), an enumerated collective ("Các sở: KH&ĐT, Tài chính, Xây dựng") or
//! a phrase naming nobody in the registry ("các cơ quan, đơn vị có liên quan"). A
//! [`Registry`] turns such a cell into an [`AgencyRef`]: the registry codes it names,
//! plus the phrases it could not attach to any agency, kept verbatim.

use crate::text::{compact_key, fold};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

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
    /// A body named in the plan that is not a city department (Cục Thuế, Bưu điện…).
    Other,
}

impl AgencyKind {
    pub fn is_district(self) -> bool {
        matches!(self, AgencyKind::UrbanDistrict | AgencyKind::RuralDistrict)
    }

    /// Vietnamese label for tables.
    pub fn label(self) -> &'static str {
        match self {
            AgencyKind::Department => "sở, ban, ngành",
            AgencyKind::UrbanDistrict => "quận",
            AgencyKind::RuralDistrict => "huyện",
            AgencyKind::Other => "khác",
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
    agencies: Vec<Agency>,
    /// compact key of every code, name and alias → index into `agencies`.
    index: HashMap<String, usize>,
    /// Largest number of words in any name or alias (bounds the phrase scan).
    max_words: usize,
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

    fn codes_where(&self, pred: impl Fn(&Agency) -> bool) -> Vec<usize> {
        self.agencies
            .iter()
            .enumerate()
            .filter(|(_, a)| pred(a))
            .map(|(i, _)| i)
            .collect()
    }

    /// Resolves a cell naming agencies. Never fails: what cannot be attached to an
    /// agency is returned in `unresolved`.
    pub fn resolve(&self, text: &str) -> AgencyRef {
        let text = crate::text::clean(text);
        let toks = tokenize(&text);
        let mut claims: Vec<Option<Claim>> = vec![None; toks.len()];

        self.claim_enumerations(&toks, &mut claims);
        self.claim_names(&toks, &mut claims);
        self.claim_collectives(&toks, &mut claims);

        let mut found: BTreeSet<usize> = BTreeSet::new();
        for list in claims.iter().flatten() {
            found.extend(list.iter().copied());
        }
        let unresolved = unclaimed_phrases(&text, &toks, &claims);
        AgencyRef {
            text: text.clone(),
            agencies: found
                .into_iter()
                .map(|i| self.agencies[i].code.clone())
                .collect(),
            unresolved,
        }
    }

    /// "Các sở: KH&ĐT, Tài chính…", "UBND các quận: Lê Chân, Hồng Bàng…", "Các sở, ban,
    /// ngành: Nội vụ, Tư pháp": the items after the colon are tried as names, also with
    /// the implied "Sở"/"quận"/"huyện" in front; the collective before the colon only
    /// introduces the list. An item that resolves to nothing is left for later passes
    /// (it may be "UBND các quận, huyện" ending the list).
    fn claim_enumerations(&self, toks: &[Token], claims: &mut [Option<Claim>]) {
        for colon in (0..toks.len()).filter(|&j| toks[j].sep == Some(':')) {
            let floor = toks[..colon]
                .iter()
                .rposition(|t| matches!(t.sep, Some(';') | Some(':')))
                .map_or(0, |p| p + 1)
                .max(colon.saturating_sub(8));
            let Some((head, prefixes)) =
                (floor..colon).find_map(|h| list_head(&toks[h..colon]).map(|p| (h, p)))
            else {
                continue;
            };
            for c in &mut claims[head..=colon] {
                *c = Some(Vec::new());
            }
            let end = (colon + 1..toks.len())
                .find(|&j| matches!(toks[j].sep, Some(';') | Some(':')))
                .unwrap_or(toks.len());
            // Items between commas; an item may hold "và" inside a name ("Thông tin và
            // Truyền thông") or between two names.
            let mut items: Vec<(usize, usize)> = Vec::new();
            let mut start = colon + 1;
            for j in colon + 1..=end {
                if j == end || toks[j].sep == Some(',') {
                    if start < j {
                        items.push((start, j));
                    }
                    start = j + 1;
                }
            }
            let mut resolved_items = Vec::new();
            for (a, b) in items {
                if let Some(found) = self.resolve_item(&toks[a..b], prefixes) {
                    for c in &mut claims[a..b] {
                        *c = Some(vec![found]);
                    }
                    resolved_items.push((a, b));
                    continue;
                }
                // Split on "và".
                let mut part = a;
                let mut any = false;
                for j in a..=b {
                    if j == b || toks[j].key == "va" {
                        if part < j
                            && let Some(found) = self.resolve_item(&toks[part..j], prefixes)
                        {
                            for c in &mut claims[part..j] {
                                *c = Some(vec![found]);
                            }
                            if j < b {
                                claims[j] = Some(Vec::new());
                            }
                            any = true;
                        }
                        part = j + 1;
                    }
                }
                if any {
                    resolved_items.push((a, b));
                }
            }
            // The commas between two resolved items are part of the list.
            for w in resolved_items.windows(2) {
                let (_, prev_end) = w[0];
                let (next_start, _) = w[1];
                if next_start == prev_end + 1 && toks[prev_end].sep == Some(',') {
                    claims[prev_end] = Some(Vec::new());
                }
            }
        }
    }

    /// One list item as an agency: as written, or with an implied prefix.
    fn resolve_item(&self, toks: &[Token], prefixes: &[&str]) -> Option<usize> {
        if toks.iter().any(|t| t.sep.is_some()) {
            return None;
        }
        let item: String = toks.iter().map(|t| t.key.as_str()).collect();
        if item.is_empty() {
            return None;
        }
        self.index.get(&item).copied().or_else(|| {
            prefixes.iter().find_map(|p| {
                self.index
                    .get(&format!("{p}{item}"))
                    .or_else(|| self.index.get(&format!("ubnd{p}{item}")))
                    .copied()
            })
        })
    }

    /// Longest-first scan for registry names and aliases among unclaimed words. A short
    /// name (one or two words, such as "Nội vụ" or "Công Thương") counts only as a whole
    /// list item, so "Phòng Nội vụ quận Lê Chân" or "Ngân hàng TMCP Công Thương" do not
    /// name a department; a name followed by "quận"/"huyện"/"xã" is that lower unit's.
    fn claim_names(&self, toks: &[Token], claims: &mut [Option<Claim>]) {
        let boundary_before = |i: usize| {
            i == 0 || toks[i - 1].sep.is_some() || matches!(toks[i - 1].key.as_str(), "va" | "cac")
        };
        let boundary_after = |j: usize| {
            j >= toks.len()
                || toks[j].sep.is_some()
                || matches!(toks[j].key.as_str(), "va" | "co" | "lien")
        };
        let mut i = 0;
        while i < toks.len() {
            if claims[i].is_some() || toks[i].sep.is_some() {
                i += 1;
                continue;
            }
            let mut matched = None;
            let max = self.max_words + 3;
            for len in (1..=max.min(toks.len() - i)).rev() {
                let window = &toks[i..i + len];
                // Only commas may stand inside a name ("Trung tâm Xúc tiến Đầu tư,
                // Thương mại và Du lịch"), never at its ends.
                if window
                    .iter()
                    .any(|t| matches!(t.sep, Some(';') | Some(':')))
                    || window.last().is_some_and(|t| t.sep.is_some())
                    || claims[i..i + len].iter().any(Option::is_some)
                {
                    continue;
                }
                let words = window.iter().filter(|t| t.sep.is_none()).count();
                if words < 4 && window.iter().any(|t| t.sep.is_some()) {
                    continue;
                }
                let key: String = window
                    .iter()
                    .filter(|t| t.sep.is_none())
                    .map(|t| t.key.as_str())
                    .collect();
                let Some(&a) = self.index.get(&key) else {
                    continue;
                };
                let prev = (i > 0).then(|| toks[i - 1].key.as_str());
                if matches!(prev, Some("phong" | "chi" | "co")) {
                    continue;
                }
                if toks
                    .get(i + len)
                    .is_some_and(|t| matches!(t.key.as_str(), "quan" | "huyen" | "xa" | "phuong"))
                {
                    continue;
                }
                if words <= 2 && !(boundary_before(i) && boundary_after(i + len)) {
                    continue;
                }
                matched = Some((len, a));
                break;
            }
            match matched {
                Some((len, a)) => {
                    for c in &mut claims[i..i + len] {
                        *c = Some(vec![a]);
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }

    /// Collective phrases: every department, every district, every quận or huyện.
    fn claim_collectives(&self, toks: &[Token], claims: &mut [Option<Claim>]) {
        let (joined, spans) = join_keys(toks);
        for (re, target) in collective_patterns() {
            let members = match target {
                Collective::Departments => self.codes_where(|a| a.kind == AgencyKind::Department),
                Collective::Districts => self.codes_where(|a| a.kind.is_district()),
                Collective::UrbanDistricts => {
                    self.codes_where(|a| a.kind == AgencyKind::UrbanDistrict)
                }
                Collective::RuralDistricts => {
                    self.codes_where(|a| a.kind == AgencyKind::RuralDistrict)
                }
            };
            for m in re.find_iter(&joined) {
                let Some((first, last)) = token_range(&spans, m.start(), m.end()) else {
                    continue;
                };
                if claims[first..=last].iter().any(Option::is_some) {
                    continue;
                }
                for c in &mut claims[first..=last] {
                    *c = Some(members.clone());
                }
            }
        }
    }
}

/// The collective introducing an enumeration ("Các sở:", "UBND các quận, huyện:",
/// "Các sở, ban, ngành:") and the prefixes implied for its items.
fn list_head(toks: &[Token]) -> Option<&'static [&'static str]> {
    static HEADS: OnceLock<Vec<(Regex, &'static [&'static str])>> = OnceLock::new();
    let heads = HEADS.get_or_init(|| {
        let table: [(&str, &'static [&'static str]); 5] = [
            (
                r"^(?:cac )?so(?: , ban)?(?: , nganh)?(?: thanh pho)?$",
                &["so"],
            ),
            (r"^cac so , nganh$", &["so"]),
            (
                r"^(?:ubnd )?(?:cac )?(?:quan , huyen|dia phuong)$",
                &["quan", "huyen"],
            ),
            (r"^(?:ubnd )?(?:cac )?quan$", &["quan"]),
            (r"^(?:ubnd )?(?:cac )?huyen$", &["huyen"]),
        ];
        table
            .into_iter()
            .map(|(p, pre)| (Regex::new(p).expect("list head pattern"), pre))
            .collect()
    });
    if toks.is_empty() || toks[0].sep.is_some() {
        return None;
    }
    let (joined, _) = join_keys(toks);
    heads
        .iter()
        .find(|(re, _)| re.is_match(&joined))
        .map(|(_, p)| *p)
}

fn word_count(s: &str) -> usize {
    tokenize(s).iter().filter(|t| t.sep.is_none()).count()
}

/// What a span of words was attached to: agencies (indices into the registry); empty
/// for connecting words like "Các sở:".
type Claim = Vec<usize>;

#[derive(Clone, Copy)]
enum Collective {
    Departments,
    Districts,
    UrbanDistricts,
    RuralDistricts,
}

/// Collective phrases, written over the folded word keys joined by spaces (separators
/// appear as their own words: "cac so , ban , nganh"). Earlier patterns win.
fn collective_patterns() -> &'static [(Regex, Collective)] {
    static PATTERNS: OnceLock<Vec<(Regex, Collective)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let rel = r"(?: (?:co )?lien quan)?";
        let table = [
            (
                format!(
                    r"\b(?:cac )?so(?: ,)? ban(?: ,)? nganh(?: thanh pho)?{rel}\b|\bcac so(?: ,)? nganh{rel}\b|\bcac so{rel}\b"
                ),
                Collective::Departments,
            ),
            (
                format!(
                    r"\b(?:ubnd )?(?:cac )?quan(?: ,)? huyen{rel}\b|\bubnd cap huyen{rel}\b|\bubnd cac cap\b|\b(?:cac )?dia phuong{rel}\b"
                ),
                Collective::Districts,
            ),
            (format!(r"\b(?:ubnd )?cac quan{rel}\b"), Collective::UrbanDistricts),
            (format!(r"\b(?:ubnd )?cac huyen{rel}\b"), Collective::RuralDistricts),
        ];
        table
            .into_iter()
            .map(|(p, c)| (Regex::new(&p).expect("collective pattern"), c))
            .collect()
    })
}

/// One word or separator of a cell, with its byte span in the cell text.
#[derive(Debug, Clone)]
struct Token {
    /// Folded word ("ubnd" also for the four words "Ủy ban nhân dân"), or the
    /// separator character as a string.
    key: String,
    start: usize,
    end: usize,
    /// `Some(',' | ';' | ':')` for separators.
    sep: Option<char>,
}

/// Splits a cell into words (letters, digits, `&`) and separators (`,` `;` `:`);
/// other punctuation is ignored. "Ủy ban nhân dân" becomes the single word "ubnd".
fn tokenize(text: &str) -> Vec<Token> {
    let mut toks: Vec<Token> = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let flush = |cur: &mut Option<(usize, String)>, end: usize, toks: &mut Vec<Token>| {
        if let Some((start, key)) = cur.take() {
            toks.push(Token {
                key,
                start,
                end,
                sep: None,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '&' {
            let f = crate::text::fold_char(c);
            match &mut cur {
                Some((_, key)) => {
                    if f != '&' {
                        key.push(f)
                    }
                }
                None => cur = Some((i, if f == '&' { String::new() } else { f.into() })),
            }
            continue;
        }
        flush(&mut cur, i, &mut toks);
        if matches!(c, ',' | ';' | ':') {
            toks.push(Token {
                key: c.to_string(),
                start: i,
                end: i + c.len_utf8(),
                sep: Some(c),
            });
        }
    }
    flush(&mut cur, text.len(), &mut toks);
    toks.retain(|t| t.sep.is_some() || !t.key.is_empty());
    // "ủy ban nhân dân" → "ubnd"
    let mut out: Vec<Token> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let is_ubnd = i + 3 < toks.len()
            && toks[i].key == "uy"
            && toks[i + 1].key == "ban"
            && toks[i + 2].key == "nhan"
            && toks[i + 3].key == "dan";
        if is_ubnd {
            out.push(Token {
                key: "ubnd".into(),
                start: toks[i].start,
                end: toks[i + 3].end,
                sep: None,
            });
            i += 4;
        } else {
            out.push(toks[i].clone());
            i += 1;
        }
    }
    out
}

/// Joins token keys with single spaces; returns the string and each token's byte span
/// in it.
fn join_keys(toks: &[Token]) -> (String, Vec<(usize, usize)>) {
    let mut s = String::new();
    let mut spans = Vec::with_capacity(toks.len());
    for t in toks {
        if !s.is_empty() {
            s.push(' ');
        }
        let start = s.len();
        s.push_str(&t.key);
        spans.push((start, s.len()));
    }
    (s, spans)
}

/// The tokens a match covers, if it starts and ends on token boundaries.
fn token_range(spans: &[(usize, usize)], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = spans.iter().position(|&(s, _)| s == start)?;
    let last = spans.iter().position(|&(_, e)| e == end)?;
    (first <= last).then_some((first, last))
}

/// Maximal runs of unclaimed words, cut at ';' and at claimed words, with connecting
/// words ("và", separators) trimmed from both ends, as they stand in the source text.
fn unclaimed_phrases(text: &str, toks: &[Token], claims: &[Option<Claim>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut flush = |run: &mut Vec<usize>| {
        let is_filler = |t: &Token| t.sep.is_some() || matches!(t.key.as_str(), "va" | "cua");
        while run.first().is_some_and(|&i| is_filler(&toks[i])) {
            run.remove(0);
        }
        while run.last().is_some_and(|&i| is_filler(&toks[i])) {
            run.pop();
        }
        if let (Some(&first), Some(&last)) = (run.first(), run.last()) {
            let phrase = text[toks[first].start..toks[last].end].trim().to_string();
            if !phrase.is_empty() {
                out.push(phrase);
            }
        }
        run.clear();
    };
    for (i, t) in toks.iter().enumerate() {
        if claims[i].is_some() || t.sep == Some(';') {
            flush(&mut run);
        } else {
            run.push(i);
        }
    }
    flush(&mut run);
    out
}

/// Loose key of a text, exposed for callers that compare names (see [`fold`]).
pub fn name_key(s: &str) -> String {
    fold(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Registry {
        Registry::from_toml(
            r#"
[[agency]]
code = "VPUBND"
name = "Văn phòng Ủy ban nhân dân thành phố"
kind = "department"
order = 10
aliases = ["Văn phòng UBND TP", "Văn phòng UBND thành phố"]
[[agency]]
code = "SNV"
name = "Sở Nội vụ"
kind = "department"
order = 20
aliases = ["Nội vụ"]
[[agency]]
code = "SKHDT"
name = "Sở Kế hoạch và Đầu tư"
kind = "department"
order = 30
aliases = ["KH&ĐT", "Kế hoạch và Đầu tư"]
[[agency]]
code = "STC"
name = "Sở Tài chính"
kind = "department"
order = 40
aliases = ["Tài chính"]
[[agency]]
code = "SLDTBXH"
name = "Sở Lao động - Thương binh và Xã hội"
kind = "department"
order = 50
[[agency]]
code = "QLC"
name = "Ủy ban nhân dân quận Lê Chân"
kind = "urban-district"
order = 60
aliases = ["Lê Chân", "UBND quận Lê Chân", "Quận Lê Chân"]
[[agency]]
code = "QHB"
name = "Ủy ban nhân dân quận Hồng Bàng"
kind = "urban-district"
order = 70
aliases = ["Hồng Bàng"]
[[agency]]
code = "HKT"
name = "Ủy ban nhân dân huyện Kiến Thụy"
kind = "rural-district"
order = 80
aliases = ["Kiến Thụy"]
[[agency]]
code = "CTHUE"
name = "Cục Thuế thành phố Hải Phòng"
kind = "other"
order = 90
aliases = ["Cục Thuế thành phố"]
"#,
        )
        .unwrap()
    }

    fn codes(r: &AgencyRef) -> Vec<&str> {
        r.agencies.iter().map(String::as_str).collect()
    }

    #[test]
    fn single_names_and_aliases() {
        let r = reg();
        assert_eq!(codes(&r.resolve("Sở Nội vụ")), ["SNV"]);
        assert_eq!(codes(&r.resolve("Văn phòng UBND TP")), ["VPUBND"]);
        assert_eq!(
            codes(&r.resolve("Sở Lao động - Thương binh và Xã hội")),
            ["SLDTBXH"]
        );
        let x = r.resolve("Sở Tài chính; Cục Thuế thành phố");
        assert_eq!(codes(&x), ["STC", "CTHUE"]);
        assert!(x.unresolved.is_empty());
    }

    #[test]
    fn decomposed_and_tone_placement() {
        use unicode_normalization::UnicodeNormalization;
        let r = reg();
        let nfd: String = "Sở Nội vụ".nfd().collect();
        assert_eq!(codes(&r.resolve(&nfd)), ["SNV"]);
        assert_eq!(codes(&r.resolve("UBND huyện Kiến Thuỵ")), ["HKT"]);
        assert_eq!(
            r.lookup("uy ban nhan dan huyen kien thuy").unwrap().code,
            "HKT"
        );
        assert_eq!(r.lookup("UBND Quận Lê Chân").unwrap().code, "QLC");
    }

    #[test]
    fn collectives() {
        let r = reg();
        let x = r.resolve("Các sở, ban, ngành; UBND các quận, huyện");
        assert_eq!(
            codes(&x),
            [
                "VPUBND", "SNV", "SKHDT", "STC", "SLDTBXH", "QLC", "QHB", "HKT"
            ]
        );
        assert!(x.unresolved.is_empty(), "{:?}", x.unresolved);
        let x = r.resolve("Các sở, ban, ngành và các cơ quan, đơn vị có liên quan");
        assert_eq!(codes(&x).len(), 5);
        assert_eq!(x.unresolved, ["các cơ quan, đơn vị có liên quan"]);
        let x = r.resolve("UBND xã, phường, thị trấn có liên quan");
        assert!(x.agencies.is_empty());
        assert_eq!(x.unresolved, ["UBND xã, phường, thị trấn có liên quan"]);
        let x = r.resolve("UBND cấp huyện");
        assert_eq!(codes(&x), ["QLC", "QHB", "HKT"]);
        let x = r.resolve("UBND các quận");
        assert_eq!(codes(&x), ["QLC", "QHB"]);
    }

    #[test]
    fn enumerations() {
        let r = reg();
        let x = r.resolve("Các sở: KH&ĐT, Tài chính; UBND các quận: Lê Chân, Hồng Bàng");
        assert_eq!(codes(&x), ["SKHDT", "STC", "QLC", "QHB"]);
        assert!(x.unresolved.is_empty(), "{:?}", x.unresolved);
    }

    #[test]
    fn enumerations_with_va_and_collective_heads() {
        let r = reg();
        let x =
            r.resolve("Các sở: Tài chính, Kế hoạch và Đầu tư, Lao động - Thương binh và Xã hội");
        assert_eq!(codes(&x), ["SKHDT", "STC", "SLDTBXH"]);
        assert!(x.unresolved.is_empty(), "{:?}", x.unresolved);
        let x = r.resolve("Các sở: Tài chính, Nội vụ và UBND các quận, huyện");
        assert_eq!(codes(&x), ["SNV", "STC", "QLC", "QHB", "HKT"]);
        let x = r.resolve("UBND các quận, huyện: Lê Chân, Kiến Thụy");
        assert_eq!(codes(&x), ["QLC", "HKT"]);
        let x = r.resolve("Các sở, ban, ngành: Nội vụ, Tài chính");
        assert_eq!(codes(&x), ["SNV", "STC"]);
    }

    #[test]
    fn short_names_inside_other_names_do_not_count() {
        let r = reg();
        let x = r.resolve("Phòng Nội vụ quận Lê Chân");
        assert_eq!(codes(&x), ["QLC"]);
        let x = r.resolve("Chi cục Thuế thành phố");
        assert!(x.agencies.is_empty(), "{:?}", x.agencies);
        let x = r.resolve("Văn phòng UBND thành phố, Sở Nội vụ");
        assert_eq!(codes(&x), ["VPUBND", "SNV"]);
        let x = r.resolve("cải cách tài chính công");
        assert!(x.agencies.is_empty());
    }

    #[test]
    fn mixed_with_unresolved() {
        let r = reg();
        let x = r.resolve(
            "Văn phòng UBND thành phố; Sở, ban, ngành, UBND quận, huyện; các doanh nghiệp liên quan",
        );
        assert_eq!(codes(&x).len(), 8);
        assert_eq!(x.unresolved, ["các doanh nghiệp liên quan"]);
        let x = r.resolve("các cơ quan, đơn vị có liên quan");
        assert!(x.is_empty());
    }

    #[test]
    fn duplicate_alias_is_rejected() {
        let err = Registry::from_toml(
            r#"
[[agency]]
code = "A"
name = "Sở Tài chính"
kind = "department"
[[agency]]
code = "B"
name = "Sở Xây dựng"
kind = "department"
aliases = ["Sở tài chính"]
"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("trùng"), "{err}");
    }

    #[test]
    fn closest_names() {
        let r = reg();
        let c = r.closest("Sở Nội vu", 2);
        assert_eq!(c[0].code, "SNV");
    }
}
