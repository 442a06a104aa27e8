//! `styles.xml`: the two fills of the marks, and the cell formats vanban adds — each
//! marked cell's own format with the fill, and the findings sheet's bold and wrapped
//! formats — appended after the workbook's own, whose indexes never change.

use super::PatchError;
use super::xml::{element, re, with_attr};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

const ERROR_RGB: &str = "FFF4B6B6";
const WARNING_RGB: &str = "FFFFE699";

/// Adds the two fills to `styles.xml`; returns it with their indexes (error, warning).
pub(super) fn add_fills(styles: &str) -> Result<(String, usize, usize), PatchError> {
    let fill = |rgb: &str| {
        format!(
            "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"{rgb}\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        )
    };
    static FILLS: OnceLock<Regex> = OnceLock::new();
    let re_fills = re(&FILLS, r#"(?s)<fills\b[^>]*?(/>|>(.*?)</fills>)"#);
    let (whole, inner) = element(re_fills, styles, "fills")
        .ok_or(PatchError::Unexpected("styles.xml không có <fills>"))?;
    let inner = &styles[inner];
    let count = inner.matches("<fill>").count()
        + inner.matches("<fill ").count()
        + inner.matches("<fill/>").count();
    let new = format!(
        "<fills count=\"{}\">{inner}{}{}</fills>",
        count + 2,
        fill(ERROR_RGB),
        fill(WARNING_RGB)
    );
    let mut s = styles.to_string();
    s.replace_range(whole, &new);
    Ok((s, count, count + 1))
}

/// The cell formats of `styles.xml` and the ones vanban adds.
pub(super) struct CellXfs {
    /// Each existing `<xf>` element, as written.
    xfs: Vec<String>,
    added: Vec<String>,
    made: HashMap<(usize, usize), usize>,
}

impl CellXfs {
    pub(super) fn read(styles: &str) -> Result<CellXfs, PatchError> {
        static XFS: OnceLock<Regex> = OnceLock::new();
        static XF: OnceLock<Regex> = OnceLock::new();
        let (_, block) = element(
            re(&XFS, r#"(?s)<cellXfs\b[^>]*>(.*?)</cellXfs>"#),
            styles,
            "cellXfs",
        )
        .ok_or(PatchError::Unexpected("styles.xml không có <cellXfs>"))?;
        let xfs = re(&XF, r#"(?s)<xf\b[^>]*/>|<xf\b[^>]*[^/]>.*?</xf>"#)
            .find_iter(&styles[block])
            .map(|m| m.as_str().to_string())
            .collect::<Vec<_>>();
        if xfs.is_empty() {
            return Err(PatchError::Unexpected("styles.xml không có định dạng ô"));
        }
        Ok(CellXfs {
            xfs,
            added: Vec::new(),
            made: HashMap::new(),
        })
    }

    fn push(&mut self, xf: String) -> usize {
        self.added.push(xf);
        self.xfs.len() + self.added.len() - 1
    }

    /// The format `orig` with a fill (made once per pair).
    pub(super) fn with_fill(&mut self, orig: usize, fill: usize) -> usize {
        if let Some(&i) = self.made.get(&(orig, fill)) {
            return i;
        }
        let base = self
            .xfs
            .get(orig)
            .cloned()
            .unwrap_or_else(|| self.xfs[0].clone());
        let tag_end = base.find('>').unwrap_or(base.len() - 1) + 1;
        let (tag, rest) = base.split_at(tag_end);
        let tag = with_attr(
            &with_attr(tag, "fillId", &fill.to_string()),
            "applyFill",
            "1",
        );
        let i = self.push(format!("{tag}{rest}"));
        self.made.insert((orig, fill), i);
        i
    }

    /// A bold format (a bold font added to the fonts).
    pub(super) fn bold(&mut self, styles: &mut String) -> Result<usize, PatchError> {
        static FONTS: OnceLock<Regex> = OnceLock::new();
        let (whole, inner) = element(
            re(&FONTS, r#"(?s)<fonts\b[^>]*>(.*?)</fonts>"#),
            styles,
            "fonts",
        )
        .ok_or(PatchError::Unexpected("styles.xml không có <fonts>"))?;
        let inner = styles[inner].to_string();
        let count = inner.matches("<font>").count()
            + inner.matches("<font ").count()
            + inner.matches("<font/>").count();
        styles.replace_range(
            whole,
            &format!("<fonts count=\"{}\">{inner}<font><b/><sz val=\"11\"/><name val=\"Times New Roman\"/></font></fonts>", count + 1),
        );
        Ok(self.push(format!(
            "<xf numFmtId=\"0\" fontId=\"{count}\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        )))
    }

    /// A format with wrapped text, aligned to the top.
    pub(super) fn wrapped(&mut self) -> usize {
        self.push(
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
                .to_string(),
        )
    }

    /// `styles.xml` with the added formats appended to `<cellXfs>`.
    pub(super) fn write(&self, styles: &str) -> String {
        static XFS: OnceLock<Regex> = OnceLock::new();
        let re_xfs = re(&XFS, r#"(?s)<cellXfs\b[^>]*>(.*?)</cellXfs>"#);
        let Some((whole, inner)) = element(re_xfs, styles, "cellXfs") else {
            return styles.to_string();
        };
        let mut out = styles.to_string();
        out.replace_range(
            whole,
            &format!(
                "<cellXfs count=\"{}\">{}{}</cellXfs>",
                self.xfs.len() + self.added.len(),
                &styles[inner],
                self.added.concat()
            ),
        );
        out
    }
}
