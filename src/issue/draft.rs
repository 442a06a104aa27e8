//! A draft's document model, read back from the DOCX vanban wrote (its Custom XML part,
//! see [`crate::doc::docx::MODEL_NAMESPACE`]) or from a model file (.json, .toml).

use super::IssueError;
use crate::doc::Document;
use std::io::Read;
use std::path::Path;

/// The largest model part read (a catalogue annex of thousands of rows stays far below).
const MAX_MODEL_BYTES: u64 = 64 << 20;

/// Reads the model of a draft: a DOCX written by vanban, or a model file.
pub fn load(path: &Path) -> Result<Document, IssueError> {
    let err = |message: String| IssueError::Draft {
        path: path.display().to_string(),
        message,
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| err(format!("không đọc được: {e}")))?;
    match ext.as_str() {
        "docx" => from_docx(&bytes).map_err(err),
        "json" => serde_json::from_slice(&bytes).map_err(|e| err(format!("mô hình văn bản: {e}"))),
        "toml" => std::str::from_utf8(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|t| toml::from_str(t).map_err(|e| e.to_string()))
            .map_err(|e| err(format!("mô hình văn bản: {e}"))),
        _ => Err(err(
            "cần tệp DOCX do vanban soạn, hoặc mô hình văn bản (.json, .toml)".into(),
        )),
    }
}

/// The model inside a DOCX: the Custom XML part in vanban's namespace, whatever its
/// number (Word renumbers the parts when it saves).
pub fn from_docx(bytes: &[u8]) -> Result<Document, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("không phải tệp DOCX: {e}"))?;
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("customXml/item") && !n.contains("Props") && n.ends_with(".xml"))
        .map(str::to_string)
        .collect();
    for name in names {
        let Ok(f) = zip.by_name(&name) else { continue };
        let mut xml = String::new();
        if f.take(MAX_MODEL_BYTES).read_to_string(&mut xml).is_err() {
            continue;
        }
        if let Some(payload) = model_payload(&xml) {
            use base64::Engine;
            let json = base64::engine::general_purpose::STANDARD
                .decode(payload.trim())
                .map_err(|e| format!("mô hình văn bản trong DOCX hỏng: {e}"))?;
            return serde_json::from_slice(&json)
                .map_err(|e| format!("mô hình văn bản trong DOCX hỏng: {e}"));
        }
    }
    Err(
        "tệp DOCX không mang mô hình văn bản của vanban (không do vanban soạn, hoặc đã được \
         lưu lại bằng chương trình khác): ban hành từ tệp DOCX trong thư mục kết quả của vanban"
            .into(),
    )
}

/// The base64 text of the model element, whatever prefix the producer gave it.
fn model_payload(xml: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut out = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let ours = crate::read::hidden::attrs(&e)
                    .iter()
                    .any(|(k, v)| k.starts_with("xmlns") && v == crate::doc::docx::MODEL_NAMESPACE);
                if ours && crate::read::hidden::local(e.name().as_ref()) == "document" {
                    inside = true;
                }
            }
            Event::Text(t) if inside => out.push_str(t.as_ref()),
            Event::End(_) if inside => return Some(out),
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_is_found_under_any_prefix() {
        let ns = crate::doc::docx::MODEL_NAMESPACE;
        let xml = format!(
            "<?xml version=\"1.0\"?><x:document xmlns:x=\"{ns}\" encoding=\"base64\">QUJD</x:document>"
        );
        assert_eq!(model_payload(&xml).as_deref(), Some("QUJD"));
        assert_eq!(model_payload("<a xmlns=\"urn:other\">QUJD</a>"), None);
    }
}
