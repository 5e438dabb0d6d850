//! The anyOrder rule of the shared contract vectors lets a batch's answers
//! come in any order, and lets nothing else through.

mod common;

use common::vectors::{
    check::check,
    file::Expect,
    send::{Answer, Body},
};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

const CREATED: &str =
    r#"{"id":"1","status":201,"body":{"id":"705b021c-021c-705b-1c02-5b701c025b70"}}"#;

fn passes(answer: &str) -> bool {
    let expect: Expect = serde_json::from_value(json!({
        "status": 200,
        "mediaType": "application/json",
        "body": {"responses": [{"id": "1", "status": 201, "body": {"id": "x"}}, {"id": "2", "status": 204}]},
        "mayDiffer": [
            {"pointer": "/responses", "rule": "anyOrder", "value": "id"},
            {"pointer": "/responses/0/body/id", "rule": "guid"}
        ]
    }))
    .expect("an expectation");
    let body: Value = serde_json::from_str(answer).expect("JSON");
    let answer = Answer {
        status: 200,
        headers: HeaderMap::new(),
        body: Body::Json(body),
    };
    check(
        &expect,
        &answer,
        "http://127.0.0.1/beta",
        "https://graph.microsoft.com/beta",
    )
    .is_ok()
}

#[test]
fn any_order_lets_the_answers_come_in_any_order() {
    assert!(passes(&format!(
        r#"{{"responses":[{CREATED},{{"id":"2","status":204}}]}}"#
    )));
    assert!(passes(&format!(
        r#"{{"responses":[{{"id":"2","status":204}},{CREATED}]}}"#
    )));
}

#[test]
fn any_order_refuses_what_else_differs() {
    for answer in [
        r#"{"responses":[{"id":"2","status":204}]}"#.to_string(),
        format!(r#"{{"responses":[{{"id":"2","status":200}},{CREATED}]}}"#),
        r#"{"responses":[{"id":"2","status":204},{"id":"1","status":201,"body":{"id":"x"}}]}"#
            .to_string(),
        format!(r#"{{"responses":[{{"id":2,"status":204}},{CREATED}]}}"#),
        r#"{"responses":{}}"#.to_string(),
    ] {
        assert!(!passes(&answer), "{answer} passed");
    }
}
