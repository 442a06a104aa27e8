//! Where the leader's digital signature goes, measured on the laid-out pages: the
//! space between the signature block's title lines and the signer's name (NĐ 30/2020,
//! Phụ lục I, II.7.d), found from the template's `<vb-sign-name>` label so that
//! `vanban ky` never relies on fixed coordinates.

use super::Laid;
use serde::Serialize;

impl Laid {
    /// Where the main signature block's signing space lies — between the chức vụ lines
    /// and the signer's name, across the signature column: the place of the leader's
    /// digital signature image. The template marks where the name begins
    /// (`<vb-sign-name>`); the space above it is the role's own space before the name.
    /// `None` for a document without a signature block.
    pub fn signing_space(&self) -> Option<SigningSpace> {
        use typst::introspection::Introspector;
        let intro = self.paged.introspector();
        let label = typst::foundations::Label::new(typst::utils::PicoStr::intern("vb-sign-name"))?;
        let first = intro
            .query(&typst::foundations::Selector::Label(label))
            .into_iter()
            .next()?;
        let name = intro.position(first.location()?)?;
        let page = self.paged.pages().get(name.page.get() - 1)?;
        let size = page.frame.size();
        let style = self
            .fitted
            .as_ref()
            .unwrap_or(crate::doc::style::standard());
        let bottom = name.point.y.to_pt();
        Some(SigningSpace {
            page: name.page.get(),
            left_pt: name.point.x.to_pt(),
            width_pt: style.right_col_cm / 2.54 * 72.0,
            top_pt: bottom - style.roles.signer_name.before_pt,
            bottom_pt: bottom,
            page_width_pt: size.x.to_pt(),
            page_height_pt: size.y.to_pt(),
        })
    }
}

/// A rectangle of a page where a signature's image goes, in points from the page's top
/// left corner (as the layout measures).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct SigningSpace {
    /// The page, from 1.
    pub page: usize,
    pub left_pt: f64,
    pub width_pt: f64,
    pub top_pt: f64,
    pub bottom_pt: f64,
    pub page_width_pt: f64,
    pub page_height_pt: f64,
}
