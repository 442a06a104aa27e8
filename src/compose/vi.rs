//! Vietnamese wording shared by the composers: dates, the period inside sentences,
//! percentages, names in Vietnamese collation.

use crate::aggregate::Summary;
use chrono::NaiveDate;

/// `05/03/2019`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The period as written inside sentences: "quý I/2019", "6 tháng đầu năm 2019".
pub fn period_words(s: &Summary) -> String {
    s.period.in_sentence()
}

/// The year of a draft's date line: the as-of date's.
pub fn draft_year(s: &Summary) -> Option<i32> {
    use chrono::Datelike;
    Some(s.as_of.year())
}

/// Vietnamese-collated names (ICU4X collator, locale vi).
pub fn sort_names(names: &mut [String]) {
    use icu_collator::{Collator, options::CollatorOptions};
    match Collator::try_new(
        icu_locale_core::locale!("vi").into(),
        CollatorOptions::default(),
    ) {
        Ok(c) => names.sort_by(|a, b| c.compare(a, b)),
        Err(_) => names.sort(),
    }
}

/// `96,5%` (one decimal, comma as the decimal mark; whole numbers without decimals).
/// A rate just under a target is never rounded up to it: 0.9596 against 0.96 prints
/// `95,96%`, not `96%`.
pub fn format_percent_against(v: f64, target: f64) -> String {
    let shown = (v * 1000.0).round() / 1000.0;
    if v < target && shown >= target {
        let p = (v * 10000.0).floor() / 100.0;
        return format!("{p:.2}%").replace('.', ",");
    }
    format_percent(v)
}

/// `96,5%` (one decimal, comma as the decimal mark; whole numbers without decimals).
pub fn format_percent(v: f64) -> String {
    let p = (v * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{}%", p as i64)
    } else {
        format!("{p:.1}%").replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_percentages() {
        assert_eq!(format_percent(0.965), "96,5%");
        assert_eq!(format_percent(0.3), "30%");
        assert_eq!(format_percent(1.0), "100%");
        assert_eq!(format_percent_against(0.95996, 0.96), "95,99%");
        assert_eq!(format_percent_against(0.97, 0.96), "97%");
    }
}
