//! A PATCH through the generated `update_assignment()`, and the one thing its
//! typed body cannot say: `"sourceId": null`, which clears the source id.
//! progenitor (typify) writes an optional nullable property as an `Option`
//! that is left out when `None`, so `null` and "absent" are one value; the
//! client clears the property with a PATCH of its own (see
//! docs/other-languages.md, Rust).

mod common;

use common::{CONFIG_ID, create, emulator::Emulator, get, targets::target};
use intune_assignments::{ClientInfo, types};
use serde_json::json;

#[tokio::test]
async fn a_typed_update_changes_what_it_names() {
    let emulator = Emulator::start(&[]);
    let client = emulator.client();
    let created = create(&client, target("allDevicesAssignmentTarget", "#")).await;
    let id = created.id.expect("an id");

    let update = types::EnrollmentConfigurationAssignmentUpdate::builder()
        .target(target("groupAssignmentTarget", ""))
        .source(types::DeviceAndAppManagementAssignmentSource::PolicySets)
        .source_id("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d".to_string());
    let updated = client
        .update_assignment()
        .device_enrollment_configuration_id(CONFIG_ID)
        .enrollment_configuration_assignment_id(id.as_str())
        .body(update)
        .send()
        .await
        .expect("the update");
    assert!(matches!(
        updated.target,
        Some(types::AssignmentTarget::GroupAssignmentTarget(_))
    ));
    assert_eq!(
        updated.source,
        Some(types::DeviceAndAppManagementAssignmentSource::PolicySets)
    );
    assert_eq!(
        updated.source_id.as_deref(),
        Some("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
    );
}

#[test]
fn the_typed_update_cannot_send_null() {
    let update = types::EnrollmentConfigurationAssignmentUpdate {
        source_id: None,
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&update).expect("encodes"),
        json!({}),
        "None is left out, not sent as null"
    );
}

#[tokio::test]
async fn a_raw_patch_clears_the_source_id() {
    let emulator = Emulator::start(&[]);
    let client = emulator.client();
    let id = create(&client, target("allDevicesAssignmentTarget", "#"))
        .await
        .id
        .expect("an id");
    let url = format!(
        "{}/deviceManagement/deviceEnrollmentConfigurations/{CONFIG_ID}/assignments/{}",
        client.baseurl(),
        *id
    );
    // The client's own reqwest client carries the token.
    for (body, want) in [
        (
            json!({"sourceId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"}),
            Some("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
        ),
        (json!({"sourceId": null}), None),
    ] {
        let answer = client
            .client()
            .patch(&url)
            .json(&body)
            .send()
            .await
            .expect("the PATCH");
        assert_eq!(answer.status(), 200, "PATCH {body}");
        assert_eq!(
            get(&client, &id).await.source_id.as_deref(),
            want,
            "after PATCH {body}"
        );
    }
}
