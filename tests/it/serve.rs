//! `vanban serve`: the server started on an ephemeral port of 127.0.0.1 and driven as a
//! script would (the JSON API) and as a clerk would (the page, in a real headless
//! Chromium).

use crate::common::{TempDir, root, vanban};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `vanban serve` on the test folder's configuration and `addr`, and the address it
/// prints (the URL, with the token when it asks for one).
fn spawn(config: &Path, addr: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "--config",
            config.to_str().unwrap(),
            "serve",
            "--addr",
            addr,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    (child, url)
}

/// `vanban serve` on the test folder's configuration, on an ephemeral port.
fn start(config: &Path) -> Server {
    let (child, url) = spawn(config, "127.0.0.1:0");
    let base = url.trim_end_matches('/').to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{url}");
    Server { child, base }
}

/// A folder with the shipped configuration (submissions and output inside it).
fn folder(name: &str) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new(name);
    std::fs::create_dir_all(dir.path("bao-cao/q1-2019")).unwrap();
    let config = crate::common::config_in(&dir, true);
    (dir, config)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// (status, body) of a request.
fn call(req: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, Vec<u8>) {
    let mut resp = req.unwrap();
    let status = resp.status().as_u16();
    let body = resp
        .body_mut()
        .with_config()
        .limit(100 << 20)
        .read_to_vec()
        .unwrap();
    (status, body)
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(body)))
}

/// POST a file as the multipart field `file`.
fn upload(base: &str, name: &str, bytes: &[u8]) -> (u16, serde_json::Value) {
    let boundary = "vanbanBOUNDARY7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let (status, body) = call(
        agent()
            .post(format!("{base}/api/periods/q1-2019/submissions"))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .send(&body[..]),
    );
    (status, json(&body))
}

fn samples() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("inputs/bao-cao/q1-2019"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.ends_with(".xlsx") && !n.starts_with("~$")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_api_checks_uploads_runs_the_period_and_serves_its_outputs() {
    let (dir, config) = folder("serve-api");
    let server = start(&config);
    let base = &server.base;
    for f in samples() {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let (status, checked) = upload(base, &name, &std::fs::read(&f).unwrap());
        if name == "SGTVT-q1-2019.xlsx" {
            // A PDF named .xlsx: refused at once with the reason, and not kept.
            assert_eq!(status, 422, "{checked}");
            assert_eq!(checked["error"]["code"], "file.unreadable");
            continue;
        }
        assert_eq!(status, 200, "{name}: {checked}");
        // The answer is the file's entry of `check --format json`, under the saved name.
        let saved = checked["file"].as_str().unwrap();
        assert!(
            saved.starts_with(dir.path("bao-cao/q1-2019").to_str().unwrap()),
            "{saved}"
        );
        assert!(Path::new(saved).exists());
    }
    // A Word report in place of the form: kept apart (khac-mau/), its agency "gửi sai
    // định dạng", not "chưa nộp".
    let docx =
        root().join("tests/fixtures/producers/wrong-form/BC CCHC quy I-2019 - So Du lich.docx");
    let (status, checked) = upload(
        base,
        "BC CCHC quy I - So Du lich.docx",
        &std::fs::read(&docx).unwrap(),
    );
    assert_eq!(status, 200, "{checked}");
    assert_eq!(checked["document"], "word");
    assert_eq!(checked["agency"], "SDL");
    assert!(
        checked["file"]
            .as_str()
            .unwrap()
            .starts_with(dir.path("bao-cao/q1-2019/khac-mau").to_str().unwrap()),
        "{checked}"
    );
    // The status equals what `check` says of the same folder.
    let (status, body) = call(
        agent()
            .get(format!("{base}/api/periods/q1-2019/status"))
            .call(),
    );
    assert_eq!(status, 200);
    let state = json(&body);
    let out = vanban(&[
        "check",
        dir.path("bao-cao/q1-2019").to_str().unwrap(),
        "--period",
        "q1-2019",
        "--as-of",
        "06/03/2019",
        "--format",
        "json",
        "--no-feedback",
    ]);
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(state["files"], checked["files"]);
    let agencies = state["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), 35);
    let qnq = agencies.iter().find(|a| a["code"] == "QNQ").unwrap();
    assert_eq!(qnq["submitted"], "muộn");
    let stc = agencies.iter().find(|a| a["code"] == "STC").unwrap();
    assert_eq!(stc["status"], "errors");
    let sdl = agencies.iter().find(|a| a["code"] == "SDL").unwrap();
    assert_eq!(sdl["submitted"], "gửi sai định dạng");
    // Run the period: the manifest of `run`; the report served is the file it wrote.
    let (status, body) = call(
        agent()
            .post(format!("{base}/api/periods/q1-2019/run"))
            .send_empty(),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let manifest = json(&body);
    assert!(manifest["documents"].as_u64().unwrap() >= 20);
    for f in ["bao-cao-cchc-q1-2019.pdf", "to-trinh-cchc-q1-2019.docx"] {
        let (status, served) = call(
            agent()
                .get(format!("{base}/api/periods/q1-2019/files/{f}"))
                .call(),
        );
        assert_eq!(status, 200);
        assert_eq!(
            served,
            std::fs::read(dir.path(&format!("out/q1-2019/{f}"))).unwrap()
        );
    }
    let (status, zip) = call(
        agent()
            .get(format!("{base}/api/periods/q1-2019/zip"))
            .call(),
    );
    assert_eq!(status, 200);
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert!(
        archive
            .file_names()
            .any(|n| n == "bao-cao-cchc-q1-2019.docx")
    );
    assert!(archive.file_names().any(|n| n == "manifest.json"));
}

#[test]
fn hostile_requests_are_refused_and_the_server_stays_up() {
    let (dir, config) = folder("serve-hostile");
    // Small limits: a 3 MB sheet is "too large" once unzipped.
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("max_unzipped_mb = 200", "max_unzipped_mb = 1");
    std::fs::write(&config, text).unwrap();
    let server = start(&config);
    let base = &server.base;
    // DNS rebinding: the same address under another name is refused before any
    // handler (reading the period, or running it without an Origin); its own names
    // are served.
    let addr = base.trim_start_matches("http://").to_string();
    let raw = |method: &str, path: &str, host: &str| -> String {
        use std::io::Write;
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out.lines().next().unwrap_or("").to_string()
    };
    let port = addr.rsplit(':').next().unwrap();
    for (method, path) in [
        ("GET", "/api/periods/q1-2019/status"),
        ("POST", "/api/periods/q1-2019/run"),
        ("GET", "/"),
    ] {
        for host in ["evil.example".to_string(), format!("evil.example:{port}")] {
            let line = raw(method, path, &host);
            assert!(line.contains(" 421 "), "{method} {path} as {host}: {line}");
        }
    }
    for host in [format!("localhost:{port}"), addr.clone()] {
        let line = raw("GET", "/api/periods/q1-2019/status", &host);
        assert!(line.contains(" 200 "), "{host}: {line}");
    }
    let sample = std::fs::read(root().join("inputs/bao-cao/q1-2019/SNV-q1-2019.xlsx")).unwrap();
    // A name that climbs out of the folder is saved inside it, under the server's name.
    let (status, checked) = upload(base, "../../x.xlsx", &sample);
    assert_eq!(status, 200, "{checked}");
    let saved = Path::new(checked["file"].as_str().unwrap());
    assert_eq!(saved.parent().unwrap(), dir.path("bao-cao/q1-2019"));
    assert!(!dir.path("x.xlsx").exists() && !dir.0.parent().unwrap().join("x.xlsx").exists());
    // The same file again is kept beside the first.
    let (_, again) = upload(base, "../../x.xlsx", &sample);
    assert_ne!(again["file"], checked["file"]);
    // A zip bomb (a tiny file that expands past the limit) is refused before expansion.
    let bomb = {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
        z.write_all(&vec![b' '; 3 << 20]).unwrap();
        z.finish().unwrap().into_inner()
    };
    let (status, e) = upload(base, "bomb.xlsx", &bomb);
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (413, Some("file.too_large"))
    );
    // Not a workbook; not a spreadsheet at all.
    let (status, e) = upload(base, "notes.xlsx", b"just text");
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (422, Some("file.unreadable"))
    );
    let (status, e) = upload(base, "virus.exe", b"MZ");
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (400, Some("file.type"))
    );
    // Nothing of that was kept.
    let kept = std::fs::read_dir(dir.path("bao-cao/q1-2019"))
        .unwrap()
        .count();
    assert_eq!(kept, 2);
    // Paths out of the output folder.
    for p in [
        "..%2F..%2Fvanban.toml",
        "%2Fetc%2Fpasswd",
        "a/../../vanban.toml",
    ] {
        let (status, body) = call(
            agent()
                .get(format!("{base}/api/periods/q1-2019/files/{p}"))
                .call(),
        );
        assert!(matches!(status, 400 | 404), "{p}: {status}");
        assert!(!String::from_utf8_lossy(&body).contains("[documents]"));
    }
    // A post from another site's page.
    let (status, _) = call(
        agent()
            .post(format!("{base}/api/periods/q1-2019/run"))
            .header("Origin", "http://evil.example")
            .send_empty(),
    );
    assert_eq!(status, 403);
    // Two uploads at once: both kept, under two names.
    let t: Vec<_> = (0..2)
        .map(|_| {
            let (b, s) = (base.clone(), sample.clone());
            std::thread::spawn(move || upload(&b, "SNV-q1-2019.xlsx", &s))
        })
        .collect();
    let names: Vec<String> = t
        .into_iter()
        .map(|h| h.join().unwrap().1["file"].as_str().unwrap().to_string())
        .collect();
    assert_ne!(names[0], names[1]);
    // Still up.
    let (status, _) = call(
        agent()
            .get(format!("{base}/api/periods/q1-2019/status"))
            .call(),
    );
    assert_eq!(status, 200);
}

/// Debian's Chromium and its chromedriver, when installed.
fn chromium() -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let browser = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.exists())?;
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())?;
    Some((browser, driver))
}

/// The bytes a URL of the page leads to.
fn fetch(href: &str, base: &str) -> Vec<u8> {
    let url = if href.starts_with("http") {
        href.to_string()
    } else {
        format!("{base}{href}")
    };
    let mut resp = ureq::get(&url).call().unwrap();
    let mut bytes = Vec::new();
    resp.body_mut().as_reader().read_to_end(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_clerk_does_the_period_in_the_browser() {
    let Some((browser_path, driver_path)) = chromium() else {
        eprintln!(
            "SKIPPED a_clerk_does_the_period_in_the_browser: no Chromium with chromedriver (install Debian's `chromium` and `chromium-driver`; .ci/run does)"
        );
        return;
    };
    use std::time::Duration;
    let (dir, config) = folder("serve-browser");
    let server = start(&config);
    let shots = root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = TempDir::new("chromium-profile");
    let browser = crate::webdriver::Browser::start(
        &driver_path,
        &browser_path,
        &profile.path("p"),
        1366,
        768,
    );
    let shot = |name: &str| {
        std::fs::write(shots.join(format!("{name}.png")), browser.screenshot()).unwrap();
    };
    let wait = |css: &str| browser.wait_for(css, Duration::from_secs(30));
    browser.goto(&format!("{}/", server.base));
    wait("#agencies tr");
    shot("1-trang");
    // Upload a workbook through the file input: its agency's row and findings appear.
    let stc = root().join("inputs/bao-cao/q1-2019/STC-q1-2019.xlsx");
    browser.find("#picker").send_keys(stc.to_str().unwrap());
    wait("#files details");
    let text = wait("#agencies tr[data-code=STC]").text();
    assert!(
        text.contains("Sở Tài chính") && text.contains("có lỗi"),
        "{text}"
    );
    let files = browser.find("#files").text();
    assert!(files.contains("STC"), "{files}");
    browser.find("#files summary").click();
    let findings = browser.find("#files").text();
    assert!(findings.contains("status.interpreted"), "{findings}");
    // Its feedback copy, to send back to the agency.
    let copy = browser
        .find("#files a[href*='kiem-tra']")
        .attr("href")
        .unwrap_or_default();
    let xlsx = fetch(&copy, &server.base);
    assert!(xlsx.starts_with(b"PK"), "an xlsx");
    shot("2-da-tai-len");
    // The Sở settles STC's two errors on the page; the run then sends it no letter.
    wait("#review tr[data-id]");
    browser.execute(
        r#"for (const tr of document.querySelectorAll('#review tr[data-id]')) {
            if (!tr.dataset.id.startsWith('STC:')) continue;
            const id = tr.dataset.id;
            if (id.includes(':date.missing:')) {
                tr.querySelector('.decision').value = 'replace';
                tr.querySelector('.value').value = '20/02/2019';
                tr.querySelector('.reason').value = 'Đã trao đổi với Sở Tài chính';
            } else if (id.includes(':figure.inconsistent:')) {
                tr.querySelector('.decision').value = 'accept';
                tr.querySelector('.reason').value = 'Sở Tài chính xác nhận';
            }
        }"#,
    );
    browser.find("#save-review").click();
    let saved = (0..50)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(100));
            browser.find("#review-msg").text()
        })
        .find(|t| t.contains("Đã lưu"))
        .unwrap_or_default();
    assert!(saved.contains("Đã lưu 2 quyết định"), "{saved}");
    assert!(dir.path("bao-cao/q1-2019/hieu-chinh.xlsx").exists());
    let text = wait("#agencies tr[data-code=STC]").text();
    assert!(text.contains("đã thống nhất"), "{text}");
    shot("2b-hieu-chinh");
    // Run the period, then follow the link to the report.
    browser.find("#run").click();
    let link = browser.wait_for(
        "#outputs a[href$='bao-cao-cchc-q1-2019.pdf']",
        Duration::from_secs(60),
    );
    shot("3-da-tong-hop");
    assert!(
        !dir.path("out/q1-2019/cong-van-don-doc/chinh-sua-STC-q1-2019.docx")
            .exists(),
        "every finding of STC settled: no correction letter"
    );
    let pdf = fetch(&link.attr("href").unwrap_or_default(), &server.base);
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(
        pdf,
        std::fs::read(dir.path("out/q1-2019/bao-cao-cchc-q1-2019.pdf")).unwrap()
    );
    // A narrow window still shows the table.
    browser.set_window_size(420, 800);
    shot("4-man-hinh-hep");
}

/// `vanban serve` on all interfaces: the address it prints carries the token.
fn start_open(config: &Path) -> (Server, String) {
    let (mut child, url) = spawn(config, "0.0.0.0:0");
    let (addr, token) = url.split_once("/?token=").unwrap();
    let port = addr.rsplit(':').next().unwrap();
    let mut warning = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut warning)
        .unwrap();
    assert!(warning.contains("CHÚ Ý"), "a loud warning: {warning}");
    (
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        },
        token.to_string(),
    )
}

#[test]
fn beyond_this_machine_the_token_is_required_and_runs_go_one_at_a_time() {
    let (_dir, config) = folder("serve-token");
    let (server, token) = start_open(&config);
    let base = &server.base;
    let status = format!("{base}/api/periods/q1-2019/status");
    let (code, body) = call(agent().get(&status).call());
    assert_eq!(
        (code, json(&body)["error"]["code"].as_str()),
        (401, Some("token.missing"))
    );
    // The token once in the address: a cookie from then on.
    let mut resp = agent()
        .get(format!("{status}?token={token}"))
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let _ = resp.body_mut().read_to_vec();
    let (code, _) = call(agent().get(&status).header("Cookie", &cookie).call());
    assert_eq!(code, 200);
    // Two runs asked at once: one runs, the other is told a run is in progress (or
    // runs after it); never a failure.
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (b, c) = (base.clone(), cookie.clone());
            std::thread::spawn(move || {
                call(
                    agent()
                        .post(format!("{b}/api/periods/q1-2019/run"))
                        .header("Cookie", &c)
                        .send_empty(),
                )
            })
        })
        .collect();
    let mut codes: Vec<u16> = runs.into_iter().map(|h| h.join().unwrap().0).collect();
    codes.sort();
    assert!(codes == [200, 200] || codes == [200, 409], "{codes:?}");
}

/// POST a JSON body.
fn post_json(base: &str, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    let (status, body) = call(
        agent()
            .post(format!("{base}{path}"))
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes()),
    );
    (status, json(&body))
}

#[test]
fn the_s_review_is_recorded_from_the_page_and_a_stale_save_is_refused() {
    let (dir, config) = folder("serve-review");
    for f in ["STC-q1-2019.xlsx", "SNV-q1-2019.xlsx"] {
        std::fs::copy(
            root().join("inputs/bao-cao/q1-2019").join(f),
            dir.path("bao-cao/q1-2019").join(f),
        )
        .unwrap();
    }
    let server = start(&config);
    let base = &server.base;
    let get = |path: &str| {
        let (status, body) = call(agent().get(format!("{base}{path}")).call());
        assert_eq!(status, 200);
        json(&body)
    };
    let review = get("/api/periods/q1-2019/review");
    assert_eq!(review["version"], "", "no review file yet");
    let findings = review["findings"].as_array().unwrap();
    let id_of = |code: &str| {
        findings
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| f["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    let (figures, date) = (id_of("figure.inconsistent"), id_of("date.missing"));
    // Two decisions: the file is written, in the period's folder, with a version.
    let (status, saved) = post_json(
        base,
        "/api/periods/q1-2019/review",
        &serde_json::json!({"version": "", "decisions": [
            {"id": figures, "decision": "accept", "reason": "Sở Tài chính xác nhận"},
            {"id": date, "decision": "replace", "value": "20/02/2019", "reason": "Đã trao đổi"}
        ]}),
    );
    assert_eq!(status, 200, "{saved}");
    let version = saved["version"].as_str().unwrap().to_string();
    assert!(!version.is_empty());
    let file = dir.path("bao-cao/q1-2019/hieu-chinh.xlsx");
    let (kept, _) = vanban::read::review::read_review(&file).unwrap();
    assert_eq!(kept.entries.len(), 2);
    // A second tab that opened before the save: refused, nothing merged.
    let (status, e) = post_json(
        base,
        "/api/periods/q1-2019/review",
        &serde_json::json!({"version": "", "decisions": [{"id": figures, "decision": "exclude"}]}),
    );
    assert_eq!(status, 409, "{e}");
    assert_eq!(e["error"]["code"], "review.stale");
    let (kept, _) = vanban::read::review::read_review(&file).unwrap();
    assert_eq!(kept.entries.len(), 2);
    // The page's data: the decisions back, the agency settled apart from errors.
    let review = get("/api/periods/q1-2019/review");
    assert_eq!(review["version"], version.as_str());
    let f = review["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == figures.as_str())
        .unwrap();
    assert_eq!(f["decision"], "accept");
    let status = get("/api/periods/q1-2019/status");
    let stc = status["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "STC")
        .unwrap();
    assert_eq!(stc["settled"], 2, "{stc}");
    // A decision taken back.
    let (status, _) = post_json(
        base,
        "/api/periods/q1-2019/review",
        &serde_json::json!({"version": version, "decisions": [{"id": date, "decision": ""}]}),
    );
    assert_eq!(status, 200);
    let (kept, _) = vanban::read::review::read_review(&file).unwrap();
    assert_eq!(kept.entries.len(), 1);
}
