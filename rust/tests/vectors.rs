//! The shared contract vectors (gen/vectors.gen.json) against the emulator,
//! through the generated client. A runner of its own (harness = false): it
//! prints each failure, then `N passed, N failed`, and exits non-zero on any
//! failure.

mod common;

use std::process::ExitCode;

use common::{emulator::Emulator, vectors};

fn main() -> ExitCode {
    // Test lists (`cargo test -- --list`, IDEs, nextest) name the run
    // instead of running it.
    if std::env::args().any(|arg| arg == "--list") {
        println!("contract_vectors: test");
        return ExitCode::SUCCESS;
    }
    let file = vectors::load();
    let args: Vec<&str> = file.emulator_args.iter().map(String::as_str).collect();
    let emulator = Emulator::start(&args);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let outcomes = runtime.block_on(vectors::run(
        &file,
        &emulator.base_url,
        vectors::tokens(&file),
    ));
    if vectors::report(&outcomes) == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
