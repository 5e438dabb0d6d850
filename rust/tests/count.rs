//! `$count` reads as an integer (`CountExt::send_count`), and agrees with the
//! list's `@odata.count`.

mod common;

use common::{CONFIG_ID, create, emulator::Emulator, targets::target};
use intune_assignments::{Client, count::CountExt};

const GROUPS: &str = "isof(target, 'microsoft.graph.groupAssignmentTarget')";

async fn count(client: &Client, filter: Option<&str>) -> u64 {
    let mut request = client
        .count_assignments()
        .device_enrollment_configuration_id(CONFIG_ID);
    if let Some(filter) = filter {
        request = request.filter(filter);
    }
    request.send_count().await.expect("the count").into_inner()
}

#[tokio::test]
async fn count_is_an_integer() {
    let emulator = Emulator::start(&[]);
    let client = emulator.client();
    assert_eq!(count(&client, None).await, 0);

    for kind in [
        "allDevicesAssignmentTarget",
        "groupAssignmentTarget",
        "exclusionGroupAssignmentTarget",
    ] {
        create(&client, target(kind, "")).await;
    }
    assert_eq!(count(&client, None).await, 3);
    // An excluded group is a group, so isof keeps it.
    assert_eq!(count(&client, Some(GROUPS)).await, 2);

    let page = client
        .list_assignments()
        .device_enrollment_configuration_id(CONFIG_ID)
        .filter(GROUPS)
        .count(true)
        .top(1)
        .send()
        .await
        .expect("the list");
    assert_eq!(page.odata_count, Some(2), "@odata.count counts every page");
    assert_eq!(page.value.len(), 1);
}

#[tokio::test]
async fn count_of_an_unknown_configuration_is_a_graph_error() {
    let emulator = Emulator::start(&[]);
    let client = emulator.client();
    let result = client
        .count_assignments()
        .device_enrollment_configuration_id("unknown")
        .send_count()
        .await;
    match result {
        Err(intune_assignments::Error::ErrorResponse(answer)) => {
            assert_eq!(answer.error.code, "ResourceNotFound")
        }
        other => panic!("want a Graph error, got {other:?}"),
    }
}
