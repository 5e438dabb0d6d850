//! Compares an answer with a step's expectation under its may-differ rules.

use serde_json::Value;

use super::{
    file::{Expect, Rule},
    send::{Answer, Body},
};

/// Checks the status, the headers named, then the body: for each rule the
/// answer's value at its pointer must be as the rule says, and is then
/// removed from both bodies, which must then be equal.
pub fn check(expect: &Expect, answer: &Answer, base: &str, spec_root: &str) -> Result<(), String> {
    if answer.status != expect.status {
        return Err(format!(
            "status {}, want {}; body: {}",
            answer.status,
            expect.status,
            shown(&answer.body)
        ));
    }
    for name in &expect.headers {
        if !answer.headers.contains_key(name.as_str()) {
            return Err(format!(
                "the {} answer lacks its documented {name} header",
                answer.status
            ));
        }
    }
    let want = expect.body.clone().unwrap_or(Value::Null);
    match (expect.media_type.as_deref(), &answer.body) {
        (None, _) => Ok(()),
        (Some("text/plain"), Body::Count(count)) if want == *count => Ok(()),
        (Some("application/json"), Body::Json(got)) => {
            let (mut got, mut want) = (got.clone(), want);
            let mut problems = Vec::new();
            for rule in &expect.may_differ {
                if rule.rule == "anyOrder" {
                    // The rules after it point into the sorted arrays.
                    if let Err(err) = sort_items(&mut got, rule) {
                        problems.push(format!("{}: {err}", rule.pointer));
                    }
                    if let Err(err) = sort_items(&mut want, rule) {
                        return Err(format!("the expected body at {}: {err}", rule.pointer));
                    }
                    continue;
                }
                if let Err(err) = rule_check(
                    rule,
                    got.pointer(&rule.pointer),
                    want.pointer(&rule.pointer),
                    answer,
                    base,
                    spec_root,
                ) {
                    problems.push(format!("{}: {err}", rule.pointer));
                }
                remove(&mut got, &rule.pointer);
                remove(&mut want, &rule.pointer);
            }
            if got != want {
                problems.push(format!(
                    "body differs from the expected one:\n  expected {want}\n  answer   {got}"
                ));
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(problems.join("; "))
            }
        }
        (Some(media_type), body) => Err(format!(
            "want a {media_type} body {want}, got {}",
            shown(body)
        )),
    }
}

/// Sorts the array at an anyOrder rule's pointer by its items' member named
/// by the rule's value, in place.
fn sort_items(value: &mut Value, rule: &Rule) -> Result<(), String> {
    let member = rule
        .value
        .as_ref()
        .and_then(Value::as_str)
        .ok_or("the rule names no member")?;
    let Some(Value::Array(items)) = value.pointer_mut(&rule.pointer) else {
        return Err("not an array".to_string());
    };
    if let Some(item) = items.iter().find(|item| !item[member].is_string()) {
        return Err(format!("an item without a string {member:?}: {item}"));
    }
    items.sort_by(|x, y| x[member].as_str().cmp(&y[member].as_str()));
    Ok(())
}

/// Applies one rule to the answer's value (`got`); `want` is the expected
/// body's value at the same pointer.
fn rule_check(
    rule: &Rule,
    got: Option<&Value>,
    want: Option<&Value>,
    answer: &Answer,
    base: &str,
    spec_root: &str,
) -> Result<(), String> {
    let absent_ok = matches!(rule.rule.as_str(), "any" | "default" | "metadataUrl");
    let Some(got) = got else {
        return if absent_ok {
            Ok(())
        } else {
            Err("missing".into())
        };
    };
    let text = got.as_str().unwrap_or_default();
    let ok = match rule.rule.as_str() {
        "any" => true,
        "guid" => uuid::Uuid::try_parse(text).is_ok(),
        "rootUrl" => want
            .and_then(Value::as_str)
            .is_some_and(|want| text == want.replacen(spec_root, base, 1)),
        "metadataUrl" => text.starts_with(&format!("{base}/$metadata#")),
        "requestId" => {
            let header = answer
                .headers
                .get("request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            !text.is_empty() && text == header
        }
        "dateTime" => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        "nonEmpty" => !text.is_empty(),
        "default" => Some(got) == rule.value.as_ref(),
        other => return Err(format!("unknown rule {other:?}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{got} breaks the rule {:?}", rule.rule))
    }
}

/// Deletes the object member at an RFC 6901 pointer, where it exists.
fn remove(value: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(object)) = value.pointer_mut(parent) {
        object.remove(&key);
    }
}

fn shown(body: &Body) -> String {
    match body {
        Body::None => "none".into(),
        Body::Json(value) => value.to_string(),
        Body::Count(count) => count.to_string(),
    }
}
