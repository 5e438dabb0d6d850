//! The format of gen/vectors.gen.json.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VectorFile {
    /// The root the expected URLs are written on.
    pub spec_root: String,
    /// The flags to give the emulator after `-addr`.
    pub emulator_args: Vec<String>,
    /// The scopes of each kind of token.
    pub tokens: BTreeMap<String, Vec<String>>,
    pub cases: Vec<Case>,
}

#[derive(Deserialize)]
pub struct Case {
    pub name: String,
    #[serde(default)]
    pub setup: Vec<Step>,
    #[serde(flatten)]
    pub step: Step,
    #[serde(default)]
    pub then: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub path_params: BTreeMap<String, String>,
    #[serde(default)]
    pub query: Map<String, Value>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A kind of `tokens`, or "none".
    pub token: String,
    /// false: the request breaks the spec on purpose, and is sent raw.
    pub valid: bool,
    pub content_type: Option<String>,
    pub body: Option<Value>,
    pub expect: Expect,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Expect {
    pub status: u16,
    /// application/json, text/plain, or none: the status alone is checked.
    pub media_type: Option<String>,
    pub body: Option<Value>,
    #[serde(default)]
    pub headers: Vec<String>,
    #[serde(default)]
    pub may_differ: Vec<Rule>,
}

#[derive(Deserialize)]
pub struct Rule {
    pub pointer: String,
    pub rule: String,
    pub value: Option<Value>,
}

impl Case {
    /// Every step of the case, in order.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.setup.iter().chain([&self.step]).chain(&self.then)
    }
}
