//! The vectors runner bites: against the emulator broken on purpose
//! (contract/brokenemulator) exactly the cases that the break touches fail.

mod common;

use std::collections::BTreeSet;

use common::{emulator::Emulator, vectors};
use serde_json::Value;

/// The names of the cases that fail against the broken emulator.
async fn failing_against(brk: &str) -> BTreeSet<String> {
    let file = vectors::load();
    let mut args: Vec<&str> = vec!["-break", brk];
    args.extend(file.emulator_args.iter().map(String::as_str));
    let broken = Emulator::start_broken(&args);
    let outcomes = vectors::run(&file, &broken.base_url, vectors::tokens(&file)).await;
    vectors::report(&outcomes);
    outcomes
        .into_iter()
        .filter(|o| o.failure.is_some())
        .map(|o| o.name)
        .collect()
}

/// The names of the cases with a step whose expected body satisfies `touched`.
fn cases_expecting(touched: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    vectors::load()
        .cases
        .iter()
        .filter(|case| {
            case.steps()
                .any(|step| step.expect.body.as_ref().is_some_and(&touched))
        })
        .map(|case| case.name.clone())
        .collect()
}

/// Whether `@odata.type` is a member of any object in `value`.
fn holds_odata_type(value: &Value) -> bool {
    match value {
        Value::Object(object) => {
            object.contains_key("@odata.type") || object.values().any(holds_odata_type)
        }
        Value::Array(items) => items.iter().any(holds_odata_type),
        _ => false,
    }
}

#[tokio::test]
async fn bare_type_names_fail_the_cases_that_expect_a_type() {
    let want = cases_expecting(holds_odata_type);
    assert!(!want.is_empty());
    assert_eq!(failing_against("bare-type").await, want);
}

#[tokio::test]
async fn a_dropped_target_fails_the_cases_that_expect_one_assignment() {
    let want = cases_expecting(|body| body.get("target").is_some());
    assert!(!want.is_empty());
    assert_eq!(failing_against("drop-target").await, want);
}
