//! Children in the order the schema gives them.
//!
//! WordprocessingML's property elements are XML Schema sequences: `w:pPr` must hold
//! `w:pStyle` before `w:keepNext` before `w:spacing` … before `w:rPr`, a `w:style` its
//! `w:name` before `w:basedOn` before `w:pPr` before `w:rPr`. docx-rs writes some of
//! them in its own order (an empty `w:rPr` first in every `w:pPr`, `w:basedOn` after the
//! properties, `w:sz` before `w:b`, header references after the page size).
//! LibreOffice reads such files; Word offers to "recover unreadable content". This pass
//! puts the children of every element kind vanban writes back in the order of ECMA-376
//! Part 1 (transitional schema), keeping every byte of every element as written, and
//! drops the empty `w:rPr` docx-rs puts into paragraph properties (it says nothing, and
//! a style's paragraph properties may not hold one at all).

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::borrow::Cow;

/// The schema's order of the children of each element kind vanban writes (ECMA-376
/// Part 1, §17 and A.1: CT_Style, CT_PPr, CT_RPr / CT_ParaRPr, CT_TblPr, CT_TcPr,
/// CT_SectPr, CT_Settings, the border and margin lists, CT_DocDefaults, CT_Lvl).
fn schema(element: &str) -> Option<&'static [&'static str]> {
    Some(match element {
        "w:style" => STYLE,
        "w:pPr" => P_PR,
        "w:rPr" => R_PR,
        "w:tblPr" => TBL_PR,
        "w:tcPr" => TC_PR,
        "w:sectPr" => SECT_PR,
        "w:pBdr" => P_BDR,
        "w:tblBorders" | "w:tcBorders" => BORDERS,
        "w:tblCellMar" | "w:tcMar" => MARGINS,
        "w:docDefaults" => DOC_DEFAULTS,
        "w:lvl" => LVL,
        "w:settings" => SETTINGS,
        _ => return None,
    })
}

const STYLE: &[&str] = &[
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
];

const P_PR: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

const R_PR: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

const TBL_PR: &[&str] = &[
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
];

const TC_PR: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
];

const SECT_PR: &[&str] = &[
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
];

const P_BDR: &[&str] = &[
    "w:top",
    "w:left",
    "w:bottom",
    "w:right",
    "w:between",
    "w:bar",
];

const BORDERS: &[&str] = &[
    "w:top",
    "w:left",
    "w:start",
    "w:bottom",
    "w:right",
    "w:end",
    "w:insideH",
    "w:insideV",
    "w:tl2br",
    "w:tr2bl",
];

const MARGINS: &[&str] = &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"];

const DOC_DEFAULTS: &[&str] = &["w:rPrDefault", "w:pPrDefault"];

const LVL: &[&str] = &[
    "w:start",
    "w:numFmt",
    "w:lvlRestart",
    "w:pStyle",
    "w:isLgl",
    "w:suff",
    "w:lvlText",
    "w:lvlPicBulletId",
    "w:legacy",
    "w:lvlJc",
    "w:pPr",
    "w:rPr",
];

/// CT_Settings, in order (the elements up to `w:compat` and the ones after it that a
/// writer is likely to emit).
const SETTINGS: &[&str] = &[
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
    "w:mirrorMargins",
    "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop",
    "w:hideSpellingErrors",
    "w:hideGrammaticalErrors",
    "w:activeWritingStyle",
    "w:proofState",
    "w:formsDesign",
    "w:attachedTemplate",
    "w:linkStyles",
    "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod",
    "w:documentType",
    "w:mailMerge",
    "w:revisionView",
    "w:trackRevisions",
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
];

/// A child of an element being put in order: its qualified name (empty for text
/// between elements) and its text as it will be written.
struct Kid<'a> {
    name: &'a str,
    text: Cow<'a, str>,
}

/// An open element: where its start tag begins and ends, and, for an element whose
/// children the schema orders, the children seen so far.
struct Open<'a> {
    name: &'a str,
    start: usize,
    tag_end: usize,
    order: Option<&'static [&'static str]>,
    kids: Vec<Kid<'a>>,
}

/// The part with the children of every ordered element in schema order. A part already
/// in order comes back borrowed. XML that does not parse is returned as it is (the
/// writer's own output always parses; the read-back tests would say otherwise).
pub(super) fn in_schema_order(xml: &str) -> Cow<'_, str> {
    match reorder(xml) {
        Ok(edits) if edits.is_empty() => Cow::Borrowed(xml),
        Ok(edits) => {
            let mut out = String::with_capacity(xml.len());
            let mut at = 0;
            for (start, end, text) in edits {
                out.push_str(&xml[at..start]);
                out.push_str(&text);
                at = end;
            }
            out.push_str(&xml[at..]);
            Cow::Owned(out)
        }
        Err(_) => Cow::Borrowed(xml),
    }
}

/// The replacements (start, end, new text) of the outermost ordered elements whose
/// text changes, in document order.
fn reorder(xml: &str) -> Result<Vec<(usize, usize, String)>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Open> = Vec::new();
    let mut edits = Vec::new();
    let mut pos = 0usize;
    loop {
        let event = reader.read_event()?;
        let end = reader.buffer_position() as usize;
        let raw = &xml[pos..end];
        match event {
            Event::Start(e) => {
                let name = qname(xml, pos, e.name().as_ref().len());
                let order = schema(name);
                stack.push(Open {
                    name,
                    start: pos,
                    tag_end: end,
                    order,
                    kids: Vec::new(),
                });
            }
            Event::End(_) => {
                let open = stack.pop().expect("the reader checks that tags match");
                let text = match open.order {
                    Some(order) => ordered(xml, &open, order, raw),
                    None => Cow::Borrowed(&xml[open.start..end]),
                };
                match stack.last_mut() {
                    Some(parent) if parent.order.is_some() => parent.kids.push(Kid {
                        name: open.name,
                        text,
                    }),
                    _ => {
                        if let Cow::Owned(t) = text {
                            edits.push((open.start, end, t));
                        }
                    }
                }
            }
            Event::Eof => break,
            Event::Empty(e) => {
                let name = qname(xml, pos, e.name().as_ref().len());
                if let Some(parent) = stack.last_mut()
                    && parent.order.is_some()
                {
                    parent.kids.push(Kid {
                        name,
                        text: Cow::Borrowed(raw),
                    });
                }
            }
            _ => {
                if let Some(parent) = stack.last_mut()
                    && parent.order.is_some()
                {
                    parent.kids.push(Kid {
                        name: "",
                        text: Cow::Borrowed(raw),
                    });
                }
            }
        }
        pos = end;
    }
    Ok(edits)
}

/// The qualified name of the tag starting at `at` ("<w:pPr …>").
fn qname(xml: &str, at: usize, len: usize) -> &str {
    &xml[at + 1..at + 1 + len]
}

/// An ordered element's text: its children stably sorted by their place in `order`
/// (an unknown child keeps its place after the one before it; text between
/// children — there is none in what docx-rs writes — stays put by the same rule), an
/// empty `w:rPr` of paragraph properties dropped. Borrowed when nothing changes.
fn ordered<'a>(xml: &'a str, open: &Open<'a>, order: &[&str], end_tag: &'a str) -> Cow<'a, str> {
    let drops = |k: &Kid| {
        open.name == "w:pPr"
            && k.name == "w:rPr"
            && matches!(
                k.text.as_ref(),
                "<w:rPr />" | "<w:rPr/>" | "<w:rPr></w:rPr>"
            )
    };
    let mut last = 0;
    let mut ranked: Vec<(usize, &Kid)> = Vec::with_capacity(open.kids.len());
    for k in &open.kids {
        if drops(k) {
            continue;
        }
        if let Some(r) = order.iter().position(|n| *n == k.name) {
            last = r;
        }
        ranked.push((last, k));
    }
    let changed_kid = open.kids.iter().any(|k| matches!(k.text, Cow::Owned(_)));
    let in_order = ranked.windows(2).all(|w| w[0].0 <= w[1].0);
    if in_order && !changed_kid && ranked.len() == open.kids.len() {
        let end =
            open.tag_end + open.kids.iter().map(|k| k.text.len()).sum::<usize>() + end_tag.len();
        return Cow::Borrowed(&xml[open.start..end]);
    }
    ranked.sort_by_key(|(r, _)| *r);
    let mut out = String::with_capacity(end_tag.len() * 4 + 64);
    out.push_str(&xml[open.start..open.tag_end]);
    for (_, k) in ranked {
        out.push_str(&k.text);
    }
    out.push_str(end_tag);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_and_run_properties_follow_the_schema() {
        let xml = r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="A" /><w:jc w:val="center" /><w:spacing w:after="0" /></w:pPr><w:r><w:rPr><w:sz w:val="28" /><w:b /><w:rFonts w:ascii="X" /></w:rPr><w:t>a</w:t></w:r></w:p>"#;
        assert_eq!(
            in_schema_order(xml),
            r#"<w:p><w:pPr><w:pStyle w:val="A" /><w:spacing w:after="0" /><w:jc w:val="center" /></w:pPr><w:r><w:rPr><w:rFonts w:ascii="X" /><w:b /><w:sz w:val="28" /></w:rPr><w:t>a</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn nested_ordered_elements_are_ordered_inside_out() {
        let xml = r#"<w:styles><w:style w:styleId="S"><w:name w:val="s" /><w:rPr><w:sz w:val="2" /><w:b /></w:rPr><w:pPr><w:rPr /><w:jc w:val="left" /></w:pPr><w:basedOn w:val="B" /></w:style></w:styles>"#;
        assert_eq!(
            in_schema_order(xml),
            r#"<w:styles><w:style w:styleId="S"><w:name w:val="s" /><w:basedOn w:val="B" /><w:pPr><w:jc w:val="left" /></w:pPr><w:rPr><w:b /><w:sz w:val="2" /></w:rPr></w:style></w:styles>"#
        );
    }

    #[test]
    fn a_part_in_order_is_returned_untouched() {
        let xml = r#"<w:sectPr><w:headerReference r:id="r1" /><w:pgSz w:w="1" /><w:titlePg /></w:sectPr>"#;
        assert!(matches!(in_schema_order(xml), Cow::Borrowed(_)));
        let text = "<w:p><w:r><w:t>x &amp; y</w:t></w:r></w:p>";
        assert!(matches!(in_schema_order(text), Cow::Borrowed(_)));
    }
}
