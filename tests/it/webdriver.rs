//! The few W3C WebDriver commands the browser test needs, sent to Debian's chromedriver
//! over plain HTTP on 127.0.0.1 (https://www.w3.org/TR/webdriver2/). A client crate would
//! bring either a TLS stack or crates that turn on features in crates the release build
//! shares, and `cargo test --release` would then compile Typst a second time.

use base64::Engine as _;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// chromedriver on an ephemeral port of 127.0.0.1 with one headless Chromium session;
/// both stopped when dropped.
pub struct Browser {
    driver: Child,
    session: String,
    agent: ureq::Agent,
}

/// An element of the page.
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Browser {
    /// Starts chromedriver and a session of `chromium` in a fresh profile under
    /// `profile`, with a window of `width` × `height`.
    pub fn start(
        chromedriver: &Path,
        chromium: &Path,
        profile: &Path,
        width: u32,
        height: u32,
    ) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        }}});
        let mut browser = Browser {
            driver,
            session: String::new(),
            agent,
        };
        let v = browser.send("POST", &format!("{base}/session"), Some(caps));
        browser.session = format!(
            "{base}/session/{}",
            v["sessionId"].as_str().expect("a WebDriver session")
        );
        browser
    }

    /// One command; its `value`, or a panic with WebDriver's error.
    fn send(&self, method: &str, url: &str, body: Option<Value>) -> Value {
        let resp = match (method, body) {
            ("GET", _) => self.agent.get(url).call(),
            ("DELETE", _) => self.agent.delete(url).call(),
            (_, body) => self
                .agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or(json!({})).to_string()),
        };
        let mut resp = resp.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(status < 400, "{method} {url}: {status} {text}");
        v["value"].clone()
    }

    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.send(method, &format!("{}{path}", self.session), body)
    }

    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// The first element matching a CSS selector, now.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no element matches {css}"))
    }

    fn try_find(&self, css: &str) -> Option<Element<'_>> {
        let resp = self
            .agent
            .post(format!("{}/element", self.session))
            .header("Content-Type", "application/json")
            .send(json!({"using": "css selector", "value": css}).to_string())
            .ok()?;
        if resp.status().as_u16() >= 400 {
            return None;
        }
        let v: Value = serde_json::from_str(&resp.into_body().read_to_string().ok()?).ok()?;
        Some(Element {
            browser: self,
            id: v["value"][ELEMENT].as_str()?.to_string(),
        })
    }

    /// The first element matching a CSS selector, waiting up to `timeout` for it.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Element<'_> {
        let started = Instant::now();
        loop {
            if let Some(e) = self.try_find(css) {
                return e;
            }
            assert!(
                started.elapsed() < timeout,
                "no element matched {css} within {timeout:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs a script in the page.
    pub fn execute(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// The window as a PNG.
    pub fn screenshot(&self) -> Vec<u8> {
        let v = self.command("GET", "/screenshot", None);
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64 PNG"))
            .unwrap()
    }

    pub fn set_window_size(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }
}

impl Element<'_> {
    fn path(&self, what: &str) -> String {
        format!("/element/{}/{what}", self.id)
    }

    /// The rendered text of the element (WebDriver's "Get Element Text").
    pub fn text(&self) -> String {
        self.browser
            .command("GET", &self.path("text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn attr(&self, name: &str) -> Option<String> {
        self.browser
            .command("GET", &self.path(&format!("attribute/{name}")), None)
            .as_str()
            .map(str::to_string)
    }

    pub fn click(&self) {
        self.browser
            .command("POST", &self.path("click"), Some(json!({})));
    }

    /// Types into the element; for a file input, the path of the file to upload.
    pub fn send_keys(&self, text: &str) {
        self.browser
            .command("POST", &self.path("value"), Some(json!({ "text": text })));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.agent.delete(&self.session).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
