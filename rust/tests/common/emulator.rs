use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::mpsc,
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
        let mut child = Command::new(binary())
            .args(["serve", "-addr", "127.0.0.1:0", "-log-format", "json"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("starting {}: {err}", binary().display()));
        let stderr = child.stderr.take().expect("stderr is piped");
        let (serving, addr) = mpsc::channel();
        // Reads the log to its end, so that the emulator never blocks on a
        // full pipe; the "serving" line says which port it picked.
        thread::spawn(move || {
            let mut serving = Some(serving);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let record: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
                if let (Some(tx), Some("serving"), Some(addr)) =
                    (&serving, record["msg"].as_str(), record["addr"].as_str())
                {
                    let _ = tx.send(addr.to_string());
                    serving = None;
                }
            }
        });
        match addr.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => Self { child, base_url: format!("http://{addr}/beta") },
            Err(_) => {
                let _ = child.kill();
                panic!("{} did not say where it serves", binary().display())
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
    let out = Command::new(binary())
        .args(["token", "-scopes", scopes])
        .output()
        .unwrap_or_else(|err| panic!("{} token: {err}", binary().display()));
    assert!(out.status.success(), "intune-emulator token: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("a UTF-8 token").trim().to_string()
}

/// The emulator binary: `$INTUNE_EMULATOR_BIN`, else the repository's
/// `bin/intune-emulator`.
pub fn binary() -> PathBuf {
    let path = std::env::var_os("INTUNE_EMULATOR_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bin/intune-emulator"));
    assert!(
        path.is_file(),
        "no emulator at {}: run `make test-rust`, or build it with \
         `go build -o bin/intune-emulator ./cmd/intune-emulator` (or set INTUNE_EMULATOR_BIN)",
        path.display()
    );
    path
}
