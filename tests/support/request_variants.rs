//! A request made wrong in every way, for the tests that hold the request interpreter
//! (`codec::interpret`) to the typed path (`tests/interpret.rs`) and JavaScript values to
//! JSON values (`tests/wasm.rs`).

use serde_json::{json, Value};

/// Values of every JSON type and of the edges of JavaScript's numbers.
pub fn wrong_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1.0),
        json!(2147483648_i64),
        json!(9007199254740993_i64),
        json!(18446744073709551615_u64),
        json!(""),
        json!("text"),
        json!("10"),
        json!([]),
        json!([1, "a"]),
        json!({}),
        json!({"Id": 1}),
    ]
}

/// The wrong values themselves, then `request` with each field (of it and of the objects
/// and lists within) left out or given each wrong value, and with an unknown key.
pub fn all(request: &Value) -> Vec<Value> {
    let mut out = wrong_values();
    variants(request, &mut out);
    out
}

fn variants(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let mut without = map.clone();
                without.remove(key);
                out.push(Value::Object(without));
                for wrong in wrong_values() {
                    let mut changed = map.clone();
                    changed.insert(key.clone(), wrong);
                    out.push(Value::Object(changed));
                }
                let mut inner_variants = Vec::new();
                variants(inner, &mut inner_variants);
                for changed_inner in inner_variants {
                    let mut changed = map.clone();
                    changed.insert(key.clone(), changed_inner);
                    out.push(Value::Object(changed));
                }
            }
            let mut unknown = map.clone();
            unknown.insert("Unknown".into(), json!({"a": [1, 2.5, null]}));
            out.push(Value::Object(unknown));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                for wrong in wrong_values() {
                    let mut changed = items.clone();
                    changed[index] = wrong;
                    out.push(Value::Array(changed));
                }
                let mut inner_variants = Vec::new();
                variants(item, &mut inner_variants);
                for changed_inner in inner_variants {
                    let mut changed = items.clone();
                    changed[index] = changed_inner;
                    out.push(Value::Array(changed));
                }
            }
        }
        _ => {}
    }
}
