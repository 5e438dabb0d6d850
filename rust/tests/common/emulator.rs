use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{OnceLock, mpsc},
    thread,
    time::Duration,
};

use intune_assignments::{Client, connect};

/// A running emulator, stopped when dropped.
pub struct Emulator {
    child: Child,
    /// The Graph version root, `http://127.0.0.1:PORT/beta`.
    pub base_url: String,
}

impl Emulator {
    /// Starts the emulator with `args` added to `serve -addr 127.0.0.1:0`.
    pub fn start(args: &[&str]) -> Self {
        let mut all = vec!["serve", "-addr", "127.0.0.1:0", "-log-format", "json"];
        all.extend(args);
        Self::spawn(emulator_binary(), &all)
    }

    /// Starts the emulator broken on purpose (contract/brokenemulator) with
    /// `args` added to `-addr 127.0.0.1:0`.
    pub fn start_broken(args: &[&str]) -> Self {
        let mut all = vec!["-addr", "127.0.0.1:0"];
        all.extend(args);
        Self::spawn(broken_emulator_binary(), &all)
    }

    fn spawn(program: PathBuf, args: &[&str]) -> Self {
        let mut child = Command::new(&program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("starting {}: {err}", program.display()));
        let stderr = child.stderr.take().expect("stderr is piped");
        let (serving, addr) = mpsc::channel();
        // Reads the log to its end, so that the server never blocks on a
        // full pipe; the "serving" line says which port it picked.
        thread::spawn(move || {
            let mut serving = Some(serving);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let (Some(tx), Some(addr)) = (&serving, serving_addr(&line)) {
                    let _ = tx.send(addr);
                    serving = None;
                }
            }
        });
        match addr.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => Self {
                child,
                base_url: format!("http://{addr}/beta"),
            },
            Err(_) => {
                let _ = child.kill();
                panic!("{} did not say where it serves", program.display())
            }
        }
    }

    /// A client whose token grants `DeviceManagementServiceConfig.ReadWrite.All`.
    pub fn client(&self) -> Client {
        self.client_with_scopes("DeviceManagementServiceConfig.ReadWrite.All")
    }

    /// A client whose token grants `scopes` (space-separated) only.
    pub fn client_with_scopes(&self, scopes: &str) -> Client {
        connect(&self.base_url, &token(scopes)).expect("a client")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A development token from `intune-emulator token`.
pub fn token(scopes: &str) -> String {
    let out = Command::new(emulator_binary())
        .args(["token", "-scopes", scopes])
        .output()
        .unwrap_or_else(|err| panic!("{} token: {err}", emulator_binary().display()));
    assert!(
        out.status.success(),
        "intune-emulator token: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("a UTF-8 token")
        .trim()
        .to_string()
}

/// The address in a "serving" log line, JSON (`"msg":"serving","addr":...`)
/// or text (`msg=serving addr=...`).
fn serving_addr(line: &str) -> Option<String> {
    if let Ok(record) = serde_json::from_str::<serde_json::Value>(line) {
        return (record["msg"] == "serving")
            .then(|| record["addr"].as_str().map(str::to_string))
            .flatten();
    }
    let mut fields = line.split_whitespace();
    if !fields.any(|f| f == "msg=serving") {
        return None;
    }
    fields
        .find_map(|f| f.strip_prefix("addr="))
        .map(str::to_string)
}

/// A server binary: `$var`, else built from the Go package `package` of the
/// repository with `go build`, once per test binary, into the target
/// directory's scratch space (`make test-rust` sets the variables to what
/// `make emulators` built).
fn binary(var: &str, name: &str, package: &str, built: &'static OnceLock<PathBuf>) -> PathBuf {
    if let Some(path) = std::env::var_os(var) {
        return PathBuf::from(path);
    }
    built
        .get_or_init(|| {
            let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
            let status = Command::new("go")
                .args(["build", "-o"])
                .arg(&out)
                .arg(package)
                .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
                .status()
                .unwrap_or_else(|err| panic!("go build {package} (or set {var}): {err}"));
            assert!(status.success(), "go build {package}: {status}");
            out
        })
        .clone()
}

/// The emulator binary, which mints the tokens too.
pub fn emulator_binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    binary(
        "INTUNE_EMULATOR_BIN",
        "intune-emulator",
        "./cmd/intune-emulator",
        &BUILT,
    )
}

/// The emulator broken on purpose.
fn broken_emulator_binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    binary(
        "INTUNE_BROKEN_EMULATOR_BIN",
        "brokenemulator",
        "./contract/brokenemulator",
        &BUILT,
    )
}
