//! The shared contract vectors (gen/vectors.gen.json) run through the
//! generated client: each valid step calls the generated method of its
//! operation with the case's parameters and body decoded into the generated
//! types; each answer is decoded into the generated types, encoded again and
//! compared with the expected body under the case's may-differ rules.

pub mod check;
pub mod file;
pub mod send;

use std::{collections::BTreeMap, path::PathBuf};

use file::{Case, Step, VectorFile};
use send::Sender;

/// gen/vectors.gen.json, parsed.
pub fn load() -> VectorFile {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../gen/vectors.gen.json");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// One case's outcome: its name, and why it failed.
pub struct Outcome {
    pub name: String,
    pub failure: Option<String>,
}

/// Runs every case, in order (they share the server's state), against the
/// version root `base` with the tokens of `tokens`' kinds.
pub async fn run(file: &VectorFile, base: &str, tokens: BTreeMap<String, String>) -> Vec<Outcome> {
    let sender = Sender {
        base: base.to_string(),
        spec_root: file.spec_root.clone(),
        tokens,
    };
    let mut outcomes = Vec::new();
    for case in &file.cases {
        let failure = run_case(&sender, case).await.err();
        outcomes.push(Outcome {
            name: case.name.clone(),
            failure,
        });
    }
    outcomes
}

/// Runs the set-up steps, the case's step, then its checks, stopping at the
/// first step whose answer is not the expected one.
async fn run_case(sender: &Sender, case: &Case) -> Result<(), String> {
    let steps = case
        .setup
        .iter()
        .map(|s| ("set-up", s))
        .chain([("step", &case.step)])
        .chain(case.then.iter().map(|s| ("check", s)));
    for (i, (role, step)) in steps.enumerate() {
        run_step(sender, step)
            .await
            .map_err(|err| format!("{role} {} ({}): {err}", i + 1, step.operation_id))?;
    }
    Ok(())
}

async fn run_step(sender: &Sender, step: &Step) -> Result<(), String> {
    let answer = sender.send(step).await?;
    check::check(&step.expect, &answer, &sender.base, &sender.spec_root)
}

/// Prints each failure and the closing line `N passed, N failed`.
pub fn report(outcomes: &[Outcome]) -> usize {
    let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
    for outcome in outcomes {
        if let Some(failure) = &outcome.failure {
            println!("FAIL {}: {failure}", outcome.name);
        }
    }
    println!("{} passed, {} failed", outcomes.len() - failed, failed);
    failed
}

/// A token of each kind of the file, minted by `intune-emulator token`.
pub fn tokens(file: &VectorFile) -> BTreeMap<String, String> {
    file.tokens
        .iter()
        .map(|(kind, scopes)| (kind.clone(), super::emulator::token(&scopes.join(" "))))
        .collect()
}
