//! Issuing, signing and sending (issue #28): `vanban ban-hanh` on drafts the run wrote,
//! the register of outgoing documents, `vanban ky` twice on the issued report checked in
//! process (every signature's digest and RSA signature against its certificate) and by
//! poppler's pdfsig and qpdf when present, and the signed page looked at in pixels.

use crate::common::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

/// The report and the reminders of the sample period, drafted into `dir` (DOCX and PDF).
fn drafts(dir: &TempDir, extra: &[&str]) -> PathBuf {
    let out = dir.path("drafts");
    period_q1("report", &out, extra);
    period_q1("remind", &out, extra);
    out
}

fn ban_hanh(draft: &Path, register: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "ban-hanh",
        draft.to_str().unwrap(),
        "--ngay",
        "06/03/2019",
        "--nguoi-ky",
        "Nguyễn Văn Tùng",
        "--so-di",
        register.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    vanban(&args)
}

/// The run's drafts in `dir`, and the report issued from them as 01/BC-UBND into
/// `dir/issued` (register `dir/so.csv`).
fn issued_report(dir: &TempDir) -> (PathBuf, PathBuf) {
    let drafts = drafts(dir, &[]);
    let issued = dir.path("issued");
    let o = ban_hanh(
        &drafts.join("bao-cao-cchc-q1-2019.docx"),
        &dir.path("so.csv"),
        &issued,
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (drafts, issued)
}

fn pdftotext(pdf: &Path) -> Option<String> {
    if !tool("pdftotext") {
        eprintln!("pdftotext (poppler-utils) absent: skipping the PDF text comparison");
        return None;
    }
    let o = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    Some(String::from_utf8(o.stdout).unwrap())
}

/// The lines of `a` and `b` that differ (after trimming), in order.
fn changed_lines(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let norm = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter().filter(|l| !y.contains(l)).cloned().collect()
    };
    (only(&a, &b), only(&b, &a))
}

#[test]
fn issuing_numbers_from_the_register_and_changes_only_number_date_and_signer() {
    let dir = TempDir::new("ban-hanh");
    let drafts = drafts(&dir, &[]);
    let register = dir.path("so-van-ban-di.csv");
    let issued = dir.path("issued");
    let report = drafts.join("bao-cao-cchc-q1-2019.docx");

    let o = ban_hanh(&report, &register, &issued, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("đã ban hành 01/BC-UBND ngày 06/03/2019"),
        "{}",
        stdout(&o)
    );
    for f in ["01-BC-UBND.docx", "01-BC-UBND.pdf", "01-BC-UBND.json"] {
        assert!(issued.join(f).is_file(), "{f} not written");
    }

    // The DOCX differs from the draft in the number, the date and the signer's name only.
    let (before, after) = changed_lines(
        &docx_text(&report).replace('\u{a0}', " "),
        &docx_text(&issued.join("01-BC-UBND.docx")).replace('\u{a0}', " "),
    );
    assert!(
        after.iter().any(|l| l.contains("Số: 01/BC-UBND")),
        "{after:?}"
    );
    assert!(
        after.iter().any(|l| l.contains("ngày 06 tháng 3 năm 2019")),
        "{after:?}"
    );
    assert!(
        after.iter().any(|l| l.contains("Nguyễn Văn Tùng")),
        "{after:?}"
    );
    for l in before.iter().chain(&after) {
        assert!(
            l.starts_with("Số:") || l.contains("Hải Phòng, ngày") || l.contains("Nguyễn Văn Tùng"),
            "a line other than number, date or signer changed: {l:?}"
        );
    }
    // So does the PDF.
    if let (Some(a), Some(b)) = (
        pdftotext(&drafts.join("bao-cao-cchc-q1-2019.pdf")),
        pdftotext(&issued.join("01-BC-UBND.pdf")),
    ) {
        let (before, after) = changed_lines(&a, &b);
        assert!(
            after.iter().any(|l| l.contains("Số: 01/BC-UBND")),
            "{after:?}"
        );
        for l in before.iter().chain(&after) {
            assert!(
                l.contains("Số:") || l.contains("ngày") || l.contains("Nguyễn Văn Tùng"),
                "a PDF line other than number, date or signer changed: {l:?}"
            );
        }
    }

    // The register: header, then the issue.
    let text = std::fs::read_to_string(&register).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "Excel reads UTF-8 CSV by its BOM"
    );
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(rows[0].starts_with("\"Số, ký hiệu văn bản\",Ngày tháng văn bản"));
    assert!(
        rows[1].starts_with("01/BC-UBND,06/03/2019,Báo cáo: Kết quả thực hiện"),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains("Nguyễn Văn Tùng") && rows[1].contains("Bộ Nội vụ"),
        "{}",
        rows[1]
    );
    assert!(
        !rows[1].contains("Như trên") && !rows[1].contains("Lưu"),
        "{}",
        rows[1]
    );

    // The same draft again is the văn thư's slip: refused, nothing written.
    let o = ban_hanh(&report, &register, &dir.path("again"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("dự thảo này đã được ban hành: 01/BC-UBND ngày 06/03/2019 (dòng 2)")
            && stderr(&o).contains("--lai"),
        "{}",
        stderr(&o)
    );
    // Issued again on purpose, the same number is still refused, and nothing is written.
    let o = ban_hanh(
        &report,
        &register,
        &dir.path("again"),
        &["--so", "1", "--lai"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("số 01/BC-UBND đã được cấp (dòng 2); dùng số 2"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path("again").exists());
    // The Sở's documents run on their own series: its first letter is 01, the Tờ trình 02.
    let letter = std::fs::read_dir(drafts.join("cong-van-don-doc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .unwrap();
    let o = ban_hanh(&letter, &register, &issued, &[]);
    assert!(
        stdout(&o).contains("đã ban hành 01/SNV-CCHC"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let o = ban_hanh(
        &drafts.join("to-trinh-cchc-q1-2019.docx"),
        &register,
        &issued,
        &[],
    );
    assert!(
        stdout(&o).contains("đã ban hành 02/TTr-SNV"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    // An issued document is not issued again.
    let o = ban_hanh(&issued.join("01-BC-UBND.docx"), &register, &issued, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("văn bản đã có số (01/BC-UBND)"),
        "{}",
        stderr(&o)
    );
    // With --lai the draft gets the next number of its series.
    let o = ban_hanh(&report, &register, &issued, &["--lai"]);
    assert!(
        stdout(&o).contains("đã ban hành 02/BC-UBND"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
}

#[test]
fn an_excel_register_is_read_and_kept_with_the_clerks_own_columns() {
    let dir = TempDir::new("so-di-xlsx");
    let drafts = drafts(&dir, &["--format", "docx"]);
    // The văn thư's workbook: a title row, her own column, numbers given by hand.
    let register = dir.path("so-di.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2019").unwrap();
    for (c, h) in [
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung văn bản",
        "Người ký",
        "Nơi nhận văn bản",
        "Đơn vị, người nhận bản lưu",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(2, c as u16, *h).unwrap();
    }
    sheet.write(3, 0, "12/BC-UBND").unwrap();
    sheet.write(3, 1, "15/02/2019").unwrap();
    sheet.write(3, 5, "Phòng Tổng hợp").unwrap();
    sheet.write(4, 0, "40/BC-UBND").unwrap();
    sheet.write(4, 1, "28/12/2018").unwrap();
    book.save(&register).unwrap();

    let o = ban_hanh(
        &drafts.join("bao-cao-cchc-q1-2019.docx"),
        &register,
        &dir.path("issued"),
        &["--format", "docx"],
    );
    // 2018's 40 does not count in 2019.
    assert!(
        stdout(&o).contains("đã ban hành 13/BC-UBND"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let book = vanban::read::sheet::Workbook::open(&register).unwrap();
    let text = sheet_text(&book.sheets[0], "|");
    assert!(text.contains("SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2019"), "{text}");
    assert!(text.contains("Phòng Tổng hợp"), "{text}");
    assert!(
        text.contains("13/BC-UBND|06/03/2019|Báo cáo: Kết quả"),
        "{text}"
    );
}

#[test]
fn a_draft_carries_its_mark_until_it_is_issued() {
    let dir = TempDir::new("du-thao");
    let config = config_in(&dir, true);
    let mut text = std::fs::read_to_string(&config).unwrap();
    // The shipped configuration has an [issuing] table already: add the key to it.
    assert!(
        text.contains("\n[issuing]\n"),
        "the shipped vanban.toml has [issuing]"
    );
    text = text.replacen(
        "\n[issuing]\n",
        "\n[issuing]\ndraft_mark = \"DỰ THẢO\"\n",
        1,
    );
    std::fs::write(&config, text).unwrap();
    let out = dir.path("drafts");
    period_q1("report", &out, &["--config", config.to_str().unwrap()]);
    let draft = out.join("bao-cao-cchc-q1-2019.docx");
    assert!(
        docx_text(&draft).starts_with("DỰ THẢO"),
        "{}",
        &docx_text(&draft)[..80]
    );
    if let Some(t) = pdftotext(&out.join("bao-cao-cchc-q1-2019.pdf")) {
        assert!(
            t.lines().next().unwrap().trim() == "DỰ THẢO",
            "{}",
            &t[..200]
        );
    }
    let issued = dir.path("issued");
    let o = vanban(&[
        "--config",
        config.to_str().unwrap(),
        "ban-hanh",
        draft.to_str().unwrap(),
        "--ngay",
        "06/03/2019",
        "--nguoi-ky",
        "Nguyễn Văn Tùng",
        "--so-di",
        dir.path("so-di.csv").to_str().unwrap(),
        "-o",
        issued.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!docx_text(&issued.join("01-BC-UBND.docx")).contains("DỰ THẢO"));
    if let Some(t) = pdftotext(&issued.join("01-BC-UBND.pdf")) {
        assert!(!t.contains("DỰ THẢO"));
    }
}

#[test]
fn a_docx_without_the_model_is_refused_with_the_reason() {
    let dir = TempDir::new("no-model");
    let drafts = drafts(&dir, &["--format", "docx"]);
    // The draft as another program would save it: without vanban's custom XML part.
    let src = drafts.join("bao-cao-cchc-q1-2019.docx");
    let stripped = dir.path("saved-elsewhere.docx");
    {
        let mut zin = zip::ZipArchive::new(std::fs::File::open(&src).unwrap()).unwrap();
        let mut zout = zip::ZipWriter::new(std::fs::File::create(&stripped).unwrap());
        for i in 0..zin.len() {
            let f = zin.by_index(i).unwrap();
            if f.name().starts_with("customXml/") {
                continue;
            }
            zout.raw_copy_file(f).unwrap();
        }
        zout.finish().unwrap();
    }
    let o = ban_hanh(&stripped, &dir.path("so.csv"), &dir.path("issued"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("không mang mô hình văn bản của vanban"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path("so.csv").exists(), "nothing recorded");
}

/// A test CA and two PKCS#12 files (leader, organisation), made with openssl; `None`
/// when openssl is absent.
fn test_keys(dir: &TempDir) -> Option<(PathBuf, PathBuf, PathBuf)> {
    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("openssl absent: skipping the signing test (CI installs it)");
        return None;
    }
    let run = |args: &[&str]| {
        let o = Command::new("openssl")
            .args(args)
            .current_dir(&dir.0)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "3650",
        "-utf8",
        "-subj",
        "/C=VN/O=vanban/CN=vanban Test CA",
        "-addext",
        "basicConstraints=critical,CA:true",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    std::fs::write(dir.path("ext.cnf"), "basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n").unwrap();
    for (who, subject) in [
        (
            "leader",
            "/C=VN/O=UBND thành phố Hải Phòng/CN=Nguyễn Văn Tùng",
        ),
        ("org", "/C=VN/CN=Ủy ban nhân dân thành phố Hải Phòng"),
    ] {
        run(&[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &format!("{who}.key"),
            "-out",
            &format!("{who}.csr"),
            "-utf8",
            "-subj",
            subject,
        ]);
        run(&[
            "x509",
            "-req",
            "-in",
            &format!("{who}.csr"),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            &format!("{who}.pem"),
            "-days",
            "3650",
            "-extfile",
            "ext.cnf",
        ]);
        run(&[
            "pkcs12",
            "-export",
            "-inkey",
            &format!("{who}.key"),
            "-in",
            &format!("{who}.pem"),
            "-certfile",
            "ca.pem",
            "-out",
            &format!("{who}.p12"),
            "-passout",
            "pass:1234",
        ]);
    }
    Some((
        dir.path("leader.p12"),
        dir.path("org.p12"),
        dir.path("ca.pem"),
    ))
}

/// Every signature of a PDF checked in process: its byte range, the digest its CMS
/// signs, and its RSA signature with its certificate's key. Returns each signer's
/// common name and whether its range ends at the file's end.
fn verify(pdf: &[u8]) -> Vec<(String, bool)> {
    use rsa::pkcs8::DecodePublicKey;
    let mut out = Vec::new();
    let text = String::from_utf8_lossy(pdf);
    for (at, _) in text.match_indices("/ByteRange[") {
        let end = text[at..].find(']').unwrap() + at;
        let n: Vec<usize> = text[at + 11..end]
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        assert_eq!(n[0], 0);
        let hex = &pdf[n[1] + 1..n[2] - 1];
        let hex = std::str::from_utf8(hex).unwrap();
        let padded: Vec<u8> = (0..hex.len() / 2 * 2)
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        // The signature is zero-padded to its reserved space: cut at the end its own DER
        // header gives (trimming zeros would also cut a signature that ends in one).
        let cms = padded[..der_len(&padded)].to_vec();
        let mut h = Sha256::new();
        h.update(&pdf[..n[1]]);
        h.update(&pdf[n[2]..n[2] + n[3]]);
        let digest = h.finalize();
        // ContentInfo → SignedData → the one SignerInfo, read with RustCrypto's cms.
        use der::{Decode, Encode};
        let ci = cms::content_info::ContentInfo::from_der(&cms).unwrap();
        let sd: cms::signed_data::SignedData = ci.content.decode_as().unwrap();
        assert!(sd.encap_content_info.econtent.is_none(), "detached");
        let si = sd.signer_infos.0.get(0).unwrap();
        let attrs = si.signed_attrs.as_ref().unwrap();
        let md = attrs
            .iter()
            .find(|a| a.oid.to_string() == "1.2.840.113549.1.9.4")
            .unwrap();
        let value: der::asn1::OctetString = md.values.get(0).unwrap().decode_as().unwrap();
        assert_eq!(value.as_bytes(), digest.as_slice(), "message digest");
        let cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(sid) = &si.sid else {
            panic!("signer identified by issuer and serial number");
        };
        let cert = sd
            .certificates
            .as_ref()
            .unwrap()
            .0
            .iter()
            .find_map(|c| match c {
                cms::cert::CertificateChoices::Certificate(c)
                    if c.tbs_certificate().serial_number() == &sid.serial_number =>
                {
                    Some(c)
                }
                _ => None,
            })
            .unwrap();
        let spki = cert
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .unwrap();
        let key = rsa::PublicKey::from_public_key_der(&spki).unwrap();
        key.verify(
            rsa::Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(attrs.to_der().unwrap()),
            si.signature.as_bytes(),
        )
        .expect("the RSA signature verifies with the signer's certificate");
        let leaf = cert.to_der().unwrap();
        out.push((
            vanban::sign::cms::common_name(&leaf).unwrap(),
            n[2] + n[3] == pdf.len(),
        ));
    }
    out
}

/// Pixels of one page at `dpi` (RGB), by pdftoppm.
fn page_pixels(pdf: &Path, page: usize, dpi: u32, dir: &TempDir) -> Option<(u32, u32, Vec<u8>)> {
    if !tool("pdftoppm") {
        eprintln!("pdftoppm (poppler-utils) absent: skipping the look at the signed page");
        return None;
    }
    let prefix = dir.path(&format!("page{page}"));
    let p = page.to_string();
    let o = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            &p,
            "-l",
            &p,
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(o.status.success());
    let file = std::fs::File::open(prefix.with_extension("png")).unwrap();
    let mut dec = png::Decoder::new(std::io::BufReader::new(file));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    let ch = info.color_type.samples();
    let rgb: Vec<u8> = buf[..info.buffer_size()]
        .chunks(ch)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    Some((info.width, info.height, rgb))
}

/// The bounding box (in points from the top left) of the pixels `is` picks.
fn ink_box(
    w: u32,
    h: u32,
    rgb: &[u8],
    dpi: u32,
    is: impl Fn(u8, u8, u8) -> bool,
) -> Option<[f64; 4]> {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..h {
        for x in 0..w {
            let i = ((y * w + x) * 3) as usize;
            if is(rgb[i], rgb[i + 1], rgb[i + 2]) {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    let pt = |v: u32| v as f64 * 72.0 / dpi as f64;
    (x0 != u32::MAX).then(|| [pt(x0), pt(y0), pt(x1 + 1), pt(y1 + 1)])
}

#[test]
fn the_issued_report_signed_by_the_leader_then_the_organisation() {
    let dir = TempDir::new("ky");
    let Some((leader, org, ca)) = test_keys(&dir) else {
        return;
    };
    let (_, issued) = issued_report(&dir);
    let pdf = issued.join("01-BC-UBND.pdf");
    let unsigned = std::fs::read(&pdf).unwrap();
    // `vanban ky` with the sample image of the role.
    let ky = |role: &str, p12: &Path, time: &str| {
        let image = if role == "co-quan" {
            "inputs/ky-so/dau-mau.png"
        } else {
            "inputs/ky-so/chu-ky-mau.png"
        };
        vanban(&[
            "ky",
            pdf.to_str().unwrap(),
            "--vai",
            role,
            "--p12",
            p12.to_str().unwrap(),
            "--mat-khau",
            "1234",
            "--anh",
            image,
            "--thoi-gian",
            time,
        ])
    };
    let sign = |role: &str, p12: &Path, time: &str| {
        let o = ky(role, p12, time);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    // Out of the decree's order: refused, the file untouched.
    let refused = |role: &str, p12: &Path, why: &str| {
        let before = std::fs::read(&pdf).unwrap();
        let o = ky(role, p12, "2019-03-06T10:30:00+07:00");
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains(why), "{}", stderr(&o));
        assert_eq!(std::fs::read(&pdf).unwrap(), before, "{role}: file changed");
    };
    refused("co-quan", &org, "chưa có chữ ký của người có thẩm quyền");
    sign("lanh-dao", &leader, "2019-03-06T10:15:00+07:00");
    refused("lanh-dao", &leader, "đã có chữ ký của người có thẩm quyền");
    let o = vanban(&[
        "edxml",
        pdf.to_str().unwrap(),
        "-o",
        dir.path("mot-chu-ky.edxml").to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains("chưa có chữ ký số của cơ quan, tổ chức"),
        "{}",
        stderr(&o)
    );
    let once = std::fs::read(&pdf).unwrap();
    sign("co-quan", &org, "2019-03-06T10:20:00+07:00");
    // Packaged for sending, it says it is signed.
    let o = vanban(&["edxml", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("chưa có chữ ký số"), "{}", stderr(&o));
    let package = std::fs::read_to_string(issued.join("01-BC-UBND.edxml")).unwrap();
    assert!(package.contains("<edXML:Description>Văn bản điện tử đã ký số</edXML:Description>"));
    refused("co-quan", &org, "đã có chữ ký số của cơ quan");
    refused("lanh-dao", &leader, "thứ tự ký");
    let signed = std::fs::read(&pdf).unwrap();

    // Incremental: each revision is the start of the next, byte for byte.
    assert!(once.starts_with(&unsigned) && signed.starts_with(&once));
    assert_eq!(
        verify(&signed),
        vec![
            ("Nguyễn Văn Tùng".to_string(), false),
            ("Ủy ban nhân dân thành phố Hải Phòng".to_string(), true)
        ]
    );
    // PDF/A-2b is still claimed (the metadata of the first revision stands).
    let text = String::from_utf8_lossy(&signed);
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>")
            && text.contains("<pdfaid:conformance>B</pdfaid:conformance>")
    );
    assert!(
        text.contains("/SubFilter/ETSI.CAdES.detached")
            && text.contains("/M(D:20190306101500+07'00')")
    );

    if tool("pdfsig") {
        let o = Command::new("pdfsig").arg(&pdf).output().unwrap();
        let out = stdout(&o);
        assert_eq!(
            out.matches("Signature Validation: Signature is Valid.")
                .count(),
            2,
            "{out}"
        );
        let last = out.split("Signature #2:").nth(1).unwrap();
        assert!(last.contains("Total document signed"), "{out}");
        assert!(
            out.contains("Signer Certificate Common Name: Nguyễn Văn Tùng"),
            "{out}"
        );
    } else {
        eprintln!("pdfsig (poppler-utils) absent: skipping its check of the signatures");
    }
    if tool("qpdf") {
        let o = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(
            o.status.success() && stdout(&o).contains("No syntax or stream encoding errors"),
            "{}",
            stdout(&o)
        );
    } else {
        eprintln!("qpdf absent: skipping its structural check of the signed PDF");
    }
    // pyHanko's validator: intact, valid, trusted, no unsafe change between them.
    let pyhanko = Command::new("python3")
        .args(["-c", "import pyhanko, pyhanko_certvalidator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if pyhanko {
        let o = Command::new("python3")
            .arg("tests/tools/validate-signatures.py")
            .arg(&pdf)
            .arg(&ca)
            .output()
            .unwrap();
        let out = stdout(&o);
        assert!(o.status.success(), "{out}{}", stderr(&o));
        assert_eq!(out.matches("-> OK").count(), 2, "{out}");
    } else {
        eprintln!(
            "pyHanko absent (pip install pyhanko): skipping its validation of the signatures"
        );
    }

    // Where the decree puts them: the blue signature inside the signing space the
    // layout measured, the red seal at its true size over its left third.
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(issued.join("01-BC-UBND.json")).unwrap()).unwrap();
    let space = &record["signing_space"];
    let f = |k: &str| space[k].as_f64().unwrap();
    let dpi = 72;
    let Some((w, h, rgb)) = page_pixels(&pdf, space["page"].as_u64().unwrap() as usize, dpi, &dir)
    else {
        return;
    };
    let blue =
        ink_box(w, h, &rgb, dpi, |r, g, b| b > 150 && r < 110 && g < 110).expect("blue signature");
    let red = ink_box(w, h, &rgb, dpi, |r, g, b| r > 150 && g < 110 && b < 110).expect("red seal");
    let (left, right) = (f("left_pt"), f("left_pt") + f("width_pt"));
    assert!(
        blue[0] >= left - 1.0 && blue[2] <= right + 1.0,
        "blue {blue:?} outside the column {left}–{right}"
    );
    assert!(
        blue[1] >= f("top_pt") - 1.0 && blue[3] <= f("bottom_pt") + 1.0,
        "blue {blue:?} outside the space {space}"
    );
    let centre = (blue[0] + blue[2]) / 2.0;
    assert!(
        (centre - (left + right) / 2.0).abs() < 3.0,
        "signature not centred: {blue:?}"
    );
    let seal = 36.0 / 25.4 * 72.0;
    assert!(
        ((red[2] - red[0]) - seal).abs() < 3.0 && ((red[3] - red[1]) - seal).abs() < 3.0,
        "seal {red:?} not 36 mm"
    );
    // "About a third" of the signature image (the image has its own margins).
    let covered = (red[2] - blue[0]) / (blue[2] - blue[0]);
    assert!(
        (0.2..0.45).contains(&covered),
        "the seal covers {covered:.2} of the signature from its left"
    );
    assert!(red[0] < blue[0], "the seal stands out on the left");
}

#[test]
fn an_attachment_is_signed_with_number_and_time_at_the_top_right() {
    let dir = TempDir::new("ky-kem-theo");
    let Some((_, org, _)) = test_keys(&dir) else {
        return;
    };
    let pdf = dir.path("phu-luc.pdf");
    let drafts = drafts(&dir, &[]);
    std::fs::copy(drafts.join("to-trinh-cchc-q1-2019.pdf"), &pdf).unwrap();
    // Without the main document's number it cannot be signed.
    let base = [
        "ky",
        pdf.to_str().unwrap(),
        "--vai",
        "kem-theo",
        "--p12",
        org.to_str().unwrap(),
        "--mat-khau",
        "1234",
    ];
    let o = vanban(&base);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--so-ky-hieu"), "{}", stderr(&o));
    let mut args = base.to_vec();
    args.extend([
        "--so-ky-hieu",
        "01/BC-UBND",
        "--thoi-gian",
        "2019-03-06T10:25:00+07:00",
    ]);
    let o = vanban(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let signed = std::fs::read(&pdf).unwrap();
    assert_eq!(
        verify(&signed),
        vec![("Ủy ban nhân dân thành phố Hải Phòng".to_string(), true)]
    );
    // Black text in the top margin's right half, nothing else changed on the page.
    let Some((w, h, rgb)) = page_pixels(&pdf, 1, 72, &dir) else {
        return;
    };
    let before = page_pixels(&drafts.join("to-trinh-cchc-q1-2019.pdf"), 1, 72, &dir)
        .unwrap()
        .2;
    let changed = (0..rgb.len() / 3).filter(|i| rgb[i * 3..i * 3 + 3] != before[i * 3..i * 3 + 3]);
    let (mut x0, mut y0, mut y1) = (u32::MAX, u32::MAX, 0);
    for i in changed {
        let (x, y) = ((i as u32) % w, (i as u32) / w);
        (x0, y0, y1) = (x0.min(x), y0.min(y), y1.max(y));
    }
    assert!(x0 > w / 2, "the stamp is on the right half (from x = {x0})");
    assert!(
        y0 > 0 && (y1 as f64) < 20.0 / 25.4 * 72.0,
        "the stamp stays in the top margin ({y0}–{y1} pt)"
    );
    let _ = h;
}

/// The package with each attachment's base64 replaced by its decoded size (the golden
/// file holds the envelope; the files' bytes are compared on their own).
fn without_payloads(xml: &str) -> String {
    use base64::Engine;
    let re = regex::Regex::new(
        r"(<edXML:ContentTransferEncoded>)([^<]*)(</edXML:ContentTransferEncoded>)",
    )
    .unwrap();
    re.replace_all(xml, |c: &regex::Captures| {
        let n = base64::engine::general_purpose::STANDARD
            .decode(&c[2])
            .unwrap()
            .len();
        format!("{}[base64: {n} bytes]{}", &c[1], &c[3])
    })
    .into_owned()
}

#[test]
fn the_edxml_package_round_trips_and_matches_its_golden_file() {
    let dir = TempDir::new("edxml");
    let (drafts, issued) = issued_report(&dir);
    let pdf = issued.join("01-BC-UBND.pdf");
    let summary = drafts.join("kiem-tra/tong-hop-q1-2019.xlsx");
    let o = vanban(&[
        "edxml",
        pdf.to_str().unwrap(),
        "--kem-theo",
        summary.to_str().unwrap(),
    ]);
    // Not signed yet (the signing test packages a signed one): refused unless asked.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("chưa được ký số"), "{}", stderr(&o));
    assert!(!issued.join("01-BC-UBND.edxml").exists());
    let o = vanban(&[
        "edxml",
        pdf.to_str().unwrap(),
        "--kem-theo",
        summary.to_str().unwrap(),
        "--thoi-gian",
        "2019-03-06T10:30:00+07:00",
        "--han-xu-ly",
        "20/03/2019",
        "--chua-ky",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("2 nơi nhận, 2 tệp"), "{}", stdout(&o));
    // Nơi nhận without an organ id are named, to be sent another way.
    assert!(
        stderr(&o).contains("“CVP, PCVP UBNDTP” chưa có mã định danh"),
        "{}",
        stderr(&o)
    );
    let bytes = std::fs::read(issued.join("01-BC-UBND.edxml")).unwrap();

    // Round trip: read back, written again, the same bytes.
    let e = vanban::edxml::read(&bytes).unwrap();
    assert_eq!(vanban::edxml::write(&e), bytes);
    assert_eq!(e.attachments[0].data, std::fs::read(&pdf).unwrap());
    assert_eq!(e.attachments[1].data, std::fs::read(&summary).unwrap());
    assert_eq!(
        (e.code_number.as_str(), e.code_notation.as_str()),
        ("01", "BC-UBND")
    );
    assert_eq!(
        e.to.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
        ["000.00.00.G09", "000.00.31.H26"]
    );
    assert!(e.problems().is_empty());

    // The envelope as reviewed (tests/fixtures/edxml/01-BC-UBND.edxml).
    let golden_path = root().join("tests/fixtures/edxml/01-BC-UBND.edxml");
    let got = without_payloads(std::str::from_utf8(&bytes).unwrap());
    if std::env::var_os("VANBAN_BLESS").is_some() {
        std::fs::write(&golden_path, &got).unwrap();
    }
    let golden = std::fs::read_to_string(&golden_path).unwrap();
    assert_eq!(
        got, golden,
        "the envelope changed: review it, then VANBAN_BLESS=1 to update"
    );
}

#[test]
fn recipients_statuses_are_recorded_in_the_register() {
    let dir = TempDir::new("trang-thai");
    let drafts = drafts(&dir, &["--format", "docx"]);
    let register = dir.path("so.csv");
    let o = ban_hanh(
        &drafts.join("bao-cao-cchc-q1-2019.docx"),
        &register,
        &dir.path("issued"),
        &["--format", "docx"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixtures = root().join("tests/fixtures/edxml");
    for file in [
        "trang-thai-01-bo-noi-vu.xml",
        "trang-thai-03-bo-noi-vu.xml",
        "trang-thai-03-so-noi-vu.xml",
    ] {
        let o = vanban(&[
            "trang-thai",
            fixtures.join(file).to_str().unwrap(),
            "--so-di",
            register.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
    }
    let text = std::fs::read_to_string(&register).unwrap();
    let row = text.lines().nth(1).unwrap();
    // The later status of a recipient replaces its earlier one.
    assert!(
        row.contains("Bộ Nội vụ: 03 Đã tiếp nhận (06/03/2019 14:05) | Sở Nội vụ: 03 Đã tiếp nhận (06/03/2019 15:20)"),
        "{row}"
    );
    assert!(!row.contains("01 Đã đến"), "{row}");
    // A status about a document the register does not hold is said, not recorded.
    let o = vanban(&[
        "trang-thai",
        fixtures
            .join("trang-thai-khong-co-trong-so.xml")
            .to_str()
            .unwrap(),
        "--so-di",
        register.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("văn bản 99/BC-UBND không có trong sổ văn bản đi"),
        "{}",
        stderr(&o)
    );
}

/// The length of the DER value at the start of `bytes`, its tag and length included.
fn der_len(bytes: &[u8]) -> usize {
    let first = bytes[1] as usize;
    if first < 0x80 {
        return 2 + first;
    }
    let n = first & 0x7f;
    let len = bytes[2..2 + n]
        .iter()
        .fold(0usize, |acc, &b| acc << 8 | b as usize);
    2 + n + len
}
