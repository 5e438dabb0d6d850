//! Applies an OpenAPI Overlay 1.0 document to the generator's copy of the
//! spec: each action's `target` (JSONPath) selects nodes, `update` is merged
//! into them (objects key by key, arrays appended) or `remove: true` deletes
//! them. An action whose target selects nothing is an error, so that a hint
//! cannot silently stop applying when the spec changes.

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

#[derive(Deserialize)]
pub struct Overlay {
    actions: Vec<Action>,
}

#[derive(Deserialize)]
struct Action {
    target: String,
    #[serde(default)]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
}

impl Overlay {
    pub fn apply(&self, doc: &mut Value) -> Result<(), String> {
        for action in &self.actions {
            let path = JsonPath::parse(&action.target)
                .map_err(|err| format!("{}: {err}", action.target))?;
            let pointers: Vec<String> = path
                .query_located(doc)
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                return Err(format!("overlay target {} selects nothing", action.target));
            }
            // Deepest first, so that removing one node leaves the pointers
            // to the others valid.
            for pointer in pointers.iter().rev() {
                if action.remove {
                    remove(doc, pointer);
                } else if let (Some(node), Some(update)) =
                    (doc.pointer_mut(pointer), &action.update)
                {
                    merge(node, update);
                }
            }
        }
        Ok(())
    }
}

fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => {
            for (key, value) in update {
                match node.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        node.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(node), Value::Array(update)) => node.extend(update.iter().cloned()),
        (node, update) => *node = update.clone(),
    }
}

fn remove(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}
