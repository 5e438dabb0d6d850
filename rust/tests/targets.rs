//! Each target type, sent in both spellings of its `@odata.type`, reads back
//! as its own generated variant of `types::AssignmentTarget`, with the
//! canonical `#microsoft.graph.X` the emulator answers.

mod common;

use common::{
    CONFIG_ID, create,
    emulator::Emulator,
    get,
    targets::{KINDS, PREFIXES, kind_of, target},
};
use intune_assignments::{pages::Pages, types};

#[tokio::test]
async fn every_target_type_in_both_spellings_reads_back_as_its_variant() {
    let emulator = Emulator::start(&[]);
    let client = emulator.client();
    let mut created = Vec::new();
    for kind in KINDS {
        for prefix in PREFIXES {
            let answer = create(&client, target(kind, prefix)).await;
            let canonical = format!("#microsoft.graph.{kind}");
            let read = answer
                .target
                .as_ref()
                .expect("a created assignment has a target");
            assert_eq!(
                kind_of(read),
                (kind, canonical.clone()),
                "create {prefix}{kind}"
            );

            let id = answer.id.clone().expect("a created assignment has an id");
            let got = get(&client, &id).await;
            assert_eq!(
                kind_of(got.target.as_ref().expect("a target")),
                (kind, canonical.clone()),
                "get"
            );
            created.push((id.to_string(), kind));
        }
    }

    let listed = Pages::new(
        &client,
        client
            .list_assignments()
            .device_enrollment_configuration_id(CONFIG_ID),
    )
    .collect_all()
    .await
    .expect("the list");
    let listed: Vec<(String, &str)> = listed
        .iter()
        .map(|a| {
            (
                a.id.as_ref().expect("an id").to_string(),
                kind_of(a.target.as_ref().expect("a target")).0,
            )
        })
        .collect();
    assert_eq!(listed, created, "the list, in the order of creation");
}

#[test]
fn each_spelling_decodes_into_its_own_variant_only() {
    for kind in KINDS {
        for prefix in PREFIXES {
            let json = serde_json::to_value(target(kind, prefix)).expect("encodes");
            assert_eq!(
                json["@odata.type"],
                format!("{prefix}microsoft.graph.{kind}")
            );
            let back: types::AssignmentTarget = serde_json::from_value(json).expect("decodes");
            assert_eq!(
                kind_of(&back),
                (kind, format!("{prefix}microsoft.graph.{kind}"))
            );
        }
    }
}

#[test]
fn a_target_of_no_known_type_does_not_decode() {
    for odata_type in [
        "#microsoft.graph.somethingElse",
        "microsoft.graph.GroupAssignmentTarget",
        "groupAssignmentTarget",
    ] {
        let json =
            serde_json::json!({"@odata.type": odata_type, "groupId": common::targets::GROUP_ID});
        let decoded = serde_json::from_value::<types::AssignmentTarget>(json);
        assert!(decoded.is_err(), "{odata_type} decoded as {decoded:?}");
    }
}

#[test]
fn a_property_of_another_variant_does_not_decode() {
    // A group id on an all-devices target: the variants reject properties they
    // do not define, so no variant takes it.
    let json = serde_json::json!({
        "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget",
        "groupId": common::targets::GROUP_ID,
    });
    assert!(serde_json::from_value::<types::AssignmentTarget>(json).is_err());
}
