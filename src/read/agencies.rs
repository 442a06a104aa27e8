//! Resolution of agency phrases against the registry.
//!
//! Cells of the plan name agencies the way people write them: one name, a list
//! ("Sở Tài chính; Cục Thuế thành phố"), a collective ("Các sở, ban, ngành; UBND các
//! quận, huyện"), an enumerated collective ("Các sở: KH&ĐT, Tài chính, Xây dựng") or
//! a phrase naming nobody in the registry ("các cơ quan, đơn vị có liên quan").
//! [`Registry::resolve`] turns such a cell into an [`AgencyRef`]: the registry codes it
//! names, plus the phrases it could not attach to any agency, kept verbatim.

use crate::model::registry::{AgencyKind, AgencyRef, Registry};
use crate::text::{NameToken as Token, name_tokens as tokenize};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

impl Registry {
    /// Resolves a cell naming agencies. Never fails: what cannot be attached to an
    /// agency is returned in `unresolved`.
    pub fn resolve(&self, text: &str) -> AgencyRef {
        let text = crate::text::clean(text);
        let toks = tokenize(&text);
        let mut claims: Vec<Option<Claim>> = vec![None; toks.len()];

        self.claim_enumerations(&toks, &mut claims);
        self.claim_names(&toks, &mut claims);
        let empty_collectives = self.claim_collectives(&text, &toks, &mut claims);

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
            empty_collectives,
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

    /// Collective phrases: every department, every district-level unit, every quận,
    /// huyện, thị xã or thành phố thuộc tỉnh. Returns the phrases whose kind the
    /// registry has no agency of ("UBND các quận" in a province), as written.
    fn claim_collectives(
        &self,
        text: &str,
        toks: &[Token],
        claims: &mut [Option<Claim>],
    ) -> Vec<String> {
        let (joined, spans) = join_keys(toks);
        let mut empty = Vec::new();
        for (re, target) in collective_patterns() {
            let kind = |k: AgencyKind| self.codes_where(|a| a.kind == k);
            let members = match target {
                Collective::Departments => kind(AgencyKind::Department),
                Collective::Districts => self.codes_where(|a| a.kind.is_district()),
                Collective::UrbanDistricts => kind(AgencyKind::UrbanDistrict),
                Collective::RuralDistricts => kind(AgencyKind::RuralDistrict),
                Collective::Towns => kind(AgencyKind::Town),
                Collective::ProvincialCities => kind(AgencyKind::ProvincialCity),
            };
            for m in re.find_iter(&joined) {
                let Some((first, last)) = token_range(&spans, m.start(), m.end()) else {
                    continue;
                };
                if claims[first..=last].iter().any(Option::is_some) {
                    continue;
                }
                if members.is_empty() {
                    empty.push(text[toks[first].start..toks[last].end].to_string());
                }
                for c in &mut claims[first..=last] {
                    *c = Some(members.clone());
                }
            }
        }
        empty
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

/// What a span of words was attached to: agencies (indices into the registry); empty
/// for connecting words like "Các sở:".
type Claim = Vec<usize>;

#[derive(Clone, Copy)]
enum Collective {
    Departments,
    Districts,
    UrbanDistricts,
    RuralDistricts,
    Towns,
    ProvincialCities,
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
                // "UBND các huyện, thị xã, thành phố", "quận, huyện, thị xã, thành phố":
                // every district-level unit of a province or city, before the shorter
                // phrases below take their first words.
                format!(
                    r"\b(?:ubnd )?(?:cac )?(?:quan(?: ,)? )?huyen(?: ,)? thi xa(?: ,)? thanh pho(?: thuoc tinh)?{rel}\b|\b(?:ubnd )?(?:cac )?quan(?: ,)? huyen{rel}\b|\bubnd (?:cac )?cap huyen{rel}\b|\bubnd cac cap\b|\b(?:cac )?dia phuong{rel}\b"
                ),
                Collective::Districts,
            ),
            (format!(r"\b(?:ubnd )?cac quan{rel}\b"), Collective::UrbanDistricts),
            (format!(r"\b(?:ubnd )?cac huyen{rel}\b"), Collective::RuralDistricts),
            (format!(r"\b(?:ubnd )?cac thi xa{rel}\b"), Collective::Towns),
            (
                format!(r"\b(?:ubnd )?cac thanh pho thuoc tinh{rel}\b"),
                Collective::ProvincialCities,
            ),
        ];
        table
            .into_iter()
            .map(|(p, c)| (Regex::new(&p).expect("collective pattern"), c))
            .collect()
    })
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
name = "Cục Thuế thành phố Thành Nam"
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

    fn province() -> Registry {
        Registry::from_toml(
            r#"
[[agency]]
code = "SNV"
name = "Sở Nội vụ"
kind = "department"
order = 10
[[agency]]
code = "TPHL"
name = "Ủy ban nhân dân thành phố Hạ Long"
kind = "provincial-city"
order = 20
[[agency]]
code = "TXQY"
name = "Ủy ban nhân dân thị xã Quảng Yên"
kind = "town"
order = 30
[[agency]]
code = "HVD"
name = "Ủy ban nhân dân huyện Vân Đồn"
kind = "rural-district"
order = 40
"#,
        )
        .unwrap()
    }

    #[test]
    fn a_provinces_collectives_name_every_district_level_unit() {
        let r = province();
        assert_eq!(r.district_words(), "huyện, thị xã, thành phố");
        for phrase in [
            "UBND các huyện, thị xã, thành phố",
            "Ủy ban nhân dân các huyện, thị xã, thành phố",
            "UBND cấp huyện",
            "Các sở, ban, ngành; UBND các huyện, thị xã, thành phố",
        ] {
            let x = r.resolve(phrase);
            for code in ["TPHL", "TXQY", "HVD"] {
                assert!(x.contains(code), "{phrase}: {:?}", x.agencies);
            }
            assert!(
                x.unresolved.is_empty() && x.empty_collectives.is_empty(),
                "{x:?}"
            );
        }
        assert_eq!(r.resolve("UBND các thị xã").agencies, ["TXQY"]);
    }

    #[test]
    fn a_collective_of_a_kind_the_registry_lacks_is_kept_to_warn() {
        let x = province().resolve("Sở Nội vụ; UBND các quận");
        assert_eq!(x.agencies, ["SNV"]);
        assert_eq!(x.empty_collectives, ["UBND các quận"]);
        assert!(reg().resolve("UBND các quận").empty_collectives.is_empty());
    }
}
