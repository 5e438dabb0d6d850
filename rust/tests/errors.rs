//! A Graph error answer surfaces as `Error::ErrorResponse` holding the
//! generated `types::OdataError`, with the status, `code` and `message`.

mod common;

use common::{CONFIG_ID, READ_SCOPE, emulator::Emulator, targets::target};
use intune_assignments::{Error, GraphError, types};

/// The status, code and message of a Graph error; panics on any other error.
fn graph_error<T: std::fmt::Debug>(result: Result<T, GraphError>) -> (u16, String, String) {
    match result {
        Err(Error::ErrorResponse(answer)) => (
            answer.status().as_u16(),
            answer.error.code.clone(),
            answer.error.message.clone(),
        ),
        other => panic!("want a Graph error, got {other:?}"),
    }
}

#[tokio::test]
async fn not_found_is_a_typed_graph_error() {
    let emulator = Emulator::start(&[]);
    let client = emulator.client();
    let (status, code, message) = graph_error(
        client
            .get_assignment()
            .device_enrollment_configuration_id("e0b1c2d3-0000-4000-8000-000000000000_Unknown")
            .enrollment_configuration_assignment_id("705b021c-021c-705b-1c02-5b701c025b70")
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (404, "ResourceNotFound"));
    assert!(
        message.contains("e0b1c2d3-0000-4000-8000-000000000000_Unknown"),
        "{message}"
    );

    let (status, code, _) = graph_error(
        client
            .delete_assignment()
            .device_enrollment_configuration_id(CONFIG_ID)
            .enrollment_configuration_assignment_id("no-such-assignment")
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (404, "ResourceNotFound"));
}

#[tokio::test]
async fn bad_request_is_a_typed_graph_error() {
    let emulator = Emulator::start(&[]);
    let client = emulator.client();
    let (status, code, message) = graph_error(
        client
            .list_assignments()
            .device_enrollment_configuration_id(CONFIG_ID)
            .filter("id eq")
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (400, "BadRequest"));
    assert!(!message.is_empty());
}

#[tokio::test]
async fn forbidden_is_a_typed_graph_error() {
    let emulator = Emulator::start(&[]);
    let reader = emulator.client_with_scopes(READ_SCOPE);
    let (status, code, message) = graph_error(
        reader
            .create_assignment()
            .device_enrollment_configuration_id(CONFIG_ID)
            .body(
                types::NewEnrollmentConfigurationAssignment::builder()
                    .target(target("allDevicesAssignmentTarget", "#")),
            )
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (403, "Forbidden"));
    assert!(
        message.contains("DeviceManagementServiceConfig.ReadWrite.All"),
        "{message}"
    );

    // The same token reads.
    let page = reader
        .list_assignments()
        .device_enrollment_configuration_id(CONFIG_ID)
        .send()
        .await;
    assert!(page.is_ok(), "{page:?}");
}

#[tokio::test]
async fn a_refused_token_is_a_typed_graph_error() {
    let emulator = Emulator::start(&[]);
    let client = intune_assignments::connect(&emulator.base_url, "not-a-token").expect("a client");
    let (status, code, _) = graph_error(
        client
            .list_assignments()
            .device_enrollment_configuration_id(CONFIG_ID)
            .send()
            .await,
    );
    assert_eq!((status, code.as_str()), (401, "InvalidAuthenticationToken"));
}
