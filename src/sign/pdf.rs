//! Reading a PDF's cross-reference and a few dictionaries, and appending an incremental
//! update (ISO 32000-1, 7.5.6): the bytes already signed are never touched, so each
//! signature keeps covering the revision it signed.
//!
//! The reader handles classic cross-reference tables — what Typst writes and what this
//! module appends — and says so for a file with cross-reference streams.

use std::collections::HashMap;
use std::ops::Range;

/// A parsed PDF: where each object starts, and the trailer.
pub struct Pdf<'a> {
    pub bytes: &'a [u8],
    offsets: HashMap<u32, usize>,
    /// The last cross-reference section's offset (the update's /Prev).
    pub startxref: usize,
    pub size: u32,
    pub root: u32,
    /// The trailer's /Info and /ID values, as written (kept in the update's trailer).
    pub info: Option<Vec<u8>>,
    pub id: Option<Vec<u8>>,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0)
}

fn is_delim(c: u8) -> bool {
    is_ws(c) || b"()<>[]{}/%".contains(&c)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if is_ws(b[i]) {
            i += 1;
        } else if b[i] == b'%' {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

fn token(b: &[u8], i: usize) -> Range<usize> {
    let mut j = i;
    while j < b.len() && !is_delim(b[j]) {
        j += 1;
    }
    i..j
}

fn number_at(b: &[u8], i: usize) -> Option<(u64, usize)> {
    let r = token(b, skip_ws(b, i));
    let n = std::str::from_utf8(&b[r.clone()]).ok()?.parse().ok()?;
    Some((n, r.end))
}

/// The end of the value starting at `i` (after whitespace).
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    let i = skip_ws(b, i);
    match *b.get(i)? {
        b'/' => Some(token(b, i + 1).end),
        b'(' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        b'<' if b.get(i + 1) == Some(&b'<') => {
            let mut j = i + 2;
            loop {
                j = skip_ws(b, j);
                if b.get(j..j + 2)? == b">>" {
                    return Some(j + 2);
                }
                j = skip_value(b, j)?;
            }
        }
        b'<' => Some(i + b[i..].iter().position(|&c| c == b'>')? + 1),
        b'[' => {
            let mut j = i + 1;
            loop {
                j = skip_ws(b, j);
                if *b.get(j)? == b']' {
                    return Some(j + 1);
                }
                j = skip_value(b, j)?;
            }
        }
        _ => {
            let first = token(b, i);
            if first.is_empty() {
                return None;
            }
            // "12 0 R"
            let after = skip_ws(b, first.end);
            let second = token(b, after);
            let r = skip_ws(b, second.end);
            let digits =
                |r: &Range<usize>| !r.is_empty() && b[r.clone()].iter().all(u8::is_ascii_digit);
            if digits(&first)
                && digits(&second)
                && b.get(r) == Some(&b'R')
                && b.get(r + 1).is_none_or(|&c| is_delim(c))
            {
                return Some(r + 1);
            }
            Some(first.end)
        }
    }
}

/// The entries of the dictionary starting at `i` ("<<"): key and the value's bytes.
pub fn entries(b: &[u8], i: usize) -> Option<Vec<(String, Vec<u8>)>> {
    let mut j = skip_ws(b, i);
    if b.get(j..j + 2)? != b"<<" {
        return None;
    }
    j += 2;
    let mut out = Vec::new();
    loop {
        j = skip_ws(b, j);
        if b.get(j..j + 2)? == b">>" {
            return Some(out);
        }
        if b[j] != b'/' {
            return None;
        }
        let key = token(b, j + 1);
        let start = skip_ws(b, key.end);
        let end = skip_value(b, start)?;
        out.push((
            String::from_utf8_lossy(&b[key]).into_owned(),
            b[start..end].to_vec(),
        ));
        j = end;
    }
}

/// A dictionary written back from its entries.
pub fn write_dict(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"<<".to_vec();
    for (k, v) in entries {
        out.push(b'/');
        out.extend_from_slice(k.as_bytes());
        if !matches!(v.first(), Some(b'/' | b'(' | b'<' | b'[')) {
            out.push(b' ');
        }
        out.extend_from_slice(v);
    }
    out.extend_from_slice(b">>");
    out
}

/// "12 0 R" → 12.
pub fn reference(v: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(v).ok()?;
    let mut parts = s.split_whitespace();
    let n = parts.next()?.parse().ok()?;
    (parts.next()? == "0" && parts.next()? == "R").then_some(n)
}

/// The references of an array value ("[3 0 R 4 0 R]").
pub fn references(v: &[u8]) -> Vec<u32> {
    let s = String::from_utf8_lossy(v);
    let words: Vec<&str> = s
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split_whitespace()
        .collect();
    words
        .windows(3)
        .filter(|w| w[2] == "R")
        .filter_map(|w| w[0].parse().ok())
        .collect()
}

pub fn get<'e>(entries: &'e [(String, Vec<u8>)], key: &str) -> Option<&'e [u8]> {
    entries
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_slice())
}

pub fn set(entries: &mut Vec<(String, Vec<u8>)>, key: &str, value: Vec<u8>) {
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some(e) => e.1 = value,
        None => entries.push((key.to_string(), value)),
    }
}

impl<'a> Pdf<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Pdf<'a>, String> {
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        let at = tail
            .windows(9)
            .rposition(|w| w == b"startxref")
            .ok_or("không tìm thấy startxref: tệp PDF hỏng hoặc bị cắt")?;
        let at = bytes.len() - tail.len() + at;
        let (startxref, _) = number_at(bytes, at + 9).ok_or("startxref hỏng")?;
        let startxref = startxref as usize;
        let mut pdf = Pdf {
            bytes,
            offsets: HashMap::new(),
            startxref,
            size: 0,
            root: 0,
            info: None,
            id: None,
        };
        let mut next = Some(startxref);
        let mut seen = 0;
        while let Some(xref) = next {
            seen += 1;
            if seen > 10_000 {
                return Err("chuỗi bảng tham chiếu (xref) lặp vòng".into());
            }
            next = pdf.read_section(xref)?;
        }
        if pdf.root == 0 {
            return Err("trailer không có /Root".into());
        }
        Ok(pdf)
    }

    /// Reads one cross-reference section and its trailer; returns its /Prev.
    fn read_section(&mut self, at: usize) -> Result<Option<usize>, String> {
        let b = self.bytes;
        let mut i = skip_ws(b, at);
        if b.get(i..i + 4) != Some(b"xref") {
            return Err(
                "tệp PDF dùng bảng tham chiếu dạng luồng (xref stream), chưa hỗ trợ ký; \
                        ký tệp PDF do vanban ban hành"
                    .into(),
            );
        }
        i += 4;
        loop {
            i = skip_ws(b, i);
            if b.get(i..i + 7) == Some(b"trailer") {
                i += 7;
                break;
            }
            let (first, j) = number_at(b, i).ok_or("bảng xref hỏng")?;
            let (count, j) = number_at(b, j).ok_or("bảng xref hỏng")?;
            i = j;
            for k in 0..count {
                let (offset, j) = number_at(b, i).ok_or("dòng xref hỏng")?;
                let (_gen, j) = number_at(b, j).ok_or("dòng xref hỏng")?;
                let j = skip_ws(b, j);
                let kind = *b.get(j).ok_or("dòng xref hỏng")?;
                i = j + 1;
                let num = (first + k) as u32;
                if kind == b'n' {
                    self.offsets.entry(num).or_insert(offset as usize);
                }
            }
        }
        let trailer = entries(b, i).ok_or("trailer hỏng")?;
        if self.size == 0 {
            self.size = get(&trailer, "Size")
                .and_then(|v| std::str::from_utf8(v).ok()?.parse().ok())
                .ok_or("trailer không có /Size")?;
            self.root = get(&trailer, "Root").and_then(reference).unwrap_or(0);
            self.info = get(&trailer, "Info").map(<[u8]>::to_vec);
            self.id = get(&trailer, "ID").map(<[u8]>::to_vec);
        }
        Ok(get(&trailer, "Prev").and_then(|v| std::str::from_utf8(v).ok()?.parse().ok()))
    }

    /// Where the body of object `num` starts (after "num 0 obj").
    fn body(&self, num: u32) -> Result<usize, String> {
        let at = *self
            .offsets
            .get(&num)
            .ok_or_else(|| format!("không có đối tượng {num}"))?;
        let b = self.bytes;
        let (n, j) = number_at(b, at).ok_or_else(|| format!("đối tượng {num} hỏng"))?;
        let (_, j) = number_at(b, j).ok_or_else(|| format!("đối tượng {num} hỏng"))?;
        let j = skip_ws(b, j);
        if n != num as u64 || b.get(j..j + 3) != Some(b"obj") {
            return Err(format!("bảng xref chỉ sai vị trí đối tượng {num}"));
        }
        Ok(j + 3)
    }

    /// The entries of object `num`, a dictionary.
    pub fn dict(&self, num: u32) -> Result<Vec<(String, Vec<u8>)>, String> {
        entries(self.bytes, self.body(num)?)
            .ok_or_else(|| format!("đối tượng {num} không phải từ điển"))
    }

    /// The value of object `num` as written (an array, say).
    pub fn value(&self, num: u32) -> Result<Vec<u8>, String> {
        let start = skip_ws(self.bytes, self.body(num)?);
        let end = skip_value(self.bytes, start).ok_or_else(|| format!("đối tượng {num} hỏng"))?;
        Ok(self.bytes[start..end].to_vec())
    }

    /// The page objects in order.
    pub fn pages(&self) -> Result<Vec<u32>, String> {
        let catalog = self.dict(self.root)?;
        let root = get(&catalog, "Pages")
            .and_then(reference)
            .ok_or("danh mục không có /Pages")?;
        let mut out = Vec::new();
        self.collect_pages(root, &mut out, 0)?;
        Ok(out)
    }

    fn collect_pages(&self, node: u32, out: &mut Vec<u32>, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err("cây trang quá sâu".into());
        }
        let d = self.dict(node)?;
        match get(&d, "Type") {
            Some(b"/Pages") => {
                let kids = match get(&d, "Kids") {
                    Some(v) if v.starts_with(b"[") => references(v),
                    Some(v) => references(&self.value(reference(v).ok_or("/Kids hỏng")?)?),
                    None => Vec::new(),
                };
                for k in kids {
                    self.collect_pages(k, out, depth + 1)?;
                }
            }
            _ => out.push(node),
        }
        Ok(())
    }

    /// The page's size (its /MediaBox, inherited from the tree when absent): width and
    /// height in points.
    pub fn page_size(&self, page: u32) -> Result<(f64, f64), String> {
        let mut node = page;
        for _ in 0..64 {
            let d = self.dict(node)?;
            if let Some(v) = get(&d, "MediaBox") {
                let n: Vec<f64> = String::from_utf8_lossy(v)
                    .trim_matches(|c| c == '[' || c == ']')
                    .split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect();
                if n.len() == 4 {
                    return Ok((n[2] - n[0], n[3] - n[1]));
                }
            }
            match get(&d, "Parent").and_then(reference) {
                Some(p) => node = p,
                None => break,
            }
        }
        Ok((595.2756, 841.8898))
    }
}

/// Objects to append as one incremental update.
pub struct Update {
    next: u32,
    objects: Vec<(u32, Vec<u8>)>,
}

impl Update {
    pub fn new(pdf: &Pdf) -> Update {
        Update {
            next: pdf.size,
            objects: Vec::new(),
        }
    }

    /// A new object number.
    pub fn alloc(&mut self) -> u32 {
        let n = self.next;
        self.next += 1;
        n
    }

    /// Object `num` (new, or a new version of an existing one) with this body.
    pub fn put(&mut self, num: u32, body: Vec<u8>) {
        self.objects.push((num, body));
    }

    /// A stream object: its dictionary's entries (without /Length) and data.
    pub fn put_stream(&mut self, num: u32, mut dict: Vec<(String, Vec<u8>)>, data: &[u8]) {
        set(&mut dict, "Length", data.len().to_string().into_bytes());
        let mut body = write_dict(&dict);
        body.extend_from_slice(b"\nstream\n");
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.put(num, body);
    }

    /// The file with the update appended: objects, a cross-reference section for them,
    /// and a trailer pointing back at the previous one.
    pub fn append_to(mut self, pdf: &Pdf) -> Vec<u8> {
        let mut out = pdf.bytes.to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        self.objects.sort_by_key(|(n, _)| *n);
        let mut offsets = Vec::new();
        for (num, body) in &self.objects {
            offsets.push((*num, out.len()));
            out.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n");
        // Subsections of consecutive numbers.
        let mut i = 0;
        while i < offsets.len() {
            let mut j = i + 1;
            while j < offsets.len() && offsets[j].0 == offsets[j - 1].0 + 1 {
                j += 1;
            }
            out.extend_from_slice(format!("{} {}\n", offsets[i].0, j - i).as_bytes());
            for (_, off) in &offsets[i..j] {
                out.extend_from_slice(format!("{off:010} 00000 n\r\n").as_bytes());
            }
            i = j;
        }
        let mut trailer = vec![
            (
                "Size".to_string(),
                self.next.max(pdf.size).to_string().into_bytes(),
            ),
            ("Root".to_string(), format!("{} 0 R", pdf.root).into_bytes()),
        ];
        if let Some(info) = &pdf.info {
            trailer.push(("Info".into(), info.clone()));
        }
        if let Some(id) = &pdf.id {
            trailer.push(("ID".into(), id.clone()));
        }
        trailer.push(("Prev".into(), pdf.startxref.to_string().into_bytes()));
        out.extend_from_slice(b"trailer\n");
        out.extend_from_slice(&write_dict(&trailer));
        out.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        out
    }
}

/// A PDF text string: UTF-16BE with its byte-order mark, as a hex string.
pub fn text_string(s: &str) -> Vec<u8> {
    let mut out = b"<FEFF".to_vec();
    for u in s.encode_utf16() {
        out.extend_from_slice(format!("{u:04X}").as_bytes());
    }
    out.push(b'>');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_read_and_write_back() {
        let b = b"<</Type/Page/Parent 1 0 R/MediaBox[0 0 595.2756 841.8898]/Name(a (b) \\) c)/D<</X<00FF>>>/N 12>>";
        let e = entries(b, 0).unwrap();
        assert_eq!(get(&e, "Type"), Some(&b"/Page"[..]));
        assert_eq!(get(&e, "Parent").and_then(reference), Some(1));
        assert_eq!(get(&e, "Name"), Some(&b"(a (b) \\) c)"[..]));
        assert_eq!(get(&e, "D"), Some(&b"<</X<00FF>>>"[..]));
        assert_eq!(get(&e, "N"), Some(&b"12"[..]));
        assert_eq!(entries(&write_dict(&e), 0).unwrap(), e);
        assert_eq!(references(b"[3 0 R 14 0 R]"), vec![3, 14]);
        assert_eq!(text_string("Tùng"), b"<FEFF005400F9006E0067>".to_vec());
    }

    #[test]
    fn foreign_or_broken_files_are_refused_with_a_reason() {
        // A cross-reference stream (Word, Acrobat): refused, not half-signed.
        let xref_stream =
            b"%PDF-1.7\n1 0 obj\n<</Type/XRef/Size 2/W[1 2 1]/Root 2 0 R/Length 0>>stream\nendstream\nendobj\nstartxref\n9\n%%EOF\n";
        let e = Pdf::parse(xref_stream).err().unwrap();
        assert!(e.contains("xref stream"), "{e}");
        let cut = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\n";
        assert!(Pdf::parse(cut).err().unwrap().contains("startxref"));
        for bad in [
            &b""[..],
            b"startxref",
            b"startxref\n999999\n%%EOF",
            b"xref\n0 1\n",
        ] {
            assert!(Pdf::parse(bad).is_err());
        }
    }
}
